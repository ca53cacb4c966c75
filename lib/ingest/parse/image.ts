import { imageSize } from 'image-size';
import { AppError } from '@/lib/errors';
import type { ParsedDocument } from '../types';
import { parseFailed } from './blocks';
import { meanConfidence, OCR_MAX_PIXELS, runOcr, type OcrOptions } from './ocr';
import { layoutPdf } from './pdf-layout';

/**
 * A photo or scan of a page (PNG, JPEG, TIFF, WebP): its dimensions are read from the header
 * and checked against the pixel cap before anything is decoded, then Tesseract reads it and
 * the lines go through the PDF layout as page 1.
 */
export async function parseImage(bytes: Uint8Array, opts: OcrOptions = {}): Promise<ParsedDocument> {
  let width: number;
  let height: number;
  try {
    ({ width, height } = imageSize(bytes));
  } catch (e) {
    throw parseFailed(`This image is damaged or not a valid image (${e instanceof Error ? e.message : String(e)}); export it again and upload it.`);
  }
  if (width * height > OCR_MAX_PIXELS) {
    throw new AppError(
      'image_too_large',
      `This image is ${width}×${height} pixels; images up to ${OCR_MAX_PIXELS / 1_000_000} megapixels are read — scale it down (300 dpi is enough) and upload it again.`,
      422,
    );
  }
  const [page] = await runOcr({ kind: 'image', data: bytes, height }, opts);
  if (!page || page.items.length === 0) {
    throw new AppError(
      'no_text',
      'OCR found no text in this image; check that it shows a page of text, upright and in focus, and upload it again.',
      422,
    );
  }
  const doc = layoutPdf([{ page: 1, items: page.items }], null);
  return { ...doc, pageCount: 1, ocr: { pages: [1], meanConfidence: meanConfidence([page]) } };
}

import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** Known text for OCR fixtures and the accuracy benchmark: plain sentences in a book face. */
export const KNOWN_TEXT = [
  'The lease begins on the first day of March and runs for twelve months.',
  'Rent of 1,450 euros is payable on the fifth working day of each month.',
  'Either party may end the agreement with three months of written notice.',
  'The tenant keeps the garden tidy and reports any damage without delay.',
];

/** A white page (A4 at 150 dpi) with the lines drawn in black, as image bytes: a "scan". */
export function pageImage(lines: string[], format: 'png' | 'jpeg' | 'webp' | 'tiff' = 'png'): Buffer {
  const canvas = createCanvas(1240, 1754);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#000000';
  g.font = '30px serif';
  lines.forEach((line, i) => g.fillText(line, 100, 200 + i * 60));
  if (format === 'tiff') return greyTiff(canvas.width, canvas.height, g.getImageData(0, 0, canvas.width, canvas.height).data);
  if (format === 'jpeg') return canvas.toBuffer('image/jpeg', 90);
  if (format === 'webp') return canvas.toBuffer('image/webp', 90);
  return canvas.toBuffer('image/png');
}

/** A PDF whose pages are either real text (a text layer) or an embedded image of text (a scan). */
export async function mixedPdf(pages: Array<{ text: string[] } | { scan: string[] }>): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const spec of pages) {
    const page = pdf.addPage([595, 842]);
    if ('text' in spec) {
      spec.text.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
    } else {
      const image = await pdf.embedPng(pageImage(spec.scan));
      page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    }
  }
  return pdf.save();
}

/** Character accuracy: 1 − Levenshtein distance / reference length, on whitespace-normalised text. */
export function characterAccuracy(reference: string, recognised: string): number {
  const a = reference.replace(/\s+/g, ' ').trim();
  const b = recognised.replace(/\s+/g, ' ').trim();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return 1 - prev[b.length] / a.length;
}

/** A baseline uncompressed 8-bit greyscale TIFF (canvas cannot encode TIFF; scanners often do). */
function greyTiff(width: number, height: number, rgba: Uint8ClampedArray): Buffer {
  const tags: Array<[tag: number, type: number, value: number]> = [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0], // strip offset, filled in below
    [277, 3, 1],
    [278, 4, height],
    [279, 4, width * height],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const out = Buffer.alloc(8 + ifdSize + width * height);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    const v = tag === 273 ? 8 + ifdSize : value;
    if (type === 3) out.writeUInt16LE(v, at + 8);
    else out.writeUInt32LE(v, at + 8);
  });
  for (let i = 0; i < width * height; i++) out[8 + ifdSize + i] = rgba[i * 4];
  return out;
}

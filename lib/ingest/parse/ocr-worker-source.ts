import { WORKER_PRELUDE } from './worker-prelude';

/**
 * Source of the OCR worker, run with `new Worker(source, { eval: true })` for the same reason as
 * the PDF worker (pdf-worker-source.ts): a module path would not survive Next.js bundling.
 * Tesseract (WASM) runs in a thread tesseract.js starts from this one, so terminating this
 * worker on a time-out stops it too. PDF pages are rasterised with pdf.js onto @napi-rs/canvas.
 *
 * workerData: { paths: { tesseract, canvas, unpdf }, langs, langPath,
 *               job: { kind: 'image', data } | { kind: 'pdf', data, pages: number[], dpi, maxPixels } }
 * Messages to the parent:
 *   { type: 'page', page, width, height, scale, confidence, lines: [text, conf, x0, y0, x1, y1][] }
 *   { type: 'done' } | { type: 'error', message }
 */
export const OCR_WORKER_SOURCE = String.raw`${WORKER_PRELUDE}
function linesOf(result) {
  const lines = [];
  for (const block of result.data.blocks || []) {
    for (const para of block.paragraphs || []) {
      for (const line of para.lines || []) {
        const text = (line.text || '').replace(/\s+/g, ' ').trim();
        if (!text) continue;
        const b = line.bbox;
        lines.push([text, line.confidence, b.x0, b.y0, b.x1, b.y1]);
      }
    }
  }
  return lines;
}

async function recognise(worker, image) {
  return worker.recognize(image, {}, { blocks: true, text: false });
}

async function main() {
  const { paths, langs, langPath, job } = workerData;
  const Tesseract = require(paths.tesseract);
  const worker = await Tesseract.createWorker(langs, Tesseract.OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
  // tesseract.js defaults to one uniform block (PSM 6); automatic layout (3) finds columns.
  // Its table finder dropped most rows of a ruled table (single_table.pdf: 2 of 5); without
  // it every cell is read, column by column, which is what search needs.
  await worker.setParameters({ tessedit_pageseg_mode: '3', textord_tabfind_find_tables: '0' });
  try {
    if (job.kind === 'image') {
      const result = await recognise(worker, Buffer.from(job.data));
      parentPort.postMessage({ type: 'page', page: 1, scale: 1, confidence: result.data.confidence, lines: linesOf(result) });
    } else {
      const canvas = require(paths.canvas);
      const unpdf = await import(pathToFileURL(paths.unpdf).href);
      const CanvasFactory = await unpdf.createIsomorphicCanvasFactory(async () => canvas);
      const pdfjs = await unpdf.getResolvedPDFJS();
      const doc = await pdfjs.getDocument({ data: job.data, CanvasFactory, ...SAFE_PDF_OPTIONS }).promise;
      for (const n of job.pages) {
        const page = await doc.getPage(n);
        const unit = page.getViewport({ scale: 1 });
        // The resolution Tesseract reads best at, unless the page would exceed the pixel cap.
        const scale = Math.min(job.dpi / 72, Math.sqrt(job.maxPixels / (unit.width * unit.height)));
        const viewport = page.getViewport({ scale });
        const surface = new CanvasFactory().create(Math.ceil(viewport.width), Math.ceil(viewport.height));
        surface.context.fillStyle = '#ffffff';
        surface.context.fillRect(0, 0, surface.canvas.width, surface.canvas.height);
        await page.render({ canvas: surface.canvas, canvasContext: surface.context, viewport }).promise;
        const png = surface.canvas.toBuffer('image/png');
        page.cleanup();
        // A rendered PNG carries no resolution; Tesseract's guess from glyph sizes was off by 70%.
        await worker.setParameters({ user_defined_dpi: String(Math.round(scale * 72)) });
        const result = await recognise(worker, png);
        parentPort.postMessage({ type: 'page', page: n, height: unit.height, scale, confidence: result.data.confidence, lines: linesOf(result) });
      }
      await doc.destroy();
    }
  } finally {
    await worker.terminate();
  }
  parentPort.postMessage({ type: 'done' });
}

main().catch((e) => parentPort.postMessage({ type: 'error', message: String((e && e.message) || e) }));
`;

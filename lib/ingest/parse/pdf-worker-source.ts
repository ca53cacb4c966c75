import { restoreRtlClusters, rtlClusterRuns } from './pdf-rtl';
import { WORKER_PRELUDE } from './worker-prelude';

/**
 * Source of the PDF worker, run with `new Worker(source, { eval: true })`. It is a string, not a
 * file of ours, because Next.js bundles route handlers and a Worker pointing at a module path
 * would not survive bundling. unpdf is loaded by the absolute path the parent resolved (it stays
 * in node_modules via serverExternalPackages).
 *
 * Messages to the parent:
 *   { type: 'meta', title, pageCount }
 *   { type: 'page', page, items: [str, hasEOL, a, b, c, d, e, f, width, height][], error? }
 *   { type: 'done' } | { type: 'error', name, code, message }
 */
export const PDF_WORKER_SOURCE = String.raw`${WORKER_PRELUDE}
function describe(e) {
  return { name: e && e.name, code: e && e.code, message: String((e && e.message) || e) };
}

// Node 20 lacks ArrayBuffer#transferToFixedLength, which pdf.js's operator list uses; a copy
// does the same here, and only in this worker's isolate.
if (typeof ArrayBuffer.prototype.transferToFixedLength !== 'function') {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    value(length) { return this.slice(0, length === undefined ? this.byteLength : length); },
  });
}

const rtlClusterRuns = (${rtlClusterRuns.toString()});
const restoreRtlClusters = (${restoreRtlClusters.toString()});
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** Glyph strings of a page, read from its operator list (pdf-rtl.ts says why). */
async function glyphStrings(page, OPS) {
  const ops = await page.getOperatorList();
  const strings = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] !== OPS.showText) continue;
    for (const glyph of ops.argsArray[i][0]) {
      if (glyph && typeof glyph.unicode === 'string' && glyph.unicode.length > 2) strings.push(glyph.unicode);
    }
  }
  return strings;
}

function textOf(value) {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

async function main() {
  const { unpdfPath, data, maxPages } = workerData;
  const unpdf = await import(pathToFileURL(unpdfPath).href);
  const pdfjs = await unpdf.getResolvedPDFJS();
  const doc = await pdfjs.getDocument({ data, disableFontFace: true, ...SAFE_PDF_OPTIONS }).promise;

  let title = null;
  try {
    const meta = await doc.getMetadata();
    title = textOf(meta.info && meta.info.Title);
    if (!title && meta.metadata) title = textOf(meta.metadata.get('dc:title'));
  } catch {}
  parentPort.postMessage({ type: 'meta', title, pageCount: doc.numPages });

  const last = Math.min(doc.numPages, maxPages);
  for (let n = 1; n <= last; n++) {
    try {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = [];
      for (const it of content.items) {
        if (typeof it.str !== 'string') continue;
        const t = it.transform;
        items.push([it.str, it.hasEOL ? 1 : 0, t[0], t[1], t[2], t[3], t[4], t[5], it.width, it.height]);
      }
      // Only pages with RTL text pay for the operator list (it also decodes the page's images).
      if (items.some((item) => RTL.test(item[0]))) {
        const runs = rtlClusterRuns(await glyphStrings(page, pdfjs.OPS));
        if (runs.length > 0) for (const item of items) item[0] = restoreRtlClusters(item[0], runs);
      }
      parentPort.postMessage({ type: 'page', page: n, items });
      page.cleanup();
    } catch (e) {
      parentPort.postMessage({ type: 'page', page: n, items: [], error: describe(e).message });
    }
  }
  await doc.destroy();
  parentPort.postMessage({ type: 'done' });
}

main().catch((e) => parentPort.postMessage({ type: 'error', ...describe(e) }));
`;

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

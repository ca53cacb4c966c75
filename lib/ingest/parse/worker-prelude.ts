/**
 * The start of every parser worker's source (pdf-worker-source.ts, ocr-worker-source.ts): its
 * imports, Promise.withResolvers (pdf.js needs it, Node 20 lacks it), and the pdf.js options
 * every worker opens an uploaded PDF with.
 */
export const WORKER_PRELUDE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

// How any uploaded PDF is opened. CVE-2024-4367: never compile font code from the document.
const SAFE_PDF_OPTIONS = {
  isEvalSupported: false,
  useSystemFonts: false,
  isOffscreenCanvasSupported: false,
  enableXfa: false,
  stopAtErrors: false,
  verbosity: 0,
};
`;

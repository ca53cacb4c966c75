/**
 * The start of every parser worker's source (pdf-worker-source.ts, ocr-worker-source.ts): its
 * imports, and Promise.withResolvers, which pdf.js needs and Node 20 lacks.
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
`;

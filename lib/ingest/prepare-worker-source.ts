/**
 * Source of the parse worker (prepare-thread.ts starts it with `new Worker(source, { eval: true })`).
 * A string, like the PDF and OCR workers' (parse/pdf-worker-source.ts), because Next.js bundles
 * route handlers and would follow a worker's entry file into the bundle. The worker loads
 * Docent's own TypeScript (prepare-job.ts, and through it the parsers and the chunker) from the
 * source tree with tsx, as next.config.js does, by the absolute paths the parent resolved: one
 * copy of the code for `next start`, tests and the CLIs.
 *
 * Messages: the parent posts one job at a time (prepare-job.ts `PrepareJob`) and gets back
 * `PrepareMessage`s; a failure to start throws, which the parent sees as the worker's error.
 */
export const PREPARE_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

async function main() {
  // Linux: this thread's own nice value, inherited by the PDF/OCR threads it starts (onnx-thread.ts BACKGROUND_NICE).
  if (workerData.nice && process.platform === 'linux') {
    try {
      require('node:os').setPriority(workerData.nice);
    } catch {}
  }
  const { tsImport } = await import(pathToFileURL(workerData.tsxApiPath).href);
  const jobModule = pathToFileURL(workerData.jobModulePath).href;
  const { runPrepareJob } = await tsImport(jobModule, jobModule);
  const post = (message) => parentPort.postMessage(message);
  // Jobs posted while the code loaded were queued; each runs after the last one's answer.
  parentPort.on('message', (job) => void runPrepareJob(job, post));
}

main();
`;

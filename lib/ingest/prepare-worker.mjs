// The parse worker (lib/ingest/prepare-thread.ts starts it): parsing and chunking a document is
// CPU work of up to minutes (mammoth on an 800-page DOCX, the chunker's token counting), and on
// the server's thread it would stall every request. Plain JavaScript, run from lib/ as-is under
// `next start`, tests and the CLIs alike (Next.js cannot bundle a worker's entry); it loads
// Docent's TypeScript through tsx, the way next.config.js does.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { runPrepareJob } = await tsImport('./prepare-job.ts', import.meta.url);
const post = (message) => parentPort.postMessage(message);
// One job at a time: the parent sends the next only after this one's answer.
parentPort.on('message', (job) => void runPrepareJob(job, post));

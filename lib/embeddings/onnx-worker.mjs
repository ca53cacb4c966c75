// The local embedding model's worker thread (lib/embeddings/onnx-thread.ts starts it). ONNX
// Runtime's run blocks the thread it is called from for the whole batch, so in the server's
// thread every batch would stall every request; here it stalls only this thread. Plain
// JavaScript, so it runs as-is from lib/ under `next start`, tests and the CLIs alike.
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { modelsDir, model, dtype, allowDownloads, threads, pooling, nice } = workerData;
// Before ONNX Runtime starts its threads, which inherit it (onnx-thread.ts BACKGROUND_NICE).
// setPriority without a pid is this thread's on Linux; elsewhere it may be the process's, so only there.
if (nice && process.platform === 'linux') {
  try {
    os.setPriority(nice);
  } catch {
    // Not permitted here: run at normal priority.
  }
}
const transformers = await import('@huggingface/transformers');
transformers.env.localModelPath = `${modelsDir}${path.sep}`;
transformers.env.allowLocalModels = true;
transformers.env.allowRemoteModels = allowDownloads;
transformers.env.cacheDir = path.join(modelsDir, '.cache', 'transformers');

let loaded;
try {
  loaded = await transformers.AutoModel.from_pretrained(model, {
    dtype,
    local_files_only: !allowDownloads,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
}

/** The [CLS] position's hidden state of each row, L2-normalised (BGE's pooling). */
function clsVectors(hidden, rows, width) {
  const dim = hidden.dims[2];
  const out = new Float32Array(rows * dim);
  for (let i = 0; i < rows; i++) {
    const row = hidden.data.subarray(i * width * dim, i * width * dim + dim);
    const norm = Math.hypot(...row) || 1;
    for (let j = 0; j < dim; j++) out[i * dim + j] = row[j] / norm;
  }
  return out;
}

// One batch at a time: messages queue in order, and each awaits the previous.
let tail = Promise.resolve();
parentPort.on('message', (message) => {
  tail = tail.then(async () => {
    const { id, inputIds, mask, rows, width } = message;
    try {
      const attention_mask = new transformers.Tensor('int64', mask, [rows, width]);
      const output = await loaded({ input_ids: new transformers.Tensor('int64', inputIds, [rows, width]), attention_mask });
      const data =
        pooling === 'cls'
          ? clsVectors(output.last_hidden_state, rows, width)
          : Float32Array.from(transformers.mean_pooling(output.last_hidden_state, attention_mask).normalize(2, -1).data);
      parentPort.postMessage({ type: 'result', id, data }, [data.buffer]);
    } catch (err) {
      parentPort.postMessage({ type: 'result', id, error: err instanceof Error ? err.message : String(err) });
    }
  });
});

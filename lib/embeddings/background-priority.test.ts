import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { provisionTestModels } from '../models/test-models';
import { BACKGROUND_NICE } from './onnx-thread';
import { loadTransformersEmbedder } from './transformers';

/** Nice value of each thread of this process, from /proc (field 19 of a task's stat line). */
function threadNiceValues(): number[] {
  return fs.readdirSync('/proc/self/task').map((tid) => {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  });
}

// Linux keeps a nice value per thread; elsewhere the embedder runs at normal priority.
describe.runIf(process.platform === 'linux')('document embedding runs at background priority', () => {
  beforeAll(async () => {
    const modelsDir = await provisionTestModels();
    const embedder = await loadTransformersEmbedder('Xenova/all-MiniLM-L6-v2', { modelsDir, allowDownloads: false });
    await embedder.embedDocuments(['Herons nest in the alders.']);
    await embedder.embedQuery('where do herons nest?');
  });

  it('lowers the document thread and the ONNX threads it starts, and leaves the server thread and the query thread alone', () => {
    const nice = threadNiceValues();
    // The document thread and ONNX Runtime's compute threads started from it.
    expect(nice.filter((n) => n === BACKGROUND_NICE).length).toBeGreaterThanOrEqual(1);
    // This (the server's) thread, the query thread and Node's own threads keep normal priority.
    expect(nice.filter((n) => n === 0).length).toBeGreaterThan(nice.filter((n) => n === BACKGROUND_NICE).length);
    const main = fs.readFileSync('/proc/self/stat', 'utf8');
    expect(Number(main.slice(main.lastIndexOf(')') + 2).split(' ')[16])).toBe(0);
  });
});

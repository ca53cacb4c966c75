/**
 * `npm run models:fetch [-- --test]`: the default models, or the small test models, into
 * MODELS_DIR. Exits non-zero only when a required model (the embedder) is still missing;
 * the app serves without an LLM.
 */
import { env } from '../lib/env';
import { createProvisionDisplay, describeStatuses } from '../lib/models/progress-display';
import { provisionModels } from '../lib/models/provision';
import { TEST_LLM_FILE } from '../lib/models/registry';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--test');
  if (unknown.length) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}\nUsage: npm run models:fetch [-- --test]`);
    return 2;
  }
  const set = args.includes('--test') ? 'test' : 'default';
  const { MODELS_DIR, ALLOW_MODEL_DOWNLOADS } = env();
  console.log(
    `Provisioning the ${set} models into ${MODELS_DIR} (Hugging Face Hub ${ALLOW_MODEL_DOWNLOADS ? 'allowed' : 'off: ALLOW_MODEL_DOWNLOADS=false'}).`,
  );
  const display = createProvisionDisplay();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  let statuses;
  try {
    statuses = await provisionModels({ set, onProgress: display.onProgress, signal: controller.signal });
  } finally {
    display.stop();
  }
  for (const line of describeStatuses(statuses)) console.log(line);
  const llm = statuses.find((s) => s.role === 'llm');
  if (set === 'test' && llm && llm.state !== 'missing') {
    console.log(`Tests can use: MODELS_DIR=${MODELS_DIR} LLM_MODEL=${TEST_LLM_FILE}`);
  }
  if (llm?.state === 'missing') {
    console.log('Docent still serves without an LLM: search works, chat answers need one (or LLM_PROVIDER=openai).');
  }
  return statuses.some((s) => s.required && s.state === 'missing') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);

/**
 * `npm run models:fetch [-- --test]`: the default models, or the small test models, into
 * MODELS_DIR. Exits non-zero when any of them is still missing (the app itself serves search
 * without an LLM), and then names the ways to a chat model that work without the Hub.
 */
import { env } from '../lib/env';
import { CHAT_MODEL_ALTERNATIVES } from '../lib/models/chat-model-help';
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
    console.log(`\nThe chat model could not be had. Docent still serves search without it; for chat answers:\n${CHAT_MODEL_ALTERNATIVES}`);
  }
  // Asked for models and did not get them all: a script or CI step must see the failure.
  return statuses.some((s) => s.state === 'missing') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);

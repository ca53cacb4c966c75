import type { Tokenizer, TokenizerSpec } from './types';

/**
 * Builds the tokenizer a spec names, in the thread that calls it (the parse worker): the same
 * vocabulary files and options as the embedder's own, so chunks count the same tokens there.
 * Only the tokenizer is loaded, not the model.
 */
export async function loadTokenizer(spec: TokenizerSpec): Promise<Tokenizer> {
  if (spec.kind === 'approximate') return (await import('./openai')).approximateTokenizer;
  const { configureTransformers, countingTokenizer } = await import('./transformers');
  const transformers = await configureTransformers(spec.modelsDir, false);
  return countingTokenizer(await transformers.AutoTokenizer.from_pretrained(spec.model, { local_files_only: true }), spec);
}

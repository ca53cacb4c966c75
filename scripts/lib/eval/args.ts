import { retrievalModes, type RetrievalMode } from '@/lib/settings';
import { listOf, nonNegativeInt, oneOf, parseFlags, positiveInt, positiveIntList, UsageError } from '../cli-args';
import type { AnswerMode } from '@/lib/chat/answer-choices';
import type { DatabaseChoice } from '../scratch-database';

export const EVAL_USAGE = `Usage: npm run eval -- --dataset <dir> [options]
       npm run eval -- --answers --dataset <dir|file> [--limit n] [--max-tokens n] [--refusal n] [--citation-format f] [--answer-mode m[,m]] [--json]

  --dataset <dir>        BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv
  --split <s>            train | test (default test): which qrels judge the run; tune on train, report test
  --answers              answer quality instead: a SQuAD JSON file or a HotpotQA folder; the
                         configured LLM (LLM_PROVIDER, LLM_MODEL) answers every question
  --limit <n>            --answers: n questions, sampled by a hash of their ids (the same on every run)
  --max-tokens <n>       --answers: tokens per answer (default 96)
  --refusal <n>          --answers: also ask the first n of them on a collection lacking their
                         context and report the refusal rate (default 20; 0 skips)
  --citation-format <f>  --answers: free (default) | cite-every-sentence (the grammar, local models)
  --answer-mode <m[,m]>  --answers: generate (default) | quotes | generate,quotes — each mode answers the
                         same questions on the same ingested collection and is scored the same way
  --mode <m>             hybrid | vector | keyword | all (default all)
  --profile <p>          docent: chunked as settings say (default)
                         mteb: one chunk per document, truncated by the model (MTEB-style)
  --k <n>                cut-off of nDCG, recall and MRR (default 10; recall@100 is always reported)
  --database <d>         pglite (in memory, default) | postgres (scratch database on TEST_DATABASE_URL/DATABASE_URL)
  --limit-queries <n>    only the first n judged queries (the whole corpus is still ingested)
  --limit-docs <n>       ingest only the judged documents of those queries plus others up to n
  --chunk-tokens <n>     docent profile: override settings.chunkTokens (capped at the model's maxTokens)
  --chunk-overlap <n>    docent profile: override settings.chunkOverlap
  --context <on|off>     embed and keyword-index chunks with their title and heading path (default on)
  --rrf-k <n[,n…]>       hybrid: RRF constant(s); several values are each reported
  --candidates <n[,n…]>  hybrid: candidates per retriever as a multiple of k (default as searchChunks);
                         several values are each reported (with the first RRF constant)
  --ef-search <n[,n…]>   hybrid and vector: HNSW ef_search value(s); several values are each reported
  --chat-depth <n>       ask for exactly n chunks per query, as a chat with topK n does (where the
                         candidate budget and efSearch act); metrics are then over those chunks' documents
  --data-dir <dir>       keep the ingested PGlite database in <dir> and reuse it on the next run with
                         the same dataset, slice and profile (skips ingestion; pglite only)
  --json                 print one JSON object instead of the table
`;

export type EvalProfile = 'mteb' | 'docent';
export type EvalSplit = 'train' | 'test';

export interface EvalArgs {
  dataset: string;
  split: EvalSplit;
  modes: RetrievalMode[];
  profile: EvalProfile;
  k: number;
  database: DatabaseChoice;
  limitQueries?: number;
  limitDocs?: number;
  chunkTokens?: number;
  chunkOverlap?: number;
  contextualChunks: boolean;
  rrfK?: number[];
  candidates?: number[];
  efSearch?: number[];
  chatDepth?: number;
  dataDir?: string;
  json: boolean;
  answers?: {
    limit?: number;
    maxTokens: number;
    refusalQuestions: number;
    citationFormat: 'free' | 'cite-every-sentence';
    /** Answer modes to run, in order, over one ingestion (side by side in the report). */
    answerModes: AnswerMode[];
  };
}

/** Parses `npm run eval` arguments; throws UsageError (with the fix) on anything it cannot use. */
export function parseEvalArgs(argv: string[]): EvalArgs | 'help' {
  const values = parseFlags(argv, {
    dataset: { type: 'string' },
    split: { type: 'string' },
    mode: { type: 'string' },
    profile: { type: 'string' },
    k: { type: 'string' },
    database: { type: 'string' },
    'limit-queries': { type: 'string' },
    'limit-docs': { type: 'string' },
    'chunk-tokens': { type: 'string' },
    'chunk-overlap': { type: 'string' },
    context: { type: 'string' },
    'rrf-k': { type: 'string' },
    candidates: { type: 'string' },
    'ef-search': { type: 'string' },
    'chat-depth': { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    answers: { type: 'boolean', default: false },
    limit: { type: 'string' },
    'max-tokens': { type: 'string' },
    refusal: { type: 'string' },
    'citation-format': { type: 'string' },
    'answer-mode': { type: 'string' },
  });
  if (values.help) return 'help';
  if (!values.dataset) throw new UsageError('--dataset <dir> is required (a BEIR folder with corpus.jsonl, or with --answers a SQuAD/HotpotQA set)');
  const answerOnly = ['limit', 'max-tokens', 'refusal', 'citation-format', 'answer-mode'] as const;
  if (!values.answers && answerOnly.some((f) => values[f] !== undefined)) {
    throw new UsageError('--limit, --max-tokens, --refusal, --citation-format and --answer-mode apply to --answers');
  }
  const mode = oneOf('mode', values.mode, [...retrievalModes, 'all'] as const, 'all');
  const profile = oneOf('profile', values.profile, ['docent', 'mteb'] as const, 'docent');
  const chunkTokens = positiveInt('chunk-tokens', values['chunk-tokens']);
  const chunkOverlap = nonNegativeInt('chunk-overlap', values['chunk-overlap']);
  if (profile === 'mteb' && (chunkTokens !== undefined || chunkOverlap !== undefined)) {
    throw new UsageError('--chunk-tokens/--chunk-overlap apply to --profile docent; mteb keeps each document whole');
  }
  const database = oneOf('database', values.database, ['pglite', 'postgres'] as const, 'pglite');
  if (values['data-dir'] !== undefined && database !== 'pglite') {
    throw new UsageError('--data-dir keeps an embedded PGlite database; drop it or use --database pglite');
  }
  const efSearch = positiveIntList('ef-search', values['ef-search']);
  if (efSearch?.some((ef) => ef < 10 || ef > 1000)) throw new UsageError('--ef-search takes values from 10 to 1000 (the efSearch setting\'s range)');
  return {
    dataset: values.dataset,
    split: oneOf('split', values.split, ['train', 'test'] as const, 'test'),
    modes: mode === 'all' ? [...retrievalModes] : [mode],
    profile,
    k: positiveInt('k', values.k, 10),
    database,
    limitQueries: positiveInt('limit-queries', values['limit-queries']),
    limitDocs: positiveInt('limit-docs', values['limit-docs']),
    chunkTokens,
    chunkOverlap,
    contextualChunks: oneOf('context', values.context, ['on', 'off'] as const, 'on') === 'on',
    rrfK: positiveIntList('rrf-k', values['rrf-k']),
    candidates: positiveIntList('candidates', values.candidates),
    efSearch,
    chatDepth: positiveInt('chat-depth', values['chat-depth']),
    dataDir: values['data-dir'],
    json: values.json,
    ...(values.answers && {
      answers: {
        limit: positiveInt('limit', values.limit),
        maxTokens: positiveInt('max-tokens', values['max-tokens'], 96),
        refusalQuestions: nonNegativeInt('refusal', values.refusal) ?? 20,
        citationFormat: oneOf('citation-format', values['citation-format'], ['free', 'cite-every-sentence'] as const, 'free'),
        answerModes: listOf('answer-mode', values['answer-mode'], ['generate', 'quotes'] as const) ?? ['generate'],
      },
    }),
  };
}

import { nonNegativeInt, parseFlags, positiveInt, UsageError } from '../cli-args';

export const LOADTEST_USAGE = `Usage: npm run loadtest -- [--concurrency N] [--duration S] [options]

  --concurrency <n>        concurrent streaming chats (default 8)
  --duration <s>           seconds of load (default 30)
  --docs <n>               SciFact abstracts uploaded while the chats run (default 40)
  --token-delay-ms <n>     the fake model's pause between streamed words (default 20)
  --first-token-delay-ms   the fake model's pause before its first word (default 50)
  --json                   print one JSON object
Starts a fake OpenAI-compatible model and the built Docent (next start, LLM_PROVIDER=openai,
fresh DATA_DIR), both on 127.0.0.1.
`;

export interface LoadtestArgs {
  concurrency: number;
  durationSeconds: number;
  docs: number;
  tokenDelayMs: number;
  firstTokenDelayMs: number;
  json: boolean;
}

const MAX_CONCURRENCY = 256;
const MAX_DURATION_S = 3600;

export function parseLoadtestArgs(argv: string[]): LoadtestArgs | 'help' {
  const values = parseFlags(argv, {
    concurrency: { type: 'string', short: 'c' },
    duration: { type: 'string', short: 'd' },
    docs: { type: 'string' },
    'token-delay-ms': { type: 'string' },
    'first-token-delay-ms': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  const concurrency = positiveInt('concurrency', values.concurrency, 8);
  const durationSeconds = positiveInt('duration', values.duration, 30);
  // Bounded on purpose: this is a local harness, not a way to flood a machine.
  if (concurrency > MAX_CONCURRENCY) throw new UsageError(`--concurrency is at most ${MAX_CONCURRENCY}`);
  if (durationSeconds > MAX_DURATION_S) throw new UsageError(`--duration is at most ${MAX_DURATION_S} seconds`);
  return {
    concurrency,
    durationSeconds,
    docs: nonNegativeInt('docs', values.docs) ?? 40,
    tokenDelayMs: nonNegativeInt('token-delay-ms', values['token-delay-ms']) ?? 20,
    firstTokenDelayMs: nonNegativeInt('first-token-delay-ms', values['first-token-delay-ms']) ?? 50,
    json: values.json,
  };
}

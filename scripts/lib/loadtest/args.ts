import { nonNegativeInt, parseFlags, positiveInt, UsageError } from '../cli-args';

export const LOADTEST_USAGE = `Usage: npm run loadtest -- [--concurrency N] [--duration S] [--instances N] [options]

  --concurrency <n>        concurrent streaming chats (default 8)
  --duration <s>           seconds of load (default 30)
  --docs <n>               SciFact abstracts uploaded while the chats run (default 40)
  --token-delay-ms <n>     the fake model's pause between streamed words (default 20)
  --first-token-delay-ms   the fake model's pause before its first word (default 50)
  --instances <n>          Docent servers on one PostgreSQL, chats spread round-robin (default 1)
  --database-url <url>     PostgreSQL (with pgvector) to run on; a scratch database is made on it
                           and dropped afterwards (default: DATABASE_URL; none: PGlite)
  --json                   print one JSON object
Starts a fake OpenAI-compatible model and the built Docent (next start, LLM_PROVIDER=openai,
fresh DATA_DIR each), all on 127.0.0.1. Several instances need PostgreSQL.
`;

export interface LoadtestArgs {
  concurrency: number;
  durationSeconds: number;
  docs: number;
  tokenDelayMs: number;
  firstTokenDelayMs: number;
  instances: number;
  /** PostgreSQL server to make the scratch database on; null runs one instance on PGlite. */
  databaseUrl: string | null;
  json: boolean;
}

const MAX_CONCURRENCY = 256;
const MAX_DURATION_S = 3600;
const MAX_INSTANCES = 4;

export function parseLoadtestArgs(argv: string[], env: Record<string, string | undefined> = process.env): LoadtestArgs | 'help' {
  const values = parseFlags(argv, {
    concurrency: { type: 'string', short: 'c' },
    duration: { type: 'string', short: 'd' },
    docs: { type: 'string' },
    'token-delay-ms': { type: 'string' },
    'first-token-delay-ms': { type: 'string' },
    instances: { type: 'string' },
    'database-url': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  const concurrency = positiveInt('concurrency', values.concurrency, 8);
  const durationSeconds = positiveInt('duration', values.duration, 30);
  // Bounded on purpose: this is a local harness, not a way to flood a machine.
  if (concurrency > MAX_CONCURRENCY) throw new UsageError(`--concurrency is at most ${MAX_CONCURRENCY}`);
  if (durationSeconds > MAX_DURATION_S) throw new UsageError(`--duration is at most ${MAX_DURATION_S} seconds`);
  const instances = positiveInt('instances', values.instances, 1);
  if (instances > MAX_INSTANCES) throw new UsageError(`--instances is at most ${MAX_INSTANCES}`);
  const databaseUrl = values['database-url'] || env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError('--database-url must be a postgres:// URL');
  // PGlite is one process's database: a second server could not open it.
  if (instances > 1 && !databaseUrl) throw new UsageError('--instances above 1 needs PostgreSQL: pass --database-url postgres://… or set DATABASE_URL');
  return {
    concurrency,
    durationSeconds,
    docs: nonNegativeInt('docs', values.docs) ?? 40,
    tokenDelayMs: nonNegativeInt('token-delay-ms', values['token-delay-ms']) ?? 20,
    firstTokenDelayMs: nonNegativeInt('first-token-delay-ms', values['first-token-delay-ms']) ?? 50,
    instances,
    databaseUrl,
    json: values.json,
  };
}

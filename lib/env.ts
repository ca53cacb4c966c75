import path from 'node:path';
import { z } from 'zod';

/**
 * The one reader of the environment. Variables are bootstrap values (paths, URLs, secrets);
 * admin settings that override model/retrieval defaults live in the database.
 * Validated on first use so a bad configuration fails loudly at start, not mid-request.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  MODELS_DIR: z.string().min(1).optional(),
  ALLOW_MODEL_DOWNLOADS: booleanFlag.default(true),
  /** A Maven repository (or mirror) to GET model jars from; unset: `mvn` fetches them with its own settings. */
  MAVEN_REPOSITORY_URL: z.string().url().optional(),
  /** Where hf: URIs are fetched from (the huggingface_hub variable name); a mirror, or a test's fake Hub. */
  HF_ENDPOINT: z.string().url().optional(),
  /**
   * Unset: all-MiniLM-L6-v2 for a new install (the contract's default; lib/models/registry.ts
   * DEFAULT_EMBEDDING_MODEL), while an existing install keeps the model its index was built with
   * (lib/embeddings/chosen-model.ts).
   */
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/all-MiniLM-L6-v2'),
  LLM_PROVIDER: z.enum(['local', 'openai']).default('local'),
  LLM_MODEL: z.string().min(1).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(10_240).default(50),
  /** Per model or adapter uploaded to the model library (streamed to disk, never held in memory). */
  MAX_MODEL_UPLOAD_MB: z.coerce.number().positive().max(1_048_576).default(65_536),
  DOCENT_API_KEY: z.string().min(16, 'DOCENT_API_KEY must be at least 16 characters').optional(),
  /** On first start (no accounts yet) these create the admin account. */
  ADMIN_EMAIL: z.string().trim().toLowerCase().pipe(z.email('ADMIN_EMAIL must be an email address')).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').max(256).optional(),
  /** Per-person budgets; the DOCENT_API_KEY automation key is not limited. */
  RATE_LIMIT_CHATS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_SIGN_INS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** How long a SIGTERM waits for running requests and answer streams before stopping. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(20),
  /** Forces the session cookie's Secure flag on or off; unset, it follows the request's scheme. */
  COOKIE_SECURE: booleanFlag.optional(),
  /**
   * Threads the local embedding model computes with (it runs in its own worker thread). Unset:
   * every core but one, so web requests keep a core while documents ingest.
   */
  EMBEDDING_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  /** Seals stored provider keys; unset: a generated DATA_DIR/secret.key (mode 0600). */
  DOCENT_SECRET: z.string().min(16, 'DOCENT_SECRET must be at least 16 characters').optional(),
  /** Tesseract languages for OCR, `eng+deu`; each needs its `@tesseract.js-data/<lang>` package. */
  OCR_LANGUAGES: z
    .string()
    .regex(/^[a-z_]{3,16}([+,][a-z_]{3,16})*$/, 'OCR_LANGUAGES is a list like eng+deu (Tesseract language codes)')
    .default('eng'),
  /** Hosts "Add from URL" may fetch even though they resolve to private addresses (an intranet wiki). */
  ALLOWED_FETCH_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)),
  /** Bearer token for GET /metrics; unset: the endpoint is off (404). */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** `json`: one JSON object per log line, with the request id, for log collectors. */
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  /** An embeddings server of its own for `openai:<model>` (else OPENAI_BASE_URL / OPENAI_API_KEY). */
  EMBEDDING_BASE_URL: z.string().url().optional(),
  EMBEDDING_API_KEY: z.string().min(1).optional(),
});

export type Env = z.infer<typeof schema> & {
  MODELS_DIR: string;
  DATA_DIR: string;
  /** The operator set EMBEDDING_MODEL (rather than getting the default): it then decides over the stored index. */
  EMBEDDING_MODEL_SET: boolean;
};

let cached: Env | undefined;

/** Empty strings count as unset, as a shell user would expect from `FOO= npm start`. */
function withoutEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(withoutEmpty(source));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration; fix these environment variables:\n${problems}`);
  }
  // Data and model folders are chosen at run time, never part of the build: the ignore comments
  // here and where they are read keep Next's file tracing from including the whole project.
  const dataDir = path.resolve(/*turbopackIgnore: true*/ result.data.DATA_DIR);
  return {
    ...result.data,
    DATA_DIR: dataDir,
    MODELS_DIR: path.resolve(/*turbopackIgnore: true*/ result.data.MODELS_DIR ?? path.join(dataDir, 'models')),
    EMBEDDING_MODEL_SET: !!source.EMBEDDING_MODEL,
  };
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests and CLIs that change process.env call this to read it again. */
export function resetEnvCache(): void {
  cached = undefined;
}

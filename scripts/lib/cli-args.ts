import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Shared helpers for the CLIs' argument parsers: every bad value is a UsageError with a fix. */
export class UsageError extends Error {}

export function positiveInt(name: string, raw: string | undefined, fallback: number): number;
export function positiveInt(name: string, raw: string | undefined, fallback?: undefined): number | undefined;
export function positiveInt(name: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function nonNegativeInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number ≥ 0, got "${raw}"`);
  return n;
}

export function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** `20,60,100` → [20, 60, 100]. */
export function positiveIntList(name: string, raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  // Each part is a string, so the fallback is never used.
  return raw.split(',').map((part) => positiveInt(name, part.trim(), 0));
}

/** `quotes,generate` → ['quotes', 'generate']: each part one of `allowed`, none twice. */
export function listOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((part) => oneOf(name, part.trim(), allowed, allowed[0]));
  if (new Set(parts).size !== parts.length) throw new UsageError(`--${name} names a value twice ("${raw}"); give each once`);
  return parts;
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * The CLIs' flags through node:util parseArgs (strict, plus -h/--help); an unknown or malformed
 * flag is a UsageError naming it.
 */
export function parseFlags<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, strict: true, options: { ...options, ...HELP } }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * A CLI's arguments, or the exit code to stop with: --help prints the usage (0); a usage error
 * prints what is wrong and the usage (2).
 */
export function argsOrExitCode<T>(name: string, usage: string, parse: (argv: string[]) => T | 'help'): T | number {
  let args: T | 'help';
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${name}: ${err.message}\n\n${usage}`);
    return 2;
  }
  if (args === 'help') {
    console.log(usage);
    return 0;
  }
  return args;
}

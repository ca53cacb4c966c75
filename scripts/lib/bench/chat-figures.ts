import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './server-process';

export interface ChatFigures {
  /** From scripts/bench-first-token.ts: arrival at the HTTP server → first answer token written, fake upstream. */
  firstTokenOverheadP50Ms: number | null;
  /** bench-first-token's own JSON (p95, client side, and the split from the stored traces). */
  firstToken: Record<string, unknown> | null;
  localGenerationRatio: number | null;
  /** bench-chat's own JSON, kept for the report. */
  detail: Record<string, unknown> | null;
  /** Why the figures are null, when they are. */
  reason?: string;
}

const SCRIPT = path.join(REPO_ROOT, 'scripts/bench-chat.ts');
const FIRST_TOKEN_SCRIPT = path.join(REPO_ROOT, 'scripts/bench-first-token.ts');

/** Runs a bench script as a child process and parses its closing JSON line; a string says why not. */
async function runJsonScript(script: string, args: string[], log: (line: string) => void): Promise<any> {
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const child = spawn(tsx, [script, ...args], { cwd: REPO_ROOT, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-5000);
    const line = c.toString('utf8').trim().split('\n').pop();
    if (line?.startsWith('ingest')) log(`  ${path.basename(script)} ${line}`);
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const name = `scripts/${path.basename(script)}`;
  if (code !== 0) return `${name} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    return `${name} did not end with a JSON line`;
  }
}

/**
 * The chat figures come from scripts/bench-chat.ts (owned with lib/chat): it measures the time
 * Docent spends before the model starts and the local generation rate through Docent against
 * node-llama-cpp directly. It is run as a child process and its closing JSON line is read, so
 * both benches share one measurement rather than two that could drift apart.
 */
export async function measureChatFigures(args: string[], log: (line: string) => void, firstTokenArgs: string[] = []): Promise<ChatFigures> {
  if (!fs.existsSync(SCRIPT)) return none('scripts/bench-chat.ts does not exist yet');
  const detail = await runJsonScript(SCRIPT, args, log);
  if (typeof detail === 'string') return none(detail);
  // Over HTTP, from the request's arrival; bench-chat's in-process split stays in `detail`.
  const firstToken = await runJsonScript(FIRST_TOKEN_SCRIPT, [...firstTokenArgs, '--json'], log);
  const overhead = typeof firstToken === 'string' ? null : firstToken?.firstTokenP50Ms;
  const ratio = detail?.generation?.ratio;
  const reasons = [
    typeof firstToken === 'string' ? firstToken : typeof overhead === 'number' ? null : 'bench-first-token JSON lacks firstTokenP50Ms',
    typeof ratio === 'number' ? null : 'bench-chat JSON lacks generation.ratio',
  ].filter(Boolean);
  return {
    firstTokenOverheadP50Ms: typeof overhead === 'number' ? overhead : null,
    firstToken: typeof firstToken === 'string' ? null : firstToken,
    localGenerationRatio: typeof ratio === 'number' ? ratio : null,
    detail,
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
  };
}

function none(reason: string): ChatFigures {
  return { firstTokenOverheadP50Ms: null, firstToken: null, localGenerationRatio: null, detail: null, reason };
}

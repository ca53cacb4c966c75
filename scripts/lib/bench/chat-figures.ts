import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './server-process';

export interface ChatFigures {
  firstTokenOverheadP50Ms: number | null;
  localGenerationRatio: number | null;
  /** bench-chat's own JSON, kept for the report. */
  detail: Record<string, unknown> | null;
  /** Why the figures are null, when they are. */
  reason?: string;
}

const SCRIPT = path.join(REPO_ROOT, 'scripts/bench-chat.ts');

/**
 * The chat figures come from scripts/bench-chat.ts (owned with lib/chat): it measures the time
 * Docent spends before the model starts and the local generation rate through Docent against
 * node-llama-cpp directly. It is run as a child process and its closing JSON line is read, so
 * both benches share one measurement rather than two that could drift apart.
 */
export async function measureChatFigures(args: string[], log: (line: string) => void): Promise<ChatFigures> {
  if (!fs.existsSync(SCRIPT)) return none('scripts/bench-chat.ts does not exist yet');
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const child = spawn(tsx, [SCRIPT, ...args], { cwd: REPO_ROOT, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-5000);
    const line = c.toString('utf8').trim().split('\n').pop();
    if (line?.startsWith('ingest:')) log(`  bench-chat ${line}`);
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) return none(`scripts/bench-chat.ts exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const last = stdout.trim().split('\n').pop() ?? '';
  let detail: any;
  try {
    detail = JSON.parse(last);
  } catch {
    return none('scripts/bench-chat.ts did not end with a JSON line');
  }
  const firstToken = detail?.beforeFirstToken?.p50Ms;
  const ratio = detail?.generation?.ratio;
  return {
    firstTokenOverheadP50Ms: typeof firstToken === 'number' ? firstToken : null,
    localGenerationRatio: typeof ratio === 'number' ? ratio : null,
    detail,
    ...(typeof firstToken === 'number' && typeof ratio === 'number' ? {} : { reason: 'bench-chat JSON lacks beforeFirstToken.p50Ms or generation.ratio' }),
  };
}

function none(reason: string): ChatFigures {
  return { firstTokenOverheadP50Ms: null, localGenerationRatio: null, detail: null, reason };
}

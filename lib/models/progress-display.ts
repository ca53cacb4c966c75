import cliProgress from 'cli-progress';
import type { ProvisionEvent } from './provision';
import type { ModelStatus } from './status';

const MB = 1024 * 1024;
const verbs = { verify: 'verifying', download: 'downloading', extract: 'extracting' } as const;

function mb(bytes: number | null): string {
  return bytes === null ? '?' : `${(bytes / MB).toFixed(1)} MB`;
}

/**
 * Shows provisioning as progress bars on a terminal, and as one plain line per step otherwise
 * (CI logs and `npm start` under a process manager would fill up with redrawn bars).
 * Used by `npm run models:fetch` and by `npm start`.
 */
export function createProvisionDisplay(stream: NodeJS.WriteStream = process.stdout) {
  const tty = Boolean(stream.isTTY);
  const multibar = tty
    ? new cliProgress.MultiBar(
        {
          stream,
          format: ' {bar} {percentage}% | {step} {file} | {done}/{size}',
          hideCursor: true,
          clearOnComplete: false,
          stopOnComplete: false,
          autopadding: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const bars = new Map<string, cliProgress.SingleBar>();
  const started = new Set<string>();

  function log(line: string) {
    if (multibar) multibar.log(`${line}\n`);
    else stream.write(`${line}\n`);
  }

  function onProgress(event: ProvisionEvent) {
    if (event.type === 'wait') return log(event.message);
    if (event.type === 'file') {
      const s = event.status;
      if (s.state === 'ready') {
        const how = s.source === 'present' ? 'already present, verified' : `from ${s.source}`;
        log(`ok   ${s.path} (${how}${s.message ? `, ${s.message}` : ''})`);
      }
      else if (s.state === 'missing') log(`MISSING ${s.path} (what to do is below)`);
      else log(`warn ${s.path}: ${s.message ?? ''}`);
      return;
    }
    const key = `${event.file}:${event.phase}`;
    // Small files are instant; only large ones deserve a line or a bar.
    if ((event.total ?? 0) < (event.phase === 'verify' ? 8 * MB : MB)) return;
    const payload = {
      step: verbs[event.phase],
      file: event.via ?? event.file,
      done: mb(event.loaded),
      size: mb(event.total),
    };
    if (!multibar) {
      if (!started.has(key)) {
        started.add(key);
        const what = event.via ? `${event.via} (for ${event.file})` : event.file;
        stream.write(`${verbs[event.phase]} ${what}, ${mb(event.total)}\n`);
      }
      return;
    }
    let bar = bars.get(key);
    if (!bar) {
      bar = multibar.create(event.total ?? 0, 0, payload);
      bars.set(key, bar);
    }
    if (event.total !== null) bar.setTotal(event.total);
    bar.update(event.loaded, payload);
  }

  function stop() {
    multibar?.stop();
  }

  return { onProgress, stop, log };
}

/** A closing summary: what is ready, and for anything missing, what to do. */
export function describeStatuses(statuses: ModelStatus[]): string[] {
  const lines: string[] = [];
  for (const m of statuses) {
    const what = `${m.role} ${m.id}`;
    if (m.state === 'ready') lines.push(`ready: ${what} (${m.path})`);
    else if (m.state === 'unverified') lines.push(`present but unverified: ${what} (${m.path})`);
    else {
      // Search works without the chat model, but models:fetch still fails: answers need it.
      lines.push(`${m.required ? 'MISSING (required)' : m.role === 'llm' ? 'MISSING (chat answers need it)' : 'missing (optional)'}: ${what}`);
      for (const f of m.files) if (f.state === 'missing' && f.message) lines.push(`  - ${f.message}`);
    }
  }
  return lines;
}

/**
 * A text/event-stream reader for fetch bodies: feeds `data:` payloads (multi-line data joined
 * with newlines) to `onData`, and comment lines (without the `: `) to `onComment` — Docent's
 * progress reports travel as comments; other fields are skipped.
 */
export function createSseParser(onData: (data: string) => void, onComment?: (text: string) => void) {
  let buffer = '';
  const flushEvent = (block: string) => {
    const data: string[] = [];
    for (const line of block.split(/\r\n|\r|\n/)) {
      if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      else if (line.startsWith(':')) onComment?.(line.slice(line.startsWith(': ') ? 2 : 1));
    }
    if (data.length) onData(data.join('\n'));
  };
  return {
    push(text: string) {
      buffer += text;
      for (;;) {
        const match = /\r\n\r\n|\n\n|\r\r/.exec(buffer);
        if (!match) break;
        flushEvent(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
      }
    },
    end() {
      if (buffer.trim()) flushEvent(buffer);
      buffer = '';
    },
  };
}

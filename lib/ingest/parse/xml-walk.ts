import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { parseFailed } from './blocks';

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * Streams XML through saxes (no DOM, so a large part costs only its chunks) with qualified
 * names as written (`a:t`, `table:table-cell`). Only the predefined entities exist: a DTD
 * never gets this far (zip-guard.ts refuses it).
 */
export async function walkXml(source: string | Buffer | AsyncIterable<Buffer>, handlers: XmlHandlers, what: string): Promise<void> {
  const parser = new SaxesParser();
  parser.on('opentag', (tag: SaxesTagPlain) => handlers.open?.(tag.name, tag.attributes as Record<string, string>));
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(tag.name));
  if (handlers.text) parser.on('text', handlers.text);
  try {
    if (typeof source === 'string' || Buffer.isBuffer(source)) {
      parser.write(source.toString()).close();
      return;
    }
    const decoder = new TextDecoder();
    for await (const chunk of source) parser.write(decoder.decode(chunk, { stream: true }));
    parser.write(decoder.decode()).close();
  } catch (e) {
    throw parseFailed(`This ${what} has malformed XML (${(e instanceof Error ? e.message : String(e)).slice(0, 160)}); re-save it and upload it again.`);
  }
}

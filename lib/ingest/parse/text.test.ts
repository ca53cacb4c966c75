import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseDocument } from './index';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseText', () => {
  it('splits paragraphs on blank lines and keeps line breaks inside them', async () => {
    const doc = await parseDocument(bytes('First line\nsecond line\r\n\r\n  \nNext   paragraph\n'), 'text/plain');
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', 'First line\nsecond line'],
      ['paragraph', 'Next paragraph'],
    ]);
    expect(doc).toMatchObject({ title: null, pageCount: null });
  });

  it('keeps a very long single line whole', async () => {
    const line = 'word '.repeat(200_000).trim();
    const doc = await parseDocument(bytes(line), 'text/plain');
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0].text).toHaveLength(line.length);
  });

  it('decodes UTF-16 and Latin-1 text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße aus Köln', 'utf16le')]);
    expect((await parseDocument(utf16, 'text/plain')).blocks[0].text).toBe('Grüße aus Köln');
    const latin1 = Buffer.from('Crème brûlée à la française', 'latin1');
    expect((await parseDocument(latin1, 'text/plain')).blocks[0].text).toBe('Crème brûlée à la française');
  });

  it('fails with no_text when only invisible characters are left', async () => {
    const error = await parseDocument(bytes('\u200B\u200B\n\n\u{E0041}'), 'text/plain').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('no_text');
  });
});

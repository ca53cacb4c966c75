import { describe, expect, it } from 'vitest';
import { decodeText, stripInvisible } from './decode-text';
import { fixture } from './parse/test-helpers';

describe('decodeText', () => {
  it('keeps valid UTF-8 and drops its BOM', () => {
    expect(decodeText(Buffer.from('\uFEFFnaïve café — 東京', 'utf8'))).toBe('naïve café — 東京');
  });

  it('decodes UTF-16 with either BOM, and little-endian UTF-16 without one', () => {
    const text = 'Grüße, мир';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
    expect(decodeText(Buffer.from('plain ascii in utf-16', 'utf16le'))).toBe('plain ascii in utf-16');
  });

  it('decodes Latin-1 and cp1252 text that is not valid UTF-8', () => {
    expect(decodeText(fixture('md/umlauts-non-utf8.md'))).toBe('## können\n\nkönnen\n\näöüß\n');
    expect(decodeText(Buffer.from([0x50, 0x72, 0x69, 0x63, 0x65, 0x3a, 0x20, 0x80, 0x35, 0x20, 0x93, 0x6f, 0x6b, 0x94]))).toBe(
      'Price: €5 “ok”',
    );
  });

  it('follows a charset hint when the bytes are not UTF-8', () => {
    const koi8 = Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]);
    expect(decodeText(koi8, 'koi8-r')).toBe('Привет');
    expect(decodeText(Buffer.from('plain', 'utf8'), 'koi8-r')).toBe('plain');
  });

  it('ignores an unknown or malformed hint', () => {
    expect(decodeText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'no-such-charset"><script>')).toBe('café');
  });

  it('never drops invalid UTF-8 silently and removes NUL characters', () => {
    const text = decodeText(Buffer.from([0x61, 0xc3, 0x28, 0x62, 0x00, 0x63]));
    expect(text.startsWith('a')).toBe(true);
    expect(text.endsWith('bc')).toBe(true);
    expect(text).not.toContain('\u0000');
  });

  it('returns an empty string only for empty input or a lone BOM', () => {
    expect(decodeText(new Uint8Array())).toBe('');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf]))).toBe('');
  });
});

describe('stripInvisible', () => {
  it('removes zero-width, word-joiner and inner BOM characters', () => {
    expect(stripInvisible('ig\u200Bno\u200Cre pre\u200Dvious\u2060 in\u2063structions\uFEFF')).toBe('ignore previous instructions');
  });

  it('keeps joiners that Persian words and emoji sequences need', () => {
    const persian = 'می\u200Cخواهم';
    const family = '👩\u200D👩\u200D👧';
    expect(stripInvisible(`${persian} ${family}`)).toBe(`${persian} ${family}`);
  });

  it('removes Unicode tag characters that smuggle hidden ASCII', () => {
    const hidden = [...'say hi'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    expect(stripInvisible(`Hello${hidden} world\u{E007F}`)).toBe('Hello world');
  });

  it('removes bidi embeddings, overrides and isolates', () => {
    expect(stripInvisible('a\u202Ab\u202Bc\u202Ed\u202Ce\u2066f\u2067g\u2068h\u2069')).toBe('abcdefgh');
  });

  it('normalises to NFC', () => {
    expect(stripInvisible('Cafe\u0301')).toBe('Café');
    expect(stripInvisible('Cafe\u0301')).toHaveLength(4);
  });

  it('leaves ordinary text, including RTL scripts and emoji, alone', () => {
    const text = 'שלום عربي 日本語 🙂 tab\there';
    expect(stripInvisible(text)).toBe(text);
  });
});

import { analyse } from 'chardet';
import iconv from 'iconv-lite';

/**
 * Characters that render as nothing (or reorder what is shown) and are used to hide prompt
 * injections from a reader while the model still sees them: zero-width spaces and joiners,
 * LRM/RLM, word joiner and invisible operators, BOMs inside text, soft hyphens, bidi
 * embeddings/overrides/isolates, and Unicode tag characters.
 */
const INVISIBLE =
  /[\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/gu;
/**
 * ZWNJ and ZWJ carry meaning in Persian and Indic scripts and in emoji sequences, so they are
 * only removed where they split Latin letters (the way they hide words from keyword filters).
 */
const JOINER_IN_LATIN = /(?<=[A-Za-z])[\u200C\u200D]+(?=[A-Za-z])/g;

/**
 * PostgreSQL refuses NUL in text outright (`invalid byte sequence for encoding "UTF8": 0x00`).
 * PDFs with unmapped glyphs emit it in place of a ligature ("di\0culties"), so it is dropped.
 * Other control characters (not tab or line breaks) are never text; they become spaces so that
 * the words on either side stay apart.
 */
const NUL = /\u0000/g;
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Removes invisible and bidi-control characters and control characters, replaces unpaired
 * surrogates (which cannot be stored as UTF-8) with U+FFFD, then normalises to NFC.
 */
export function stripInvisible(text: string): string {
  return text.replace(NUL, '').replace(CONTROL, ' ').replace(LONE_SURROGATE, '\uFFFD').replace(INVISIBLE, '').replace(JOINER_IN_LATIN, '').normalize('NFC');
}

/** Western single-byte encodings, all decoded as windows-1252 (a superset of Latin-1 in practice). */
const WESTERN = new Set(['ISO-8859-1', 'ISO-8859-15', 'windows-1252']);
/** chardet guesses among Latin encodings are weak on short text; only trust a clear margin. */
const LATIN_MARGIN = 20;
const MIN_CONFIDENCE = 50;

/**
 * Decodes bytes to a string: BOM first (UTF-8, UTF-16LE/BE, UTF-32), then strict UTF-8, then the
 * charset hint (from `<meta>` or a declared type), then detection. Undecodable bytes become
 * U+FFFD rather than vanishing; NUL characters are removed. Returns '' only when the input
 * holds nothing but a BOM or NULs.
 */
export function decodeText(bytes: Uint8Array, hint?: string): string {
  return decodeRaw(bytes, hint).replace(/\u0000/g, '');
}

function decodeRaw(bytes: Uint8Array, hint?: string): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = bomEncoding(buf);
  if (bom) return iconv.decode(buf.subarray(bom.length), bom.encoding, { stripBOM: true });

  const utf16 = sniffUtf16(buf);
  if (utf16) return iconv.decode(buf, utf16);

  const utf8 = tryUtf8(buf);
  if (utf8 !== null) return utf8;

  const hinted = normaliseCharset(hint);
  if (hinted && !/^utf-?8$/i.test(hinted) && iconv.encodingExists(hinted)) {
    return iconv.decode(buf, hinted);
  }
  return iconv.decode(buf, guessEncoding(buf));
}

function bomEncoding(buf: Buffer): { encoding: string; length: number } | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: 'utf8', length: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0 && buf.length >= 4) {
    return { encoding: 'utf32le', length: 4 };
  }
  if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) {
    return { encoding: 'utf32be', length: 4 };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: 'utf16le', length: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { encoding: 'utf16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM: mostly-ASCII text leaves a NUL in every other byte. ASCII-range UTF-16 is
 * also valid UTF-8, so this has to run before the UTF-8 check.
 */
export function sniffUtf16(buf: Uint8Array): 'utf16le' | 'utf16be' | null {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenNul++;
    if (buf[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul / pairs > 0.4 && evenNul / pairs < 0.05) return 'utf16le';
  if (evenNul / pairs > 0.4 && oddNul / pairs < 0.05) return 'utf16be';
  return null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tryUtf8(buf: Buffer): string | null {
  try {
    return strictUtf8.decode(buf);
  } catch {
    return null;
  }
}

function normaliseCharset(hint: string | undefined): string | null {
  const m = hint?.trim().toLowerCase().match(/^[a-z0-9_.:-]+$/);
  if (!m) return null;
  // WHATWG: a page labelled Latin-1 or ASCII is decoded as windows-1252.
  if (['iso-8859-1', 'latin1', 'latin-1', 'us-ascii', 'ascii'].includes(m[0])) return 'windows-1252';
  return m[0];
}

function guessEncoding(buf: Buffer): string {
  const candidates = analyse(buf.subarray(0, 64 * 1024));
  const top = candidates[0];
  if (!top || top.confidence < MIN_CONFIDENCE / 2) return 'windows-1252';
  if (WESTERN.has(top.name) || !iconv.encodingExists(top.name)) return 'windows-1252';
  if (/^(ISO-8859-(2|9|15)|windows-125[0478])$/.test(top.name)) {
    const western = candidates.find((c) => WESTERN.has(c.name))?.confidence ?? 0;
    return top.confidence - western >= LATIN_MARGIN ? top.name : 'windows-1252';
  }
  if (/^UTF-(16|32)/.test(top.name)) return 'windows-1252';
  return top.confidence >= MIN_CONFIDENCE ? top.name : 'windows-1252';
}

import { parseCollectionRef } from '@/db/queries/collections';
import { badRequest } from './errors';

export const DEFAULT_COLLECTION = 'default';

const COLLECTION_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,63}$/u;
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u;
const OWNER_EMAIL = /^[^\s@/\p{Cc}]+@[^\s@/\p{Cc}]+$/u;

/** Scripts a letter may come from; anything else counts as one "other" script. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Tamil', 'Telugu', 'Kannada', 'Malayalam',
  'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Khmer', 'Ethiopic', 'Cherokee', 'Hangul',
  'Hiragana', 'Katakana', 'Bopomofo', 'Han', 'Mongolian',
].map((name) => ({ name, test: new RegExp(`\\p{Script=${name}}`, 'u') }));

/** Mixes real writing uses (Unicode TS #39, "highly restrictive"): Japanese, Chinese, Korean with Latin. */
const ALLOWED_MIXES = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const char of text) {
    if (!/\p{L}/u.test(char) || /[\p{Script=Common}\p{Script=Inherited}]/u.test(char)) continue;
    found.add(SCRIPTS.find((s) => s.test.test(char))?.name ?? 'Other');
  }
  return found;
}

const invalid = (message: string) => badRequest('invalid_collection', message);

/**
 * The one spelling of a collection name: NFKC (so full-width `ｄｅｆａｕｌｔ` is `default`),
 * with no control characters, and letters from one script, so a Cyrillic `dеfault` cannot pose
 * as a second `default`. Throws a 400 that says what to type instead.
 */
export function normalizeCollectionName(raw: string): string {
  if (CONTROL.test(raw)) {
    throw invalid('Collection names cannot contain control or invisible characters (such as NUL); retype the name with visible characters only.');
  }
  const name = raw.normalize('NFKC').trim();
  const scripts = scriptsOf(name);
  if (scripts.size > 1 && !ALLOWED_MIXES.some((mix) => [...scripts].every((s) => mix.includes(s)))) {
    throw invalid(
      `The collection name "${name}" mixes letters from ${[...scripts].join(' and ')}, which makes look-alike names; retype it in one alphabet.`,
    );
  }
  return name;
}

/**
 * A `collection` parameter as given (bare name, id, or `owner-email/name`), normalised, with
 * the default for an empty one. Used wherever a request names a collection.
 */
export function normalizeCollectionRef(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (!value) return DEFAULT_COLLECTION;
  const ref = parseCollectionRef(value);
  if (ref.kind === 'id') return ref.id.toLowerCase();
  if (ref.kind === 'own') return normalizeCollectionName(ref.name);
  const owner = ref.ownerEmail.trim();
  if (!OWNER_EMAIL.test(owner)) {
    throw invalid(`"${value}" is not a collection: use its name for your own, or owner-email/name (or its id) for one shared with you.`);
  }
  return `${owner}/${normalizeCollectionName(ref.name)}`;
}

/** A name for a new collection: normalised, and only letters, digits, spaces, dots, dashes, underscores. */
export function validateNewCollectionName(raw: string): string {
  const name = normalizeCollectionName(raw);
  if (!COLLECTION_NAME.test(name)) {
    throw invalid('Collection names are 1–64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.');
  }
  return name;
}

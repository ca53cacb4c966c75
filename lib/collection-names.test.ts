import { describe, expect, it } from 'vitest';
import { normalizeCollectionName, normalizeCollectionRef, validateNewCollectionName } from './collection-names';

const caught = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; status?: number; message: string };
  }
  return null;
};

describe('collection names', () => {
  it('folds compatibility forms with NFKC, so full-width and ligature spellings are the same name', () => {
    expect(normalizeCollectionName('\uFF44\uFF45\uFF46\uFF41\uFF55\uFF4C\uFF54')).toBe('default');
    expect(normalizeCollectionName('\uFB01nance')).toBe('finance');
    expect(normalizeCollectionName('  notes ')).toBe('notes');
  });

  it('refuses a Latin name with a Cyrillic or Greek look-alike letter, saying what to do', () => {
    for (const lookalike of ['d\u0435fault', 'p\u0430yroll', 'fin\u03B1nce']) {
      const error = caught(() => normalizeCollectionName(lookalike));
      expect(error).toMatchObject({ code: 'invalid_collection', status: 400 });
      expect(error!.message).toMatch(/one alphabet/);
    }
  });

  it('accepts names written wholly in one script, and the mixes real writing uses', () => {
    for (const name of ['справка', 'Ελληνικά', '日本語のノート', 'Q3 レポート', '한국어 文書', 'Müller-Lüdenscheidt', 'notes 2024']) {
      expect(normalizeCollectionName(name)).toBe(name);
    }
  });

  it('refuses NUL, other control characters and invisible format characters', () => {
    for (const bad of ['fin\u0000ance', 'a\u0007b', 'de\u200Bfault', 'x\u202Ey']) {
      expect(caught(() => normalizeCollectionName(bad))).toMatchObject({ code: 'invalid_collection', status: 400 });
    }
  });

  it('keeps new names to letters, digits, spaces, dots, dashes and underscores', () => {
    expect(validateNewCollectionName('field-notes_2.0')).toBe('field-notes_2.0');
    expect(caught(() => validateNewCollectionName('../evil'))).toMatchObject({ code: 'invalid_collection' });
    expect(caught(() => validateNewCollectionName('-x'))).toMatchObject({ code: 'invalid_collection' });
  });
});

describe('collection references', () => {
  it('defaults to the viewer\u2019s own "default" and keeps a bare name bare', () => {
    expect(normalizeCollectionRef(undefined)).toBe('default');
    expect(normalizeCollectionRef('  ')).toBe('default');
    expect(normalizeCollectionRef('\uFF46inance')).toBe('finance');
  });

  it('keeps ids and owner-email/name references, normalising the name part', () => {
    const id = '0B1E2A3C-0000-4000-8000-000000000001';
    expect(normalizeCollectionRef(id)).toBe(id.toLowerCase());
    expect(normalizeCollectionRef('bob@docent.test/\uFF46inance')).toBe('bob@docent.test/finance');
    expect(caught(() => normalizeCollectionRef('bob@docent.test/d\u0435fault'))).toMatchObject({ code: 'invalid_collection' });
  });

  it('refuses a slash that does not follow an owner email', () => {
    for (const bad of ['../../evil', '/finance', 'a b@c/finance', 'bob@x@y/finance']) {
      expect(caught(() => normalizeCollectionRef(bad))).toMatchObject({ code: 'invalid_collection', status: 400 });
    }
  });
});

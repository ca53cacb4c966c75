import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it('keeps only the base name, whatever the separator', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('..\\..\\windows\\win.ini')).toBe('win.ini');
    expect(sanitizeFileName('/abs/path/report.pdf')).toBe('report.pdf');
  });

  it('removes control, bidi-override and zero-width characters', () => {
    expect(sanitizeFileName('in\u0000vo\u0007ice\u202eFDP.exe')).toBe('invoiceFDP.exe');
    expect(sanitizeFileName('a\u200bb\ufeff.txt')).toBe('ab.txt');
  });

  it('shortens long names but keeps the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(400)}.docx`);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name.endsWith('….docx')).toBe(true);
  });

  it('normalises NFD to NFC so twins display alike', () => {
    expect(sanitizeFileName('Cafe\u0301.md')).toBe(sanitizeFileName('Café.md'));
  });

  it('never returns an empty or dot-only name', () => {
    expect(sanitizeFileName('')).toBe('untitled');
    expect(sanitizeFileName('..')).toBe('untitled');
    expect(sanitizeFileName('dir/')).toBe('untitled');
    expect(sanitizeFileName('\u0001\u0002')).toBe('untitled');
  });
});

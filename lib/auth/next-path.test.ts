import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps paths on Docent itself, query and hash included', () => {
    expect(safeNextPath('/documents')).toBe('/documents');
    expect(safeNextPath('/chat/abc?x=1#m2')).toBe('/chat/abc?x=1#m2');
    expect(safeNextPath(['/admin', '/x'])).toBe('/admin');
  });

  it('never sends anyone to another host', () => {
    // As they arrive once the query string is decoded: %09 is a tab, %0a a newline.
    const hostile = ['/\t/attacker.example', '/\n/attacker.example', '/\r\n/attacker.example', '//attacker.example', '/\\attacker.example',
      '/\\/attacker.example', '\\/attacker.example', 'https://attacker.example', ' /x', '/ \t//attacker.example', 'javascript:alert(1)', '',
      '/.//attacker.example', '/..//attacker.example', '/a/..//attacker.example', '/%2e//attacker.example'];
    for (const next of hostile) {
      const path = safeNextPath(next);
      expect(new URL(path, 'http://docent.local').host, JSON.stringify(next)).toBe('docent.local');
      expect(path).toMatch(/^\/(?![/\\])/);
    }
    expect(safeNextPath(undefined)).toBe('/');
  });

  it('never puts a control character into the Location header', () => {
    expect(safeNextPath('/a\nb')).toBe('/ab');
    expect(safeNextPath('/docs\r\nSet-Cookie: x=1')).not.toMatch(/[\r\n]/);
  });
});

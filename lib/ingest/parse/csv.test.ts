import { describe, expect, it } from 'vitest';
import { parseDocument } from './index';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseCsv', () => {
  it('writes each row as header: value pairs in table blocks', async () => {
    const csv = 'name,city,age\nAda,London,36\n"Grace, Rear Admiral",Arlington,85\nLinus,,27\n';
    const doc = await parseDocument(bytes(csv), 'text/csv');
    expect(doc.blocks).toEqual([
      {
        kind: 'table',
        text: 'name: Ada; city: London; age: 36\nname: Grace, Rear Admiral; city: Arlington; age: 85\nname: Linus; age: 27',
        page: null,
        headingPath: [],
      },
    ]);
  });

  it('groups many rows into several self-describing blocks', async () => {
    const rows = Array.from({ length: 95 }, (_, i) => `${i};item ${i}`);
    const doc = await parseDocument(bytes(['id;label', ...rows].join('\n')), 'text/csv');
    expect(doc.blocks).toHaveLength(5);
    expect(doc.blocks.every((b) => b.kind === 'table' && b.text.startsWith('id: '))).toBe(true);
    expect(doc.blocks[4].text.split('\n').at(-1)).toBe('id: 94; label: item 94');
  });

  it('parses what it can of a malformed CSV and says so', async () => {
    const doc = await parseDocument(bytes('a,b\n1,2\n"unclosed,3\n4,5\n'), 'text/csv');
    expect(doc.blocks[0].text).toContain('a: 1; b: 2');
    expect(doc.warnings.join(' ')).toContain('unbalanced quotes');
  });

  it('names columns that have no header', async () => {
    const doc = await parseDocument(bytes('x,\n1,2\n'), 'text/csv');
    expect(doc.blocks[0].text).toBe('x: 1; column 2: 2');
  });
});

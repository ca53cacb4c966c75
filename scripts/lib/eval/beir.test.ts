import { describe, expect, it } from 'vitest';
import { beirDocumentText, parseJsonLines, parseQrels, sliceBeir, type BeirDataset } from './beir';

describe('parseQrels', () => {
  it('reads graded judgements after the header, ignoring blank lines and CRLF', () => {
    const qrels = parseQrels('query-id\tcorpus-id\tscore\r\n1\td1\t1\r\n1\td2\t2\n\n2\td3\t0\n');
    expect([...qrels.get('1')!]).toEqual([['d1', 1], ['d2', 2]]);
    expect([...qrels.get('2')!]).toEqual([['d3', 0]]);
  });

  it('rejects a row without a score', () => {
    expect(() => parseQrels('1\td1\tx\n')).toThrow(/no numeric score/);
  });
});

describe('parseJsonLines', () => {
  it('names the line that is not JSON', () => {
    expect(() => parseJsonLines('{"a":1}\n{oops\n', 'corpus.jsonl')).toThrow('corpus.jsonl:2 is not valid JSON');
  });
});

describe('beirDocumentText', () => {
  it('is the title, one space, then the text, as MTEB embeds it', () => {
    expect(beirDocumentText({ id: '1', title: 'Title', text: 'Body.' })).toBe('Title Body.');
    expect(beirDocumentText({ id: '1', title: '', text: 'Body.' })).toBe('Body.');
  });
});

describe('sliceBeir', () => {
  const data: BeirDataset = {
    name: 'toy',
    split: 'test',
    corpus: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: id, text: id })),
    queries: [{ id: 'q1', text: 'x' }, { id: 'q2', text: 'y' }],
    qrels: new Map([
      ['q1', new Map([['d', 1]])],
      ['q2', new Map([['e', 1]])],
    ]),
  };

  it('keeps the first queries, their relevant documents, then others in corpus order', () => {
    const slice = sliceBeir(data, { queryCount: 1, docCount: 3 });
    expect(slice.queries.map((q) => q.id)).toEqual(['q1']);
    expect([...slice.qrels.keys()]).toEqual(['q1']);
    expect(slice.corpus.map((d) => d.id)).toEqual(['d', 'a', 'b']);
  });

  it('never drops a relevant document to meet the size', () => {
    expect(sliceBeir(data, { docCount: 1 }).corpus.map((d) => d.id)).toEqual(['d', 'e']);
  });
});

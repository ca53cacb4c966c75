import Papa from 'papaparse';
import { decodeText } from '../decode-text';
import type { ParsedDocument } from '../types';
import { BlockBuilder, collapseSpace, parseFailed } from './blocks';

const ROWS_PER_BLOCK = 20;
const MAX_BLOCK_CHARS = 4000;

/**
 * CSV as table blocks of rows, each row written "header: value; header: value" so any chunk
 * cut from it still says what its numbers mean. Rows papaparse cannot split are skipped with a
 * warning; a file with no usable row fails.
 */
export function parseCsv(bytes: Uint8Array): ParsedDocument {
  const result = Papa.parse<string[]>(decodeText(bytes), { skipEmptyLines: 'greedy' });
  const rows = result.data.filter((row) => Array.isArray(row) && row.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) throw parseFailed('No rows could be read from this CSV; check that it is comma-, semicolon- or tab-separated text and upload it again.');

  const header = rows[0].map((h, i) => collapseSpace(h) || `column ${i + 1}`);
  const warnings: string[] = [];
  const quoteErrors = result.errors.filter((e) => e.type === 'Quotes').length;
  if (quoteErrors > 0) warnings.push(`${quoteErrors} row(s) of this CSV have unbalanced quotes; their text may be merged with the next row.`);

  const builder = new BlockBuilder();
  if (rows.length === 1) {
    builder.add('table', header.join('; '));
    return { title: null, blocks: builder.blocks, pageCount: null, warnings };
  }
  let block: string[] = [];
  let size = 0;
  const flush = () => {
    if (block.length > 0) builder.add('table', block.join('\n'));
    block = [];
    size = 0;
  };
  for (const row of rows.slice(1)) {
    const line = row
      .map((cell, i) => [header[i] ?? `column ${i + 1}`, collapseSpace(cell)] as const)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => `${name}: ${value}`)
      .join('; ');
    if (!line) continue;
    if (block.length >= ROWS_PER_BLOCK || (size > 0 && size + line.length > MAX_BLOCK_CHARS)) flush();
    block.push(line);
    size += line.length + 1;
  }
  flush();
  return { title: null, blocks: builder.blocks, pageCount: null, warnings };
}

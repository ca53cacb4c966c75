import type { ParsedDocument } from '../types';
import { noText } from './blocks';
import { SHEET_LIMITS, SheetWriter } from './sheet-table';
import { walkXml } from './xml-walk';
import { inspectZip, type ZipFormat } from './zip-guard';
import { streamZipPart } from './zip-read';

export const ODS: ZipFormat = { name: 'OpenDocument spreadsheet', code: 'ods', mainPart: 'content.xml', resave: 're-save it from LibreOffice Calc' };

/**
 * ODS: content.xml streamed through saxes after the zip guard. ODF compresses runs of equal
 * rows and cells with `number-*-repeated` (an empty sheet says "1,048,576 empty rows"), so
 * repeats are expanded only for cells with text, and never past the sheet caps.
 */
export async function parseOds(bytes: Uint8Array): Promise<ParsedDocument> {
  await inspectZip(bytes, ODS);
  const writer = new SheetWriter();
  let row: string[] = [];
  let rowRepeat = 1;
  let cell: string | null = null;
  let cellRepeat = 1;
  let annotationDepth = 0;

  await walkXml(
    streamZipPart(bytes, 'content.xml'),
    {
      open(name, attrs) {
        if (name === 'office:annotation') annotationDepth++;
        else if (name === 'table:table') writer.startSheet(attrs['table:name'] ?? '');
        else if (name === 'table:table-row') {
          row = [];
          rowRepeat = repeat(attrs['table:number-rows-repeated']);
        } else if (name === 'table:table-cell' || name === 'table:covered-table-cell') {
          cell = '';
          cellRepeat = repeat(attrs['table:number-columns-repeated']);
        } else if (cell !== null && annotationDepth === 0 && /^text:(s|tab|line-break)$/.test(name)) cell += ' ';
        else if (cell !== null && annotationDepth === 0 && name === 'text:p' && cell !== '') cell += ' ';
      },
      text(text) {
        if (cell !== null && annotationDepth === 0) cell += text;
      },
      close(name) {
        if (name === 'office:annotation') annotationDepth--;
        else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && cell !== null) {
          const copies = Math.min(cellRepeat, SHEET_LIMITS.maxColumns - row.length);
          for (let i = 0; i < copies; i++) row.push(cell);
          cell = null;
        } else if (name === 'table:table-row') {
          if (row.some((c) => c.trim() !== '')) {
            for (let i = 0; i < Math.min(rowRepeat, SHEET_LIMITS.maxRowsPerSheet) && writer.addRow(row); i++);
          }
          row = [];
        }
      },
    },
    'OpenDocument spreadsheet',
  );
  writer.finishSheet();
  if (writer.builder.blocks.every((b) => b.kind === 'heading')) throw noText('OpenDocument spreadsheet');
  return { title: null, blocks: writer.builder.blocks, pageCount: null, warnings: writer.warnings };
}

function repeat(value: string | undefined): number {
  const n = Number(value ?? 1);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

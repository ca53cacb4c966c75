import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ParsedDocument } from '../types';
import { noText, parseFailed } from './blocks';
import { SheetWriter } from './sheet-table';
import { inspectZip, type ZipFormat } from './zip-guard';

export const XLSX: ZipFormat = { name: 'Excel workbook', code: 'xlsx', mainPart: 'xl/workbook.xml', resave: 're-save it from Excel or LibreOffice' };

/**
 * XLSX through exceljs's streaming reader (rows arrive one at a time; shared strings are
 * cached), after the zip guard. Each sheet is a section named after it; see SheetWriter.
 */
export async function parseXlsx(bytes: Uint8Array): Promise<ParsedDocument> {
  await inspectZip(bytes, XLSX);
  const writer = new SheetWriter();
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      writer.startSheet((sheet as unknown as { name: string }).name);
      let open = true;
      for await (const row of sheet) {
        // Keep draining a full sheet: the reader parses it either way, and stopping early stalls it.
        if (open) open = writer.addRow(rowValues(row.values));
      }
    }
    writer.finishSheet();
  } catch (e) {
    throw parseFailed(`This Excel workbook could not be read (${(e instanceof Error ? e.message : String(e)).slice(0, 200)}); re-save it as .xlsx and upload it again.`);
  }
  if (writer.builder.blocks.every((b) => b.kind === 'heading')) throw noText('Excel workbook');
  return { title: null, blocks: writer.builder.blocks, pageCount: null, warnings: writer.warnings };
}

/** exceljs row values are 1-based and hold numbers, dates, rich text, formulas and links. */
function rowValues(values: ExcelJS.CellValue[] | Record<string, ExcelJS.CellValue>): string[] {
  const list = Array.isArray(values) ? values.slice(1) : Object.values(values);
  return Array.from(list, (v) => cellText(v));
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
  if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? '');
  if ('error' in value) return String(value.error);
  return '';
}

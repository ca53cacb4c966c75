import { BlockBuilder, collapseSpace } from './blocks';

/** Rows per table block; each block repeats the header, so any chunk says what its columns mean. */
const ROWS_PER_BLOCK = 20;
export const SHEET_LIMITS = { maxRowsPerSheet: 20_000, maxCells: 1_000_000, maxColumns: 200 };

/**
 * Writes spreadsheets as sections: one heading per sheet, then its rows as Markdown tables (the
 * first non-empty row is the header). Sheets past a row cap, and workbooks past a cell cap, are
 * cut off with a note in the text and in the warnings.
 */
export class SheetWriter {
  readonly builder = new BlockBuilder();
  readonly warnings: string[] = [];
  private sheet = '';
  private header: string[] | null = null;
  private rows: string[] = [];
  private rowCount = 0;
  private cells = 0;
  private capped = false;
  private workbookFull = false;

  constructor(private readonly limits = SHEET_LIMITS) {}

  startSheet(name: string): void {
    this.finishSheet();
    if (this.workbookFull) return;
    this.sheet = collapseSpace(name) || 'Sheet';
    this.header = null;
    this.rowCount = 0;
    this.capped = false;
    this.builder.heading(this.sheet, 1);
  }

  /** False once this sheet (or the workbook) is full: the caller may stop reading it. */
  addRow(values: string[]): boolean {
    if (this.capped || this.workbookFull) return false;
    const cells = trimEnd(values.slice(0, this.limits.maxColumns).map((v) => collapseSpace(v).replace(/\|/g, '\\|')));
    if (cells.length === 0) return true;
    if (this.rowCount >= this.limits.maxRowsPerSheet || this.cells + cells.length > this.limits.maxCells) {
      this.cap();
      return false;
    }
    this.rowCount++;
    this.cells += cells.length;
    if (!this.header) {
      this.header = cells.map((c, i) => c || `column ${i + 1}`);
      return true;
    }
    this.rows.push(`| ${cells.join(' | ')} |`);
    if (this.rows.length >= ROWS_PER_BLOCK) this.flush();
    return true;
  }

  finishSheet(): void {
    if (this.header && this.rows.length === 0 && this.rowCount === 1) this.builder.add('table', `| ${this.header.join(' | ')} |`);
    this.flush();
  }

  private flush(): void {
    if (this.rows.length === 0 || !this.header) return;
    const head = `| ${this.header.join(' | ')} |\n|${this.header.map(() => ' --- |').join('')}`;
    this.builder.add('table', `${head}\n${this.rows.join('\n')}`);
    this.rows = [];
  }

  private cap(): void {
    this.flush();
    this.capped = true;
    this.workbookFull = this.rowCount < this.limits.maxRowsPerSheet;
    const message =
      this.rowCount >= this.limits.maxRowsPerSheet
        ? `Sheet "${this.sheet}" has more than ${this.limits.maxRowsPerSheet.toLocaleString('en')} rows; only the first ${this.limits.maxRowsPerSheet.toLocaleString('en')} were read. Split it into smaller sheets to ingest the rest.`
        : `This workbook has more than ${this.limits.maxCells.toLocaleString('en')} cells; sheet "${this.sheet}" and later ones were cut off. Split the workbook to ingest the rest.`;
    this.warnings.push(message);
    this.builder.add('paragraph', message);
  }
}

function trimEnd(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

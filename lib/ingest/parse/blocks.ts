import { AppError } from '@/lib/errors';
import type { ParsedBlock } from '../types';

type BodyKind = Exclude<ParsedBlock['kind'], 'heading'>;

/** Collects blocks in reading order and keeps the heading path that each block sits under. */
export class BlockBuilder {
  readonly blocks: ParsedBlock[] = [];
  private stack: Array<{ level: number; text: string }> = [];

  heading(text: string, level: number, page: number | null = null): void {
    const clean = collapseSpace(text);
    if (!clean) return;
    const lvl = Math.min(6, Math.max(1, Math.round(level)));
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].level >= lvl) this.stack.pop();
    this.blocks.push({ kind: 'heading', text: clean, page, headingPath: this.path(), level: lvl });
    this.stack.push({ level: lvl, text: clean });
  }

  add(kind: BodyKind, text: string, page: number | null = null): void {
    const clean = kind === 'code' ? text.replace(/^\n+|\s+$/g, '') : tidyLines(text, kind === 'list');
    if (!clean.trim()) return;
    this.blocks.push({ kind, text: clean, page, headingPath: this.path() });
  }

  firstHeading(): string | null {
    return this.blocks.find((b) => b.kind === 'heading')?.text ?? null;
  }

  private path(): string[] {
    return this.stack.map((h) => h.text);
  }
}

/** Collapses runs of spaces, tabs and no-break spaces into one space. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00A0]+/g, ' ').trim();
}

/** Collapses spaces within each line and drops blank lines; keepIndent keeps nesting of lists. */
export function tidyLines(text: string, keepIndent = false): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const indent = keepIndent ? (line.match(/^[ \t]*/)?.[0] ?? '').replace(/\t/g, '  ') : '';
      const body = line.replace(/[ \t\f\v\u00A0]+/g, ' ').trim();
      return body ? indent + body : '';
    })
    .filter((line) => line !== '')
    .join('\n');
}

export function parseFailed(message: string): AppError {
  return new AppError('parse_failed', message, 422);
}

export function noText(what: string): AppError {
  return new AppError(
    'no_text',
    `No text could be extracted from this ${what}; check that it is the right file and that it has text in it.`,
    422,
  );
}

import type { DocumentView } from '@/lib/documents/documents';

/** The contract's Document, as the browser receives it. */
export type DocumentItem = DocumentView;

export const STATUS_LABEL: Record<DocumentItem['status'], string> = {
  queued: 'Queued',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

/** "OCR: pages 2, 5 (confidence 91%)"; long page lists are shortened. */
export function ocrLabel(ocr: NonNullable<DocumentItem['ocr']>): string {
  const pages = ocr.pages.length > 8 ? `${ocr.pages.slice(0, 8).join(', ')} and ${ocr.pages.length - 8} more` : ocr.pages.join(', ');
  const confidence = ocr.meanConfidence === null ? '' : ` (confidence ${Math.round(ocr.meanConfidence)}%)`;
  return `OCR: page${ocr.pages.length === 1 ? '' : 's'} ${pages}${confidence}`;
}

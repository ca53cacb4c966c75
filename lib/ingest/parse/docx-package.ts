import { hiddenTextWarning, readHiddenStyles, stripHiddenRuns } from './docx-hidden';
import { readZipParts } from './zip-read';

/** The zip interface mammoth reads a DOCX through (its `file` input, see mammoth/lib/unzip.js). */
export interface MammothFile {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
}

export interface DocxPackage {
  file: MammothFile;
  /** XML parts as text, hidden runs already removed from the content parts. */
  parts: Map<string, string>;
  warnings: string[];
}

// Images are never read (docx.ts drops them), so they are not inflated at all.
const MEDIA = /^word\/media\//;
// Parts whose runs a reader sees: body, headers, footers, notes and comments.
const CONTENT_PART = /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;

/**
 * Opens a DOCX that inspectZip has passed, with hidden text stripped from every content part
 * before mammoth or the header, footer and comment readers see it.
 */
export async function openDocxPackage(bytes: Uint8Array): Promise<DocxPackage> {
  const names = new Set<string>();
  const raw = await readZipParts(bytes, (name) => {
    names.add(name);
    return !MEDIA.test(name);
  });
  const parts = new Map<string, string>();
  for (const [name, data] of raw) parts.set(name, data.toString('utf8'));

  const styles = readHiddenStyles(parts.get('word/styles.xml') ?? '');
  let hiddenChars = 0;
  for (const [name, xml] of parts) {
    if (!CONTENT_PART.test(name)) continue;
    const stripped = stripHiddenRuns(xml, styles);
    hiddenChars += stripped.hiddenChars;
    parts.set(name, stripped.xml);
  }

  const file: MammothFile = {
    exists: (name) => names.has(name),
    async read(name, encoding) {
      const text = parts.get(name);
      if (text === undefined) throw new Error(`The DOCX part ${name} is not available`);
      return encoding ? text : new TextEncoder().encode(text);
    },
  };
  return { file, parts, warnings: hiddenChars > 0 ? [hiddenTextWarning(hiddenChars)] : [] };
}

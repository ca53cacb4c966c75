const MAX_NAME_LENGTH = 200;

/**
 * The display name of an uploaded file: its base name with path separators, control and
 * bidirectional-override characters removed, NFC-normalised and shortened (keeping the
 * extension). Only ever displayed; stored files are never named from user input.
 */
export function sanitizeFileName(raw: string): string {
  let name = raw.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    // C0/C1 controls, bidi overrides and isolates, zero-width and BOM characters.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .trim();
  if (/^\.+$/.test(name)) name = '';
  if (name.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = `${name.slice(0, MAX_NAME_LENGTH - ext.length - 1)}…${ext}`;
  }
  return name || 'untitled';
}

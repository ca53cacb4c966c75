import { collapseSpace } from './blocks';
import { decodeXmlText } from './xml-text';
import { walkXml } from './xml-walk';

/**
 * The parts of a DOCX that mammoth leaves out: headers, footers and review comments. They are
 * read here with a streaming walk, after hidden runs were stripped (docx-hidden.ts).
 */

export const HEADER_FOOTER = /^word\/(header|footer)\d*\.xml$/;

/**
 * Paragraph texts of a WordprocessingML part, in order (table cells are paragraphs too). A
 * cell continuing a vertical merge (`<w:vMerge/>` without "restart") is not shown by Word,
 * so its leftover text is skipped.
 */
export async function partParagraphs(xml: string, what: string): Promise<string[]> {
  const paragraphs: string[] = [];
  const cells: boolean[] = [];
  let text = '';
  let inText = false;
  const merged = () => cells.includes(true);
  await walkXml(
    xml,
    {
      open(name, attributes) {
        if (name === 'w:t') inText = true;
        else if (name === 'w:tab' || name === 'w:br') text += ' ';
        else if (name === 'w:tc') cells.push(false);
        else if (name === 'w:vMerge' && cells.length > 0) cells[cells.length - 1] = attributes['w:val'] !== 'restart';
      },
      close(name) {
        if (name === 'w:t') inText = false;
        else if (name === 'w:tc') cells.pop();
        else if (name === 'w:p') {
          const clean = collapseSpace(text);
          if (clean && !merged()) paragraphs.push(clean);
          text = '';
        }
      },
      text(t) {
        if (inText) text += t;
      },
    },
    what,
  );
  return paragraphs;
}

// A footer's PAGE field leaves its last rendered number behind ("1", "Page 3 of 12", "Page 4-2"):
// noise, and it would make every section's otherwise identical footer look different.
const PAGE_NUMBER = /^(page\s+)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;
const TRAILING_PAGE = /\s+page\s+\d{0,4}(?:[-–.]\d{0,4})?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/**
 * Header and footer text once for the whole document: Word repeats them on every page, and a
 * document has up to three of each per section (first, even, default), often identical.
 */
export async function headerFooterLines(parts: Map<string, string>): Promise<string[]> {
  const names = [...parts.keys()].filter((n) => HEADER_FOOTER.test(n)).sort(byKindThenNumber);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const name of names) {
    for (const paragraph of await partParagraphs(parts.get(name)!, 'DOCX header or footer')) {
      const line = paragraph.replace(TRAILING_PAGE, '');
      if (!line || PAGE_NUMBER.test(line) || seen.has(line)) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  return lines;
}

function byKindThenNumber(a: string, b: string): number {
  const key = (n: string) => [n.includes('footer') ? 1 : 0, Number(n.match(/(\d+)\.xml$/)?.[1] ?? 0)];
  const [ka, kb] = [key(a), key(b)];
  return ka[0] - kb[0] || ka[1] - kb[1];
}

export interface DocxComment {
  author: string | null;
  /** The document text the comment is attached to. */
  anchor: string;
  text: string;
}

/** Review comments with their author and the text they were made on. */
export async function readComments(commentsXml: string, documentXml: string): Promise<DocxComment[]> {
  const anchors = await commentAnchors(documentXml);
  const comments: DocxComment[] = [];
  // Each comment's body is walked on its own, so its paragraphs cannot run into the next one.
  for (const [, attrs, body] of commentsXml.matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)) {
    const id = attrs.match(/w:id="([^"]*)"/)?.[1] ?? '';
    const author = attrs.match(/w:author="([^"]*)"/)?.[1];
    const text = (await partParagraphs(`<w:comment xmlns:w="w">${body}</w:comment>`, 'DOCX comment')).join(' ');
    if (text) comments.push({ author: author ? decodeXmlText(author).trim() || null : null, anchor: collapseSpace(anchors.get(id) ?? ''), text });
  }
  return comments;
}

/** The text between each commentRangeStart and commentRangeEnd, by comment id. */
async function commentAnchors(documentXml: string): Promise<Map<string, string>> {
  const anchors = new Map<string, string>();
  const open = new Set<string>();
  let inText = false;
  await walkXml(
    documentXml,
    {
      open(name, attributes) {
        if (name === 'w:commentRangeStart') {
          open.add(attributes['w:id']);
          anchors.set(attributes['w:id'], '');
        } else if (name === 'w:commentRangeEnd') open.delete(attributes['w:id']);
        else if (name === 'w:t') inText = open.size > 0;
      },
      close(name) {
        if (name === 'w:t') inText = false;
        else if (name === 'w:p') for (const id of open) anchors.set(id, anchors.get(id) + ' ');
      },
      text(t) {
        if (inText) for (const id of open) anchors.set(id, anchors.get(id) + t);
      },
    },
    'DOCX',
  );
  return anchors;
}

/** One line per comment: who commented, on what, and what they said. */
export function commentLine(c: DocxComment): string {
  const who = c.author ?? 'A reviewer';
  const on = c.anchor ? ` on “${c.anchor.length > 200 ? `${c.anchor.slice(0, 200)}…` : c.anchor}”` : '';
  return `${who}${on}: ${c.text}`;
}

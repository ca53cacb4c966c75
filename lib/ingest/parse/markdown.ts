import { decodeText } from '../decode-text';
import type { ParsedDocument } from '../types';
import { BlockBuilder } from './blocks';

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const LIST_ITEM = /^ {0,3}([-+*]|\d{1,9}[.)])[ \t]+/;
const TABLE_DELIMITER = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;

/**
 * Splits Markdown into blocks: ATX and setext headings (with heading paths), fenced code kept
 * whole and literal with its fences, lists, pipe tables and paragraphs. Inline markup is left as written — it
 * reads fine to the embedder and keeps links and code spans intact. HTML comments are dropped.
 * A `title:` in YAML front matter becomes the document title.
 */
export function parseMarkdown(bytes: Uint8Array): ParsedDocument {
  const lines = decodeText(bytes).split(/\r\n|\r|\n/);
  const builder = new BlockBuilder();
  let i = 0;
  let title: string | null = null;

  if (/^---\s*$/.test(lines[0] ?? '')) {
    const end = lines.findIndex((l, n) => n > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end > 0) {
      const m = lines.slice(1, end).join('\n').match(/^title:\s*(.+)$/m);
      title = m ? m[1].trim().replace(/^(["'])(.*)\1$/, '$2') || null : null;
      i = end + 1;
    }
  }

  let para: string[] = [];
  let inComment = false;
  const flush = () => {
    if (para.length === 0) return;
    const kind = LIST_ITEM.test(para[0]) ? 'list' : para.length > 1 && TABLE_DELIMITER.test(para[1]) && para[0].includes('|') ? 'table' : 'paragraph';
    builder.add(kind, para.join('\n'));
    para = [];
  };

  while (i < lines.length) {
    let line = lines[i];
    if (inComment || line.includes('<!--')) {
      const visible = stripComments(line, inComment);
      inComment = visible.open;
      if (visible.text.trim() === '' && line.trim() !== '') {
        i++;
        continue;
      }
      line = visible.text;
    }
    const fence = line.match(FENCE);
    if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
      flush();
      const close = new RegExp(`^ {0,3}${fence[1][0]}{${fence[1].length},}\\s*$`);
      const body: string[] = [line];
      i++;
      while (i < lines.length && !close.test(lines[i])) body.push(lines[i++]);
      body.push(lines[i] ?? fence[1]);
      i++;
      builder.add('code', body.join('\n'));
      continue;
    }
    const atx = line.match(ATX);
    if (atx) {
      flush();
      builder.heading(atx[2] ?? '', atx[1].length);
      i++;
      continue;
    }
    if (line.trim() === '') {
      flush();
      i++;
      continue;
    }
    const setext = line.match(SETEXT);
    if (setext && para.length > 0 && !LIST_ITEM.test(para[0]) && !para[0].includes('|')) {
      const text = para.join(' ');
      para = [];
      builder.heading(text, setext[1][0] === '=' ? 1 : 2);
      i++;
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      flush();
      i++;
      continue;
    }
    // A list starting right after paragraph text still starts a new block.
    if (LIST_ITEM.test(line) && para.length > 0 && !LIST_ITEM.test(para[0])) flush();
    para.push(line);
    i++;
  }
  flush();
  return { title: title ?? builder.firstHeading(), blocks: builder.blocks, pageCount: null, warnings: [] };
}

/**
 * Removes HTML comments from a line outside code. They never show when Markdown is rendered, so
 * text in them is a way to hide instructions from the person who uploads the file.
 */
function stripComments(line: string, inComment: boolean): { text: string; open: boolean } {
  let out = '';
  let rest = line;
  let open = inComment;
  while (rest) {
    if (open) {
      const end = rest.indexOf('-->');
      if (end < 0) return { text: out, open: true };
      rest = rest.slice(end + 3);
      open = false;
    } else {
      const start = rest.indexOf('<!--');
      if (start < 0) return { text: out + rest, open: false };
      out += rest.slice(0, start);
      rest = rest.slice(start + 4);
      open = true;
    }
  }
  return { text: out, open };
}

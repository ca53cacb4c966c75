import { BlockBuilder, collapseSpace } from './blocks';

// linkedom implements the DOM but its types are not the lib.dom ones; keep to what is used here.
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  localName: string;
  children: ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
  getAttribute(name: string): string | null;
}

/** Carries a heading's original level through Readability, which rewrites h1 as h2. */
export const LEVEL_ATTRIBUTE = 'data-docent-level';
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const SKIP = new Set([
  'title', 'meta', 'link', 'base',
  'script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'canvas', 'iframe', 'object',
  'embed', 'video', 'audio', 'picture', 'img', 'button', 'select', 'input', 'textarea', 'map',
]);
const BLOCKS = [
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
];
const BLOCK_SET = new Set(BLOCKS);
const BLOCK_SELECTOR = BLOCKS.join(',');

/** Walks an HTML tree in document order and emits heading, paragraph, list, table and code blocks. */
export function htmlToBlocks(root: DomElement, builder: BlockBuilder): void {
  let inline = '';
  const flush = () => {
    if (inline.trim()) builder.add('paragraph', inline);
    inline = '';
  };
  const walk = (el: DomElement) => {
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === TEXT_NODE) {
        inline += (node.textContent ?? '').replace(/\n/g, ' ');
        continue;
      }
      if (node.nodeType !== ELEMENT_NODE) continue;
      const child = node as DomElement;
      const tag = child.localName;
      if (SKIP.has(tag)) continue;
      if (tag === 'br') {
        inline += '\n';
      } else if (/^h[1-6]$/.test(tag)) {
        flush();
        builder.heading(inlineText(child), Number(child.getAttribute(LEVEL_ATTRIBUTE) ?? tag[1]) || Number(tag[1]));
      } else if (tag === 'ul' || tag === 'ol') {
        flush();
        builder.add('list', listText(child, 0));
      } else if (tag === 'table') {
        flush();
        builder.add('table', tableText(child));
      } else if (tag === 'pre') {
        flush();
        builder.add('code', child.textContent ?? '');
      } else if (tag === 'p' || tag === 'dt' || tag === 'dd' || tag === 'figcaption' || tag === 'summary') {
        flush();
        if (child.querySelector(BLOCK_SELECTOR)) walk(child);
        else builder.add('paragraph', inlineText(child, true));
        flush();
      } else if (BLOCK_SET.has(tag) || child.querySelector(BLOCK_SELECTOR)) {
        flush();
        walk(child);
        flush();
      } else {
        inline += rawText(child);
      }
    }
  };
  walk(root);
  flush();
}

/** Text of an element, whitespace collapsed; with keepBreaks, <br> and block children become line breaks. */
export function inlineText(el: DomNode, keepBreaks = false): string {
  const out = rawText(el);
  return keepBreaks ? out.split('\n').map(collapseSpace).filter(Boolean).join('\n') : collapseSpace(out);
}

/** Text content without skipped elements; <br> and block boundaries become '\n', spaces kept. */
function rawText(el: DomNode): string {
  let out = '';
  const visit = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      out += (node.textContent ?? '').replace(/\n/g, ' ');
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = (node as DomElement).localName;
    if (SKIP.has(tag)) return;
    if (tag === 'br') {
      out += '\n';
      return;
    }
    const block = BLOCK_SET.has(tag);
    if (block) out += '\n';
    for (const child of Array.from(node.childNodes)) visit(child);
    if (block) out += '\n';
  };
  for (const child of Array.from(el.childNodes)) visit(child);
  return out;
}

function listText(list: DomElement, depth: number): string {
  const lines: string[] = [];
  let n = Number(list.getAttribute('start') ?? '1') || 1;
  for (const item of Array.from(list.children)) {
    if (item.localName !== 'li') continue;
    const marker = list.localName === 'ol' ? `${n++}.` : '-';
    let own = '';
    const nested: string[] = [];
    for (const node of Array.from(item.childNodes)) {
      const tag = node.nodeType === ELEMENT_NODE ? (node as DomElement).localName : '';
      if (tag === 'ul' || tag === 'ol') nested.push(listText(node as DomElement, depth + 1));
      else if (node.nodeType === TEXT_NODE) own += node.textContent ?? '';
      else if (node.nodeType === ELEMENT_NODE && !SKIP.has(tag)) own += ' ' + inlineText(node as DomElement) + ' ';
    }
    lines.push(`${'  '.repeat(depth)}${marker} ${collapseSpace(own)}`.trimEnd(), ...nested.filter(Boolean));
  }
  return lines.join('\n');
}

/** One line per row, cells separated by " | "; nested tables are flattened into their cell. */
function tableText(table: DomElement): string {
  const lines: string[] = [];
  const caption = table.querySelector('caption');
  if (caption) lines.push(inlineText(caption));
  const rows = (el: DomElement): DomElement[] =>
    Array.from(el.children).flatMap((c) =>
      c.localName === 'tr' ? [c] : ['thead', 'tbody', 'tfoot'].includes(c.localName) ? rows(c) : [],
    );
  for (const row of rows(table)) {
    const cells = Array.from(row.children)
      .filter((c) => c.localName === 'td' || c.localName === 'th')
      .map((c) => inlineText(c));
    if (cells.some((c) => c !== '')) lines.push(cells.join(' | '));
  }
  return lines.join('\n');
}

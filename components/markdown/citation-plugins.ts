import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent, Text } from 'hast';
import type { Root as MdastRoot, RootContent as MdastContent } from 'mdast';
import { findCitations } from '@/lib/chat/citations';

const NUMERIC_LABEL = /^\s*\d{1,4}(?:\s*,\s*\d{1,4})*\s*$/;

/**
 * `[1]` is also markdown's shortcut reference syntax: an answer that also defines `[1]: https://…`
 * would turn its citation into a link to that host. Numeric references become plain text again.
 */
export function remarkCitationText() {
  return (tree: MdastRoot) => {
    const walk = (node: MdastRoot | MdastContent) => {
      if (!('children' in node)) return;
      node.children = node.children.map((child) => {
        if (child.type === 'linkReference' && child.referenceType !== 'full' && NUMERIC_LABEL.test(child.label ?? '')) {
          return { type: 'text', value: `[${child.label}]${child.referenceType === 'collapsed' ? '[]' : ''}` };
        }
        walk(child);
        return child;
      }) as typeof node.children;
    };
    walk(tree);
  };
}

/** react-markdown turns raw HTML into text anyway; doing it before the sanitiser shows it as text instead of dropping it. */
export function rehypeRawAsText() {
  return (tree: HastRoot) => {
    const walk = (node: HastRoot | Element) => {
      node.children = node.children.map((child) => {
        const c = child as HastContent | { type: 'raw'; value: string };
        if (c.type === 'raw') return { type: 'text', value: c.value } satisfies Text;
        if (c.type === 'element') walk(c);
        return child;
      }) as typeof node.children;
    };
    walk(tree);
  };
}

export interface CitationOptions {
  /** Whether `[n]` names a source of this answer; other numbers stay plain text. */
  isSource: (n: number) => boolean;
}

const SKIP = new Set(['a', 'code', 'pre', 'kbd', 'button']);

/** Splits one text into text and citation pieces. Exported for tests. */
export function splitCitations(value: string, isSource: (n: number) => boolean): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const match of findCitations(value)) {
    const { numbers } = match;
    if (!numbers.every(isSource)) continue;
    if (match.index > last) out.push({ type: 'text', value: value.slice(last, match.index) });
    numbers.forEach((n, i) => {
      if (i > 0) out.push({ type: 'text', value: ' ' });
      out.push(citationElement(n));
    });
    last = match.index + match.length;
  }
  if (last === 0) return [{ type: 'text', value }];
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

/**
 * Runs after the sanitiser, so it is the only source of these buttons: the markdown itself can
 * never produce one (raw HTML is text, and the sanitiser drops buttons and data attributes).
 */
function citationElement(n: number): Element {
  return { type: 'element', tagName: 'button', properties: { type: 'button', dataCitation: String(n) }, children: [{ type: 'text', value: `[${n}]` }] };
}

export function rehypeCitations(options: CitationOptions) {
  return (tree: HastRoot) => {
    const walk = (node: HastRoot | Element) => {
      const children: HastContent[] = node.children;
      node.children = children.flatMap((child): HastContent[] => {
        if (child.type === 'text') return splitCitations(child.value, options.isSource);
        if (child.type === 'element' && !SKIP.has(child.tagName)) walk(child);
        return [child];
      }) as typeof node.children;
    };
    walk(tree);
  };
}

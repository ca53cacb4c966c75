import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeText } from '../decode-text';
import type { ParsedDocument } from '../types';
import { BlockBuilder, collapseSpace, noText } from './blocks';
import { htmlToBlocks, LEVEL_ATTRIBUTE } from './html-blocks';

const REMOVE = [
  'script', 'style', 'noscript', 'template', 'nav', 'aside', 'iframe', 'object', 'embed', 'svg',
  'canvas', 'form', 'button', 'select', 'dialog:not([open])', '[hidden]', '[aria-hidden="true" i]',
  'input[type="hidden" i]', 'footer', 'header:not(article header, main header)',
].join(',');
/** Inline styles that hide text from a reader; such text is a classic prompt-injection carrier. */
const HIDDEN_STYLE =
  /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|opacity\s*:\s*0*(\.0+)?\s*(!important)?\s*(;|$)|font-size\s*:\s*0+(\.0+)?[a-z%]*\s*(;|$)|(left|top|text-indent)\s*:\s*-\d{3,})/i;
/** Readability must keep at least this share of the cleaned page, or the whole page is used. */
const MIN_ARTICLE_SHARE = 0.25;

type Doc = ReturnType<typeof parseHTML>['document'];

/**
 * Main text of an HTML page. Hidden and boilerplate elements are removed first, then Readability
 * picks the article; when it finds none (or drops most of the page, as on data-table pages) the
 * cleaned body is used instead.
 */
export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const html = decodeText(bytes, sniffCharset(bytes));
  const { document } = parseHTML(asDocument(html));
  const pageTitle = collapseSpace(document.querySelector('title')?.textContent ?? '') || null;
  removeHidden(document);

  // Never touch document.body: linkedom's getter inserts an empty <body> when the real one does
  // not directly follow <head>.
  const body = document.querySelector('body') ?? document.documentElement;
  const bodyText = collapseSpace(body.textContent ?? '');
  if (!bodyText) throw noText('web page');

  let root = body as unknown as Parameters<typeof htmlToBlocks>[0];
  // Readability renames h1 to h2; keep the real levels in an attribute it carries over.
  for (const h of Array.from(body.querySelectorAll('h1,h2,h3,h4,h5,h6'))) h.setAttribute(LEVEL_ATTRIBUTE, h.localName[1]);
  const article = readArticle(body.innerHTML);
  if (article && article.text.length >= Math.max(MIN_ARTICLE_SHARE * bodyText.length, Math.min(200, bodyText.length))) {
    root = parseHTML(wrap(article.html)).document.querySelector('body') as unknown as typeof root;
  }
  const builder = new BlockBuilder();
  htmlToBlocks(root, builder);
  return { title: pageTitle ?? builder.firstHeading(), blocks: builder.blocks, pageCount: null, warnings: [] };
}

/** No <title> is passed on purpose: Readability would drop a heading that repeats it. */
function readArticle(bodyHtml: string): { html: string; text: string } | null {
  try {
    const { document } = parseHTML(wrap(bodyHtml));
    // Readability is superlinear on huge pages; past this size it throws and the body is used.
    const article = new Readability(document as unknown as Document, { keepClasses: false, maxElemsToParse: 20_000 }).parse();
    if (!article?.content) return null;
    return { html: article.content, text: collapseSpace(article.textContent ?? '') };
  } catch {
    return null;
  }
}

function removeHidden(document: Doc): void {
  const selectors = hiddenSelectors(document);
  for (const el of Array.from(document.querySelectorAll(REMOVE))) el.remove();
  for (const el of Array.from(document.querySelectorAll('[style]'))) {
    if (HIDDEN_STYLE.test(el.getAttribute('style') ?? '')) el.remove();
  }
  // Simple stylesheet rules (".x { display: none }") are applied too; complex CSS is out of reach.
  for (const selector of selectors) {
    try {
      for (const el of Array.from(document.querySelectorAll(selector))) {
        if (el.localName !== 'html' && el.localName !== 'body') el.remove();
      }
    } catch {
      // selector linkedom cannot evaluate
    }
  }
}

function hiddenSelectors(document: Doc): string[] {
  const css = Array.from(document.querySelectorAll('style'))
    .map((s) => s.textContent ?? '')
    .join('\n')
    .replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors: string[] = [];
  for (const m of css.matchAll(/([^{}@]+)\{([^{}]*)\}/g)) {
    if (HIDDEN_STYLE.test(m[2].trim())) selectors.push(...m[1].split(',').map((s) => s.trim()).filter(Boolean));
  }
  return selectors;
}

function wrap(bodyHtml: string): string {
  return `<!doctype html><html><head></head><body>${bodyHtml}</body></html>`;
}

/** linkedom only builds a sane tree when the markup has an <html> element (and a <body>). */
function asDocument(html: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  if (/<body[\s>]/i.test(html)) return `<html>${html}</html>`;
  const headEnd = /<\/head\s*>/i.exec(html);
  if (!headEnd) return wrap(html);
  const i = headEnd.index + headEnd[0].length;
  return `<html>${html.slice(0, i)}<body>${html.slice(i)}</body></html>`;
}

/** Charset from a BOM-less page's <meta charset> or http-equiv Content-Type, in its first 1024 bytes. */
function sniffCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.match(/<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i)?.[1];
}

'use client';

import { createContext, memo, useContext, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { rehypeCitations, rehypeRawAsText, remarkCitationText } from './citation-plugins';
import { sanitizeSchema } from './sanitize-schema';

/** What a citation button does when pressed: open source `index`, anchored at the button. */
export const CitationContext = createContext<((index: number, anchor: HTMLElement) => void) | null>(null);

/** Source numbers whose citation the answer's trace found unsupported, with why (the tooltip). */
export const UnsupportedCitationsContext = createContext<ReadonlyMap<number, string>>(new Map());

const EXTERNAL = /^(https?:|mailto:)/i;
const NEW_TAB = { target: '_blank', rel: 'noopener noreferrer nofollow' } as const;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The plain text of rendered children (link text is strings and inline elements). */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object' && 'props' in node) return textOf((node.props as { children?: ReactNode }).children);
  return '';
}

/**
 * Where a link really goes, shown beside it: link text can claim anything ("your bank"), so the
 * full destination is visible before anyone leaves, not only in a tooltip.
 */
function Destination({ href, shown }: { href: string; shown: ReactNode }) {
  const text = textOf(shown).trim();
  if (text === href || text === href.replace(/^mailto:/i, '') || `${text}/` === href) return null;
  return <span className="md-link-destination"> ({href})</span>;
}

function Link({ href, children }: ComponentPropsWithoutRef<'a'>) {
  // Footnote links stay on the page; anything else that is not http(s)/mailto is shown as text.
  if (href?.startsWith('#user-content-')) return <a href={href}>{children}</a>;
  if (!href || !EXTERNAL.test(href)) return <span>{children}</span>;
  return (
    <a href={href} {...NEW_TAB} title={href}>
      {children}
      <Destination href={href} shown={children} />
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

/** Images are never loaded: a request to an outside host could carry data out. A click opens it instead. */
function ImageLink({ src, alt }: ComponentPropsWithoutRef<'img'>) {
  const label = `Image: ${alt || 'untitled'}`;
  if (typeof src !== 'string' || !/^https?:/i.test(src)) return <span className="md-image">[{label}]</span>;
  return (
    <a href={src} {...NEW_TAB} className="md-image" title={`Not loaded. Opens ${hostOf(src)} in a new tab.`}>
      [{label}]<span className="md-link-destination"> ({src})</span>
      <span className="sr-only"> (not loaded; opens {hostOf(src)} in a new tab)</span>
    </a>
  );
}

function Citation(props: ComponentPropsWithoutRef<'button'> & { 'data-citation'?: string }) {
  const open = useContext(CitationContext);
  const unsupported = useContext(UnsupportedCitationsContext);
  const index = Number(props['data-citation']);
  if (!Number.isInteger(index)) return <span>{props.children}</span>;
  const doubt = unsupported.get(index);
  return (
    <button
      type="button"
      className={doubt ? 'citation citation-unsupported' : 'citation'}
      title={doubt}
      aria-haspopup="dialog"
      onClick={(e) => open?.(index, e.currentTarget)}
    >
      {props.children}
    </button>
  );
}

function Table({ children }: { children?: ReactNode }) {
  return (
    <div className="md-table">
      <table>{children}</table>
    </div>
  );
}

const components: Components = {
  a: ({ node: _node, ...props }) => <Link {...props} />,
  img: ({ node: _node, ...props }) => <ImageLink {...props} />,
  button: ({ node: _node, ...props }) => <Citation {...props} />,
  table: ({ children }) => <Table>{children}</Table>,
};

export interface MarkdownProps {
  content: string;
  /** Source numbers this answer may cite; `[n]` for any other n stays plain text. */
  sourceIndexes?: readonly number[];
}

/**
 * The one renderer for model output, used while an answer streams and after a reload alike:
 * GFM markdown → sanitised HTML (no raw HTML, no scripts, no event handlers, no loads) →
 * highlighted code (after the sanitiser; it only adds class names) → citation buttons.
 */
export const Markdown = memo(function Markdown({ content, sourceIndexes = [] }: MarkdownProps) {
  const known = new Set(sourceIndexes);
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkCitationText]}
        rehypePlugins={[rehypeRawAsText, [rehypeSanitize, sanitizeSchema], [rehypeHighlight, { detect: false }], [rehypeCitations, { isSource: (n: number) => known.has(n) }]]}
        components={components}
      >
        {content}
      </ReactMarkdown>
    </div>
  );
});

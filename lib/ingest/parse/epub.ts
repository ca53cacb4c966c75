import path from 'node:path';
import { parseHTML } from 'linkedom';
import type { ParsedDocument } from '../types';
import { BlockBuilder, collapseSpace, noText, parseFailed } from './blocks';
import { htmlToBlocks } from './html-blocks';
import { walkXml } from './xml-walk';
import { inspectZip, type ZipFormat } from './zip-guard';
import { readZipParts } from './zip-read';

export const EPUB: ZipFormat = {
  name: 'EPUB book',
  code: 'epub',
  mainPart: 'META-INF/container.xml',
  resave: 're-export it from its authoring tool or Calibre',
  // Chapters are XHTML, which may declare a DOCTYPE; they are read by an HTML parser that never expands entities.
  htmlParts: /\.(x?html?)$/i,
};

/**
 * EPUB: the package (OPF) named by META-INF/container.xml gives the title and the spine; each
 * spine chapter is read as HTML, and a chapter that does not open with a heading gets one from
 * its <title> (or "Chapter n"), so every chapter is a section.
 */
export async function parseEpub(bytes: Uint8Array): Promise<ParsedDocument> {
  await inspectZip(bytes, EPUB);
  const parts = await readZipParts(bytes, (name) => !/\.(png|jpe?g|gif|svg|webp|ttf|otf|woff2?|mp3|mp4|css)$/i.test(name));
  let opfPath = '';
  await walkXml(parts.get('META-INF/container.xml') ?? '<x/>', {
    open(name, attrs) {
      if (name === 'rootfile' && !opfPath && attrs['full-path']) opfPath = attrs['full-path'];
    },
  }, 'EPUB book');
  const opf = parts.get(opfPath);
  if (!opf) throw parseFailed(`This EPUB names no package file (OPF) that it contains; ${EPUB.resave} and upload it again.`);

  const manifest = new Map<string, string>();
  const spine: string[] = [];
  let title = '';
  let inTitle = false;
  await walkXml(opf, {
    open(name, attrs) {
      if (name === 'item' && attrs.id && attrs.href) manifest.set(attrs.id, path.posix.normalize(path.posix.join(path.posix.dirname(opfPath), decodeURIComponent(attrs.href))));
      else if (name === 'itemref' && attrs.idref && attrs.linear !== 'no') spine.push(attrs.idref);
      else if (name === 'dc:title' && !title) inTitle = true;
    },
    text(text) {
      if (inTitle) title += text;
    },
    close(name) {
      if (name === 'dc:title') inTitle = false;
    },
  }, 'EPUB book');

  const builder = new BlockBuilder();
  let chapter = 0;
  for (const id of spine) {
    const html = parts.get(manifest.get(id) ?? '');
    if (!html) continue;
    const { document } = parseHTML(html.toString('utf8'));
    const body = document.querySelector('body');
    if (!body || !collapseSpace(body.textContent ?? '')) continue;
    chapter++;
    const text = collapseSpace(body.textContent ?? '');
    const firstHeading = collapseSpace(body.querySelector('h1,h2,h3,h4,h5,h6')?.textContent ?? '');
    if (!firstHeading || !text.startsWith(firstHeading)) {
      builder.heading(collapseSpace(document.querySelector('title')?.textContent ?? '') || `Chapter ${chapter}`, 1);
    }
    htmlToBlocks(body as unknown as Parameters<typeof htmlToBlocks>[0], builder);
  }
  if (builder.blocks.length === 0) throw noText('EPUB book');
  return { title: collapseSpace(title) || null, blocks: builder.blocks, pageCount: null, warnings: [] };
}

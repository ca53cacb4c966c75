import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import type { ParsedDocument } from '../types';
import { BlockBuilder, noText, parseFailed } from './blocks';
import { inspectZip, type ZipFormat } from './zip-guard';
import { decodeXmlText } from './xml-text';
import { htmlToBlocks } from './html-blocks';
import { commentLine, headerFooterLines, readComments } from './docx-parts';
import { openDocxPackage } from './docx-package';

// Images are dropped: Docent indexes text, and base64 data URIs would only cost memory.
const convertImage = mammoth.images.imgElement(async () => ({ src: '' }));

export const DOCX: ZipFormat = {
  name: 'DOCX',
  code: 'docx',
  mainPart: 'word/document.xml',
  resave: 're-save it from Word or LibreOffice',
  keep: ['docProps/core.xml'],
};

/**
 * DOCX through mammoth's semantic HTML (headings from paragraph styles, lists, tables, text
 * boxes), after the zip has been checked for bombs and DTDs and hidden text was stripped.
 * Headers and footers (which Word repeats on every page) follow the body once, as their own
 * section; review comments follow as a "Comments" section naming author and anchor text.
 */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  const { kept } = await inspectZip(bytes, DOCX);
  const coreTitle = readCoreTitle(kept.get('docProps/core.xml') ?? '');
  let html: string;
  const pkg = await openDocxPackage(bytes);
  const warnings: string[] = [...pkg.warnings];
  try {
    // mammoth reads the package through `file` (documented in its unzip.js, not in its types).
    const input = { file: pkg.file } as unknown as { buffer: Buffer };
    const result = await mammoth.convertToHtml(input, { convertImage, ignoreEmptyParagraphs: true });
    html = result.value;
    const unreadable = result.messages.filter((m) => m.type === 'error');
    if (unreadable.length > 0) warnings.push(`Parts of this DOCX could not be read: ${unreadable[0].message.slice(0, 200)}`);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw parseFailed(`This DOCX could not be read (${reason.slice(0, 200)}); re-save it from Word or LibreOffice as .docx and upload it again.`);
  }

  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const body = document.querySelector('body');
  if (!body) throw noText('Word document');
  const builder = new BlockBuilder();
  htmlToBlocks(body as unknown as Parameters<typeof htmlToBlocks>[0], builder);
  const title = coreTitle ?? builder.firstHeading();
  await addSideParts(builder, pkg.parts);
  return { title, blocks: builder.blocks, pageCount: null, warnings };
}

async function addSideParts(builder: BlockBuilder, parts: Map<string, string>): Promise<void> {
  const headerFooter = await headerFooterLines(parts);
  if (headerFooter.length > 0) {
    builder.heading('Headers and footers', 1);
    for (const line of headerFooter) builder.add('paragraph', line);
  }
  const commentsXml = parts.get('word/comments.xml');
  const comments = commentsXml ? await readComments(commentsXml, parts.get(DOCX.mainPart) ?? '') : [];
  if (comments.length > 0) {
    builder.heading('Comments', 1);
    for (const c of comments) builder.add('paragraph', commentLine(c));
  }
}

function readCoreTitle(xml: string): string | null {
  const m = xml.match(/<dc:title>([^<]*)<\/dc:title>/);
  return m ? decodeXmlText(m[1]).trim() || null : null;
}

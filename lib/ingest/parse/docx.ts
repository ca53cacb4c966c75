import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import type { ParsedDocument } from '../types';
import { BlockBuilder, noText, parseFailed } from './blocks';
import { inspectZip, type ZipFormat } from './zip-guard';
import { decodeXmlText } from './xml-text';
import { htmlToBlocks } from './html-blocks';

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
 * boxes), after the zip has been checked for bombs and DTDs. Headers, footers and comments are
 * left out on purpose: they repeat on every page or are review notes, not the document's text.
 */
export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  const { kept } = await inspectZip(bytes, DOCX);
  const coreTitle = readCoreTitle(kept.get('docProps/core.xml') ?? '');
  let html: string;
  const warnings: string[] = [];
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = await mammoth.convertToHtml({ buffer }, { convertImage, ignoreEmptyParagraphs: true });
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
  return { title: coreTitle ?? builder.firstHeading(), blocks: builder.blocks, pageCount: null, warnings };
}

function readCoreTitle(xml: string): string | null {
  const m = xml.match(/<dc:title>([^<]*)<\/dc:title>/);
  return m ? decodeXmlText(m[1]).trim() || null : null;
}

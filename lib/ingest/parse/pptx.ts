import path from 'node:path';
import type { ParsedDocument } from '../types';
import { BlockBuilder, noText } from './blocks';
import { walkXml } from './xml-walk';
import { decodeXmlText } from './xml-text';
import { inspectZip, type ZipFormat } from './zip-guard';
import { readZipParts } from './zip-read';

export const PPTX: ZipFormat = {
  name: 'PowerPoint presentation',
  code: 'pptx',
  mainPart: 'ppt/presentation.xml',
  resave: 're-save it from PowerPoint or LibreOffice Impress',
  keep: ['docProps/core.xml'],
};

// Placeholders that repeat on every slide or hold no text of the author's.
const SKIPPED_PLACEHOLDERS = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);
const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);

interface SlideText {
  title: string;
  /** Text boxes and tables in reading order (as stored), one string each. */
  bodies: Array<{ kind: 'paragraph' | 'table'; text: string }>;
}

/**
 * PPTX: each slide in presentation order is a section on its own page (slide number = page),
 * headed by its title, with its text boxes, tables and then its speaker notes.
 */
export async function parsePptx(bytes: Uint8Array): Promise<ParsedDocument> {
  const { kept } = await inspectZip(bytes, PPTX);
  const parts = await readZipParts(bytes, (name) => /^ppt\/(presentation\.xml|_rels\/presentation\.xml\.rels|slides\/.*|notesSlides\/[^/]+\.xml)$/.test(name));
  const slidePaths = await slideOrder(parts);
  const builder = new BlockBuilder();
  for (const [i, slidePath] of slidePaths.entries()) {
    const page = i + 1;
    const slide = await slideText(parts.get(slidePath));
    builder.heading(slide.title || `Slide ${page}`, 1, page);
    for (const body of slide.bodies) builder.add(body.kind, body.text, page);
    const notesPath = (await relationships(parts, slidePath)).find((r) => r.type.endsWith('/notesSlide'))?.target;
    const notes = notesPath ? await slideText(parts.get(notesPath), true) : null;
    const notesText = notes?.bodies.map((b) => b.text).join('\n') ?? '';
    if (notesText.trim()) {
      builder.heading('Speaker notes', 2, page);
      builder.add('paragraph', notesText, page);
    }
  }
  if (!builder.blocks.some((b) => b.kind !== 'heading' || !/^Slide \d+$/.test(b.text))) throw noText('PowerPoint presentation');
  const title = decodeXmlText(kept.get('docProps/core.xml')?.match(/<dc:title>([^<]*)<\/dc:title>/)?.[1] ?? '').trim() || null;
  return { title, blocks: builder.blocks, pageCount: slidePaths.length, warnings: [] };
}

/** Slide parts in the order of presentation.xml's slide list. */
async function slideOrder(parts: Map<string, Buffer>): Promise<string[]> {
  const ids: string[] = [];
  await walkXml(parts.get('ppt/presentation.xml') ?? '<p/>', {
    open(name, attrs) {
      if (name === 'p:sldId' && attrs['r:id']) ids.push(attrs['r:id']);
    },
  }, 'PowerPoint presentation');
  const rels = new Map((await relationships(parts, 'ppt/presentation.xml')).map((r) => [r.id, r.target]));
  return ids.map((id) => rels.get(id)).filter((p): p is string => p !== undefined && parts.has(p));
}

async function relationships(parts: Map<string, Buffer>, part: string): Promise<Array<{ id: string; type: string; target: string }>> {
  const relsPath = path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);
  const xml = parts.get(relsPath);
  if (!xml) return [];
  const rels: Array<{ id: string; type: string; target: string }> = [];
  await walkXml(xml, {
    open(name, attrs) {
      if (name !== 'Relationship' || attrs.TargetMode === 'External') return;
      const target = attrs.Target.startsWith('/') ? attrs.Target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(part), attrs.Target));
      rels.push({ id: attrs.Id, type: attrs.Type ?? '', target });
    },
  }, 'PowerPoint presentation');
  return rels;
}

/** Text of a slide (or notes page): title placeholder apart, other shapes and tables in order. */
async function slideText(xml: Buffer | undefined, notes = false): Promise<SlideText> {
  const slide: SlideText = { title: '', bodies: [] };
  if (!xml) return slide;
  let shape: { type: string; paragraphs: string[] } | null = null;
  let para: string | null = null;
  let inText = false;
  let table: string[][] | null = null;
  let cell: string[] | null = null;
  await walkXml(xml, {
    open(name, attrs) {
      if (name === 'p:sp') shape = { type: 'body', paragraphs: [] };
      else if (name === 'p:ph' && shape) shape.type = attrs.type ?? 'body';
      else if (name === 'a:tbl') table = [];
      else if (name === 'a:tr' && table) table.push([]);
      else if (name === 'a:tc' && table) cell = [];
      else if (name === 'a:p') para = '';
      else if (name === 'a:t') inText = true;
      else if (name === 'a:br' && para !== null) para += '\n';
    },
    text(text) {
      if (inText && para !== null) para += text;
    },
    close(name) {
      if (name === 'a:t') inText = false;
      else if (name === 'a:p' && para !== null) {
        if (cell) cell.push(para);
        else if (shape) shape.paragraphs.push(para);
        para = null;
      } else if (name === 'a:tc' && table && cell) {
        table[table.length - 1].push(cell.join(' ').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim());
        cell = null;
      } else if (name === 'a:tbl' && table) {
        const rows = (table as string[][]).filter((r) => r.some((c) => c !== ''));
        if (rows.length > 0) {
          const [head, ...rest] = rows;
          const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- |').join('')}`, ...rest.map((r) => `| ${r.join(' | ')} |`)];
          slide.bodies.push({ kind: 'table', text: lines.join('\n') });
        }
        table = null;
      } else if (name === 'p:sp' && shape) {
        const text = shape.paragraphs.join('\n').trim();
        if (text && !SKIPPED_PLACEHOLDERS.has(shape.type)) {
          if (!notes && TITLE_PLACEHOLDERS.has(shape.type) && !slide.title) slide.title = text.replace(/\s+/g, ' ');
          else slide.bodies.push({ kind: 'paragraph', text });
        }
        shape = null;
      }
    },
  }, 'PowerPoint presentation');
  return slide;
}

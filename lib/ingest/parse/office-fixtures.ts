import ExcelJS from 'exceljs';
import type { ZipEntry } from './test-helpers';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const P = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="' + REL + '"';

export interface SlideSpec {
  title: string;
  body: string[];
  notes?: string;
  table?: string[][];
}

function shape(type: string | null, paragraphs: string[]): string {
  const ph = type ? `<p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr><p:ph type="${type}"/></p:nvPr></p:nvSpPr>` : '<p:nvSpPr><p:cNvPr id="3" name="t"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>';
  const paras = paragraphs.map((t) => `<a:p><a:r><a:t>${esc(t)}</a:t></a:r></a:p>`).join('');
  return `<p:sp>${ph}<p:txBody><a:bodyPr/>${paras}</p:txBody></p:sp>`;
}

function tableFrame(rows: string[][]): string {
  const trs = rows.map((r) => `<a:tr>${r.map((c) => `<a:tc><a:txBody><a:p><a:r><a:t>${esc(c)}</a:t></a:r></a:p></a:txBody></a:tc>`).join('')}</a:tr>`).join('');
  return `<p:graphicFrame><a:graphic><a:graphicData><a:tbl>${trs}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
}

/** A PPTX as PowerPoint lays it out: slide order from presentation.xml, notes linked per slide. */
export function pptxEntries(slides: SlideSpec[], extra: ZipEntry[] = []): ZipEntry[] {
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'ppt/presentation.xml',
      // Listed in reverse file order, to prove the slide list, not file names, decides the order.
      data: `<?xml version="1.0"?><p:presentation ${P}><p:sldIdLst>${slides.map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 10}"/>`).join('')}</p:sldIdLst></p:presentation>`,
    },
    {
      name: 'ppt/_rels/presentation.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slides
        .map((_, i) => `<Relationship Id="rId${i + 10}" Type="${REL}/slide" Target="slides/slide${slides.length - i}.xml"/>`)
        .join('')}</Relationships>`,
    },
  ];
  slides.forEach((s, i) => {
    const file = slides.length - i;
    const body = shape('title', [s.title]) + shape(null, s.body) + shape('sldNum', [String(i + 1)]) + (s.table ? tableFrame(s.table) : '');
    entries.push({ name: `ppt/slides/slide${file}.xml`, data: `<?xml version="1.0"?><p:sld ${P}><p:cSld><p:spTree>${body}</p:spTree></p:cSld></p:sld>` });
    if (s.notes) {
      entries.push({
        name: `ppt/slides/_rels/slide${file}.xml.rels`,
        data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="${REL}/notesSlide" Target="../notesSlides/notesSlide${file}.xml"/></Relationships>`,
      });
      entries.push({
        name: `ppt/notesSlides/notesSlide${file}.xml`,
        data: `<?xml version="1.0"?><p:notes ${P}><p:cSld><p:spTree>${shape('sldImg', [])}${shape('body', [s.notes])}${shape('sldNum', [String(i + 1)])}</p:spTree></p:cSld></p:notes>`,
      });
    }
  });
  return [...entries, ...extra];
}

/** An XLSX written by exceljs: one sheet per entry, rows as given. */
export async function xlsxBytes(sheets: Record<string, Array<Array<string | number | Date>>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) workbook.addWorksheet(name).addRows(rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An ODS content.xml with ODF's repeat attributes, as LibreOffice writes them. */
export function odsEntries(sheets: Record<string, string[][]>, extra: ZipEntry[] = []): ZipEntry[] {
  const tables = Object.entries(sheets)
    .map(([name, rows]) => {
      const trs = rows
        .map((r) => `<table:table-row>${r.map((c) => `<table:table-cell office:value-type="string"><text:p>${esc(c)}</text:p></table:table-cell>`).join('')}<table:table-cell table:number-columns-repeated="16380"/></table:table-row>`)
        .join('');
      return `<table:table table:name="${esc(name)}">${trs}<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>`;
    })
    .join('');
  const content = `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
  return [{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true }, { name: 'content.xml', data: content }, ...extra];
}

/** An EPUB 3 with the given chapters (XHTML bodies) in spine order. */
export function epubEntries(title: string, chapters: Array<{ title: string; body: string }>, extra: ZipEntry[] = []): ZipEntry[] {
  return [
    { name: 'mimetype', data: 'application/epub+zip', store: true },
    {
      name: 'META-INF/container.xml',
      data: '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    },
    {
      name: 'OEBPS/content.opf',
      data: `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(title)}</dc:title></metadata><manifest>${chapters
        .map((_, i) => `<item id="c${i}" href="text/ch${i}.xhtml" media-type="application/xhtml+xml"/>`)
        .join('')}</manifest><spine>${chapters.map((_, i) => `<itemref idref="c${i}"/>`).join('')}</spine></package>`,
    },
    ...chapters.map((c, i) => ({
      name: `OEBPS/text/ch${i}.xhtml`,
      data: `<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${esc(c.title)}</title></head><body>${c.body}</body></html>`,
    })),
    ...extra,
  ];
}

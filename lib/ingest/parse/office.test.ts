import { beforeAll, describe, expect, it } from 'vitest';
import { detectType } from '../detect-type';
import { parseDocument } from './index';
import { epubEntries, odsEntries, pptxEntries, xlsxBytes } from './office-fixtures';
import { SHEET_LIMITS } from './sheet-table';
import { allText, buildZip, deflatedZeros, failure, type ZipEntry } from './test-helpers';

const parse = (bytes: Uint8Array, name: string) => parseDocument(bytes, detectType(bytes, name));

describe('PowerPoint', () => {
  it('reads slides in presentation order, one page each, with tables and speaker notes', async () => {
    const bytes = buildZip(
      pptxEntries([
        { title: 'Quarterly results', body: ['Revenue rose 12 percent', 'Margins held steady'], notes: 'Mention the new Lisbon office.' },
        { title: 'Headcount', body: ['We hired 40 engineers'], table: [['Team', 'People'], ['Search', '12']] },
      ]),
    );
    const doc = await parse(bytes, 'deck.pptx');
    expect(doc.pageCount).toBe(2);
    expect(doc.blocks.map((b) => [b.kind, b.text, b.page])).toEqual([
      ['heading', 'Quarterly results', 1],
      ['paragraph', 'Revenue rose 12 percent\nMargins held steady', 1],
      ['heading', 'Speaker notes', 1],
      ['paragraph', 'Mention the new Lisbon office.', 1],
      ['heading', 'Headcount', 2],
      ['paragraph', 'We hired 40 engineers', 2],
      ['table', '| Team | People |\n| --- | --- |\n| Search | 12 |', 2],
    ]);
    expect(doc.blocks[3].headingPath).toEqual(['Quarterly results', 'Speaker notes']);
  });
});

describe('spreadsheets', () => {
  it('reads each XLSX sheet as a section of Markdown tables that repeat the header', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => [`item ${i + 1}`, i * 10]);
    const bytes = await xlsxBytes({ Prices: [['Item', 'Price'], ...rows], Notes: [['Shipping is free above 50 euros']] });
    const doc = await parse(bytes, 'book.xlsx');
    const prices = doc.blocks.filter((b) => b.headingPath[0] === 'Prices');
    expect(doc.blocks[0]).toMatchObject({ kind: 'heading', text: 'Prices' });
    expect(prices.map((b) => b.text.split('\n').length)).toEqual([22, 7]);
    expect(prices[1].text).toBe('| Item | Price |\n| --- | --- |\n| item 21 | 200 |\n| item 22 | 210 |\n| item 23 | 220 |\n| item 24 | 230 |\n| item 25 | 240 |');
    expect(doc.blocks.at(-1)).toMatchObject({ kind: 'table', text: '| Shipping is free above 50 euros |', headingPath: ['Notes'] });
  });

  it('caps a sheet past the row limit and says so in the text', async () => {
    const rows = Array.from({ length: SHEET_LIMITS.maxRowsPerSheet + 5 }, (_, i) => [`r${i}`]);
    const doc = await parse(await xlsxBytes({ Big: rows }), 'big.xlsx');
    expect(doc.warnings).toEqual([expect.stringMatching(/^Sheet "Big" has more than 20,000 rows; only the first 20,000 were read/)]);
    expect(allText(doc)).toContain('Split it into smaller sheets');
    expect(allText(doc)).not.toContain(`r${SHEET_LIMITS.maxRowsPerSheet}`);
  });

  it('reads ODS sheets without expanding the repeated empty rows and columns', async () => {
    const bytes = buildZip(odsEntries({ Budget: [['Line', 'Amount'], ['Travel', '1,200'], ['Rent | office', '900']] }));
    const doc = await parse(bytes, 'budget.ods');
    expect(doc.blocks.map((b) => b.text)).toEqual(['Budget', '| Line | Amount |\n| --- | --- |\n| Travel | 1,200 |\n| Rent \\| office | 900 |']);
  });
});

describe('EPUB', () => {
  it('reads the spine in order, each chapter a section, headed by its title when it has no heading', async () => {
    const bytes = buildZip(
      epubEntries('The Orchard', [
        { title: 'Chapter One', body: '<h1>Spring</h1><p>The apricot trees flowered early.</p>' },
        { title: 'Chapter Two', body: '<p>Summer brought the harvest.</p><p>Jars lined the shelves.</p>' },
      ]),
    );
    const doc = await parse(bytes, 'orchard.epub');
    expect(doc.title).toBe('The Orchard');
    expect(doc.blocks.map((b) => [b.kind, b.text, b.headingPath.join('/')])).toEqual([
      ['heading', 'Spring', ''],
      ['paragraph', 'The apricot trees flowered early.', 'Spring'],
      ['heading', 'Chapter Two', ''],
      ['paragraph', 'Summer brought the harvest.', 'Chapter Two'],
      ['paragraph', 'Jars lined the shelves.', 'Chapter Two'],
    ]);
  });
});

describe('the zip guard holds for every zip format', () => {
  let zeros: Awaited<ReturnType<typeof deflatedZeros>>;
  beforeAll(async () => {
    zeros = await deflatedZeros(300 * 1024 * 1024);
  });

  const formats: Array<[string, string, (extra: ZipEntry[]) => Promise<Uint8Array> | Uint8Array]> = [
    ['pptx', 'deck.pptx', (extra) => buildZip(pptxEntries([{ title: 'T', body: ['b'] }], extra))],
    ['xlsx', 'book.xlsx', async (extra) => buildZip([...(await xlsxEntriesOf({ S: [['a']] })), ...extra])],
    ['ods', 'sheet.ods', (extra) => buildZip(odsEntries({ S: [['a']] }, extra))],
    ['epub', 'book.epub', (extra) => buildZip(epubEntries('B', [{ title: 'C', body: '<p>x</p>' }], extra))],
  ];

  for (const [code, name, build] of formats) {
    it(`${code}: refuses a bomb by declared size, a lying header, and a DTD`, async () => {
      const before = process.memoryUsage().rss;
      const bomb = await failure(parse(await build([{ name: 'media/zeros.bin', deflated: zeros }]), name));
      expect(bomb.code).toBe(`${code}_too_large`);
      const liar = await failure(parse(await build([{ name: 'media/zeros.bin', deflated: zeros, declaredSize: 1000 }]), name));
      expect(liar.code).toBe(`${code}_too_large`);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
      const xxe = await failure(parse(await build([{ name: 'extra.xml', data: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' }]), name));
      expect(xxe.code).toBe(`${code}_unsafe_xml`);
    });
  }

  it('allows a DOCTYPE in EPUB chapters but not an entity declaration', async () => {
    const bad = buildZip(epubEntries('B', [{ title: 'C', body: '<p>x</p>' }]).map((e) =>
      e.name.endsWith('.xhtml') ? { ...e, data: '<!DOCTYPE html [<!ENTITY a "aaaa">]><html><body><p>&a;</p></body></html>' } : e,
    ));
    expect((await failure(parse(bad, 'b.epub'))).code).toBe('epub_unsafe_xml');
  });
});

/** The entries of an exceljs-written XLSX, so a hostile part can be added beside them. */
async function xlsxEntriesOf(sheets: Record<string, string[][]>): Promise<ZipEntry[]> {
  const { default: yauzl } = await import('yauzl');
  const zip = await yauzl.fromBufferPromise(await xlsxBytes(sheets), { lazyEntries: true });
  const entries: ZipEntry[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
  }
  return entries;
}

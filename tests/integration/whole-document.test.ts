import { describe, expect, it } from 'vitest';
import { MAP_INSTRUCTIONS } from '@/lib/chat/whole-document';
import * as api from '../helpers/api-client';
import { completion, postCompletion, readEvents } from '../helpers/chat-client';
import { setupChatTestbed } from '../helpers/chat-testbed';

/**
 * Whole-document questions through /v1/chat/completions `document_ids`, against the fake
 * upstream (8,192-token context): a short document is sent whole in reading order; a long one
 * is summarised section by section (map) and answered from the summaries (reduce), both citing.
 */
const bed = setupChatTestbed('pglite');

const paragraph = (topic: string, i: number) =>
  `The ${topic} survey recorded observation ${i} in the northern valley, noting weather, soil, water levels and the animals seen at dawn and dusk. `.repeat(4);
const section = (topic: string) => `## ${topic}\n\n${Array.from({ length: 30 }, (_, i) => paragraph(topic, i)).join('\n\n')}\n\n`;
const longReport = `# Valley field report\n\n${section('Alpha')}${section('Beta')}${section('Gamma')}`;

async function documentId(name: string): Promise<string> {
  const { body } = await api.listDocuments();
  return body.documents.find((d: { name: string }) => d.name === name).id;
}

describe('whole-document questions', () => {
  it('send a short document whole, in reading order, and cite it', async () => {
    const zebras = await documentId('zebras.md');
    bed.fake.reply({ text: 'It describes feeding zebras clover [1].' });
    const before = bed.fake.requests.length;
    const { status, body } = await completion({ messages: [{ role: 'user', content: 'Summarise this document.' }], document_ids: [zebras] });
    expect(status).toBe(200);
    expect(bed.fake.requests.length - before).toBe(1);
    expect(body.sources.map((s: { documentId: string }) => s.documentId)).toEqual(body.sources.map(() => zebras));
    expect(body.sources[0].text).toContain('quokka-7731');
    expect(body.choices[0].message.content).toContain('[1]');
  });

  it('map-reduce a document too long for the context, section by section, citing sections', async () => {
    const { body: uploaded } = await api.upload([{ name: 'valley-report.md', content: longReport, type: 'text/markdown' }]);
    const id = uploaded.documents[0].id;
    expect((await api.waitForIngestion(id, 240_000)).status).toBe('ready');

    bed.fake.reply({ text: 'The section reports valley observations [1].' });
    const before = bed.fake.requests.length;
    const { status, body } = await completion({ messages: [{ role: 'user', content: 'Summarise this report.' }], document_ids: [id] });
    expect(status).toBe(200);
    const calls = bed.fake.requests.slice(before).map((r) => r.body.messages);
    const maps = calls.filter((m) => m[0].content === MAP_INSTRUCTIONS);
    expect(maps.length).toBeGreaterThanOrEqual(3);
    expect(calls).toHaveLength(maps.length + 1);
    // Sections are read in order, each map call one section.
    const named = maps.map((m) => /Section "Valley field report › (\w+)"/.exec(m[1].content)?.[1]);
    expect([...new Set(named)]).toEqual(['Alpha', 'Beta', 'Gamma']);
    // The answer is written from one summary per section, each a citable source in the document.
    expect(body.sources).toHaveLength(maps.length);
    expect(body.sources.every((s: { documentId: string; text: string }) => s.documentId === id && s.text.startsWith('The section reports'))).toBe(true);
    const reduce = calls.at(-1)!;
    expect(reduce.at(-1).content).toContain('section="Valley field report › Alpha"');
    expect(body.choices[0].message.content).toContain('[1]');
  });

  it('streams "reading section n of N" progress before a map-reduced answer, as SSE comments', async () => {
    const id = await documentId('valley-report.md');
    bed.fake.reply({ text: 'The section reports valley observations [1].' });
    const before = bed.fake.requests.length;
    const response = await postCompletion({ stream: true, messages: [{ role: 'user', content: 'Summarise this report.' }], document_ids: [id] });
    expect(response.status).toBe(200);
    const { events, comments, done, raw } = await readEvents(response);
    const maps = bed.fake.requests.slice(before).filter((r) => r.body.messages[0].content === MAP_INSTRUCTIONS).length;
    const progress = comments.filter((c) => c.startsWith(': progress ')).map((c) => JSON.parse(c.slice(': progress '.length)));
    expect(progress).toEqual(Array.from({ length: maps }, (_, i) => ({ stage: 'reading', section: i + 1, sections: maps })));
    // The contract's stream is untouched: the first data event still opens the answer with its sources.
    expect(raw.indexOf(': progress ')).toBeLessThan(raw.indexOf('data: '));
    expect(events[0].object).toBe('chat.completion.chunk');
    expect(events[0].sources).toHaveLength(maps);
    expect(events.map((e) => e.choices?.[0]?.delta?.content ?? '').join('')).toContain('[1]');
    expect(done).toBe(true);
  });

  it('reads a document the question names by its file name, and searches for ordinary questions', async () => {
    const zebras = await documentId('zebras.md');
    bed.fake.reply({ text: 'It says zebras get clover [1].' });
    const before = bed.fake.requests.length;
    const named = await completion({ messages: [{ role: 'user', content: 'Summarise zebras.md for me.' }] });
    expect(named.status).toBe(200);
    expect(bed.fake.requests.length - before).toBe(1);
    expect(named.body.sources.length).toBeGreaterThan(0);
    expect(named.body.sources.every((s: { documentId: string }) => s.documentId === zebras)).toBe(true);
    expect(named.body.sources[0].text).toContain('quokka-7731');

    // Same topic, no document named: retrieval over everything the caller can see, as before.
    const ordinary = await completion({ messages: [{ role: 'user', content: 'What do zebras eat at dawn?' }] });
    expect(ordinary.status).toBe(200);
    expect(ordinary.body.sources.some((s: { documentId: string }) => s.documentId !== zebras)).toBe(true);
  });

  it('refuses document ids that are not ids, or not documents the caller can see', async () => {
    const bad = await completion({ messages: [{ role: 'user', content: 'Summarise.' }], document_ids: ['../etc/passwd'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('document_ids');
    const missing = await completion({ messages: [{ role: 'user', content: 'Summarise.' }], document_ids: ['00000000-0000-4000-8000-000000000000'] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

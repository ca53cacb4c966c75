// POST /api/documents takes at most this many files per request (app/api/documents/route.ts).
const FILES_PER_UPLOAD = 20;

/** Uploads text files to a running Docent in as many requests as it takes; returns the document ids. */
export async function uploadTexts(baseUrl: string, docs: { name: string; text: string }[]): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < docs.length; start += FILES_PER_UPLOAD) {
    const form = new FormData();
    for (const d of docs.slice(start, start + FILES_PER_UPLOAD)) form.append('file', new Blob([d.text], { type: 'text/plain' }), d.name);
    const r = await fetch(`${baseUrl}/api/documents`, { method: 'POST', body: form });
    if (r.status !== 202) throw new Error(`upload answered ${r.status}: ${await r.text()}`);
    ids.push(...((await r.json()).documents as { id: string }[]).map((d) => d.id));
  }
  return ids;
}

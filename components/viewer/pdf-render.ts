export interface PageHighlight {
  left: number;
  top: number;
  width: number;
  height: number;
}

let workerReady: Promise<void> | null = null;

/**
 * pdf.js with its worker loaded as a module into this page (pdf.js's "fake worker"): one file
 * the bundler already knows, no worker URL to serve, and the page's CSP (script-src 'self')
 * holds. Viewing one page at a time, the main thread has the time to spare.
 */
async function pdfjs() {
  const lib = await import('pdfjs-dist');
  workerReady ??= import('pdfjs-dist/build/pdf.worker.min.mjs').then((worker) => {
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  });
  await workerReady;
  return lib;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s\u00ad-]+/g, '');

/** Renders `pageNumber` into `canvas` at `cssWidth` and returns boxes over the passage's text items. */
export async function loadPdfPage(url: string, pageNumber: number, passage: string, cssWidth: number, canvas: HTMLCanvasElement): Promise<PageHighlight[]> {
  const lib = await pdfjs();
  // CVE-2024-4367: never compile font code from the document.
  const doc = await lib.getDocument({ url, isEvalSupported: false, withCredentials: true }).promise;
  try {
    const page = await doc.getPage(Math.min(Math.max(1, pageNumber), doc.numPages));
    const unit = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: cssWidth / unit.width });
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    await page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;

    // The chunk's text was built from these very items, so an item belongs to the passage when
    // its text (spacing and hyphenation aside) occurs in it; very short items are too ambiguous.
    const target = squash(passage);
    const content = await page.getTextContent();
    const marks: PageHighlight[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const text = squash(item.str);
      if (text.length < 4 || !target.includes(text)) continue;
      const [, , c, d, e, f] = lib.Util.transform(viewport.transform, item.transform);
      const height = Math.hypot(c, d);
      marks.push({ left: e, top: f - height, width: item.width * viewport.scale, height: height * 1.2 });
    }
    return marks;
  } finally {
    void doc.destroy();
  }
}

// pdf.js ships its worker as a plain module without types; the viewer only hands it to pdf.js.
declare module 'pdfjs-dist/build/pdf.worker.min.mjs';

'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentList } from '@/lib/documents/documents';
import type { DocumentItem } from './types';

export interface UploadItem {
  key: string;
  name: string;
  bytes: number;
  /** Bytes sent so far, 0..1. */
  progress: number;
  status: 'waiting' | 'uploading' | 'failed';
  error?: string;
}

// Two at a time: progress stays meaningful per file, and the server is not flooded.
const CONCURRENCY = 2;

/** POSTs one file with XMLHttpRequest, whose upload events (unlike fetch's) report progress. */
function sendFile(file: File, collection: string, onProgress: (fraction: number) => void): Promise<DocumentItem> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = xhr.response as (Partial<DocumentList> & { error?: { message?: string } }) | null;
      if (xhr.status >= 200 && xhr.status < 300 && body?.documents?.[0]) resolve(body.documents[0]);
      else reject(new Error(body?.error?.message ?? `The upload failed (HTTP ${xhr.status}); try again.`));
    };
    xhr.onerror = () => reject(new Error('The upload was cut off; check the connection and try again.'));
    const form = new FormData();
    form.append('collection', collection);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

let counter = 0;

/** Uploads in progress; each finished file is handed to `onUploaded` and leaves this list. */
export function useUploads(onUploaded: (doc: DocumentItem) => void) {
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const queue = useRef<{ key: string; file: File; collection: string }[]>([]);
  const running = useRef(0);

  const patch = useCallback((key: string, change: Partial<UploadItem>) => {
    setUploads((prev) => prev.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const onUploadedRef = useRef(onUploaded);
  useEffect(() => {
    onUploadedRef.current = onUploaded;
  }, [onUploaded]);

  // Starts queued files while fewer than CONCURRENCY are running; each one ending starts the next.
  const pump = useCallback(function next() {
    while (running.current < CONCURRENCY && queue.current.length) {
      const job = queue.current.shift()!;
      running.current++;
      patch(job.key, { status: 'uploading' });
      sendFile(job.file, job.collection, (progress) => patch(job.key, { progress }))
        .then(
          (doc) => {
            setUploads((prev) => prev.filter((u) => u.key !== job.key));
            onUploadedRef.current(doc);
          },
          (err: Error) => patch(job.key, { status: 'failed', error: err.message }),
        )
        .finally(() => {
          running.current--;
          next();
        });
    }
  }, [patch]);

  const upload = useCallback(
    (files: File[], collection: string) => {
      const jobs = files.map((file) => ({ key: `u${counter++}`, file, collection }));
      setUploads((prev) => [...jobs.map((j) => ({ key: j.key, name: j.file.name, bytes: j.file.size, progress: 0, status: 'waiting' as const })), ...prev]);
      queue.current.push(...jobs);
      pump();
    },
    [pump],
  );

  const dismiss = useCallback((key: string) => setUploads((prev) => prev.filter((u) => u.key !== key)), []);

  // Files still waiting or being sent live only in this page: leaving it would drop them, so the
  // browser asks first (its own wording; browsers ignore a custom message).
  const pending = uploads.some((u) => u.status !== 'failed');
  useEffect(() => {
    if (!pending) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ''; // older Chromium needs it set
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [pending]);

  return { uploads, upload, dismiss };
}

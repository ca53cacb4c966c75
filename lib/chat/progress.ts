/**
 * Progress of an answer that takes a while before its first token: a document too long for the
 * context is read section by section (lib/chat/whole-document.ts) before the answer begins.
 *
 * On the wire it is an SSE comment, `: progress {"stage":"reading","section":3,"sections":12}`.
 * A comment, not a `data:` event, because the contract's stream is chat.completion.chunk
 * objects whose first one carries the sources — which do not exist until the reading is done —
 * and every SSE reader (the OpenAI SDKs included) skips comments. They also keep proxies from
 * closing a connection that is silent for minutes.
 */
export interface AnswerProgress {
  stage: 'reading';
  /** The section being read, from 1. */
  section: number;
  sections: number;
}

export const PROGRESS_COMMENT = 'progress ';

export function progressComment(p: AnswerProgress): string {
  return `${PROGRESS_COMMENT}${JSON.stringify(p)}`;
}

/**
 * Collects progress reported before anyone listens, then hands it on: `first` settles on the
 * first event, so a route can start streaming only once there is something to say.
 */
export function progressRelay() {
  const backlog: AnswerProgress[] = [];
  let listener: ((p: AnswerProgress) => void) | null = null;
  let signalFirst!: () => void;
  const first = new Promise<void>((resolve) => (signalFirst = resolve));
  return {
    report(p: AnswerProgress) {
      signalFirst();
      if (listener) listener(p);
      else backlog.push(p);
    },
    first,
    listen(fn: (p: AnswerProgress) => void) {
      listener = fn;
      for (const p of backlog.splice(0)) fn(p);
    },
  };
}

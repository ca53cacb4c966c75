import type { MessageView } from '@/lib/chat/chats';
import type { AnswerTrace } from '@/lib/chat/trace-types';
import type { Source as ApiSource } from '@/lib/chat/types';

/** What the chat UI receives from /v1/chat/completions and /api/chats (the API's shapes, as the browser sees them). */
export interface Source extends ApiSource {
  /** Stored answers say whether they cited the source; live ones work it out from the text. */
  cited?: boolean;
}

export type AnswerStatus = 'waiting' | 'streaming' | 'done' | 'stopped' | 'error';

/** One question and its answer, as the conversation shows them. */
export interface Exchange {
  key: string;
  question: string;
  answer: string;
  sources: Source[];
  status: AnswerStatus;
  /** What went wrong, in the server's words (e.g. how to get a missing model). */
  error?: string;
  /** The server stored this exchange (it does once an answer has begun streaming). */
  stored: boolean;
  finishReason?: MessageView['finishReason'];
  /** Why the answer was given and where its time went (stored answers; live ones once stored). */
  trace?: AnswerTrace | null;
  /** While waiting: a long document being read section by section. */
  progress?: { section: number; sections: number };
}

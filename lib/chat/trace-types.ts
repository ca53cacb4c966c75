/**
 * An answer's trace: why it was given and where its time went. Stored with the assistant
 * message (messages.trace) and shown under the answer; the wire type for components too.
 */

export interface TraceCandidate {
  chunkId: string;
  documentId: string;
  documentName: string;
  page: number | null;
  /** 1-based ranks and raw scores in each retriever's list; null where it did not propose the chunk. */
  vectorRank: number | null;
  vectorScore: number | null;
  keywordRank: number | null;
  keywordScore: number | null;
  /** Hybrid: the rank and RRF score after fusion (the single retriever's otherwise). */
  fusedRank: number | null;
  fusedScore: number | null;
  /** sent: in the prompt as source `sourceIndex`; dropped: retrieved, but over the context budget; candidate: below top-k. */
  status: 'sent' | 'dropped' | 'candidate';
  sourceIndex: number | null;
  /** Tokens the source took in the prompt (sent chunks only). */
  tokens: number | null;
}

export interface TraceCitation {
  /** The source number cited, and the sentence that cites it (citation brackets removed). */
  index: number;
  sentence: string;
  /** Whether the cited source backs the sentence; null until checked (or when it could not be). */
  supported: boolean | null;
  similarity: number | null;
  overlap: number | null;
}

export interface AnswerTrace {
  version: 1;
  finishReason: 'stop' | 'length' | 'aborted' | 'error';
  retrieval: { query: string; mode: string; k: number; candidates: TraceCandidate[] };
  prompt: {
    contextSize: number;
    reservedForAnswer: number;
    system: number;
    history: number;
    sources: number;
    question: number;
    total: number;
    droppedMessages: number;
    droppedSources: number;
  };
  model: { provider: string; id: string; quantization: string | null; temperature: number; maxTokens: number };
  /** Milliseconds; every `…At` is measured from the request's arrival. */
  timings: {
    modelMs: number;
    embedQueryMs: number | null;
    vectorSearchMs: number | null;
    keywordSearchMs: number | null;
    fusionMs: number | null;
    retrievalMs: number;
    promptMs: number;
    /** From sending the prompt until the model's first piece of text. */
    waitForModelMs: number | null;
    firstTokenMs: number | null;
    totalMs: number;
    completionTokens: number;
    tokensPerSecond: number | null;
  };
  citations: {
    cited: TraceCitation[];
    /** Numbers in brackets that name no source. */
    dangling: number[];
    /** Sources the model was given but never cited. */
    uncited: number[];
    /** Sentences of the answer that cite nothing. */
    uncitedSentences: string[];
    /** pending until the citation check has run; skipped when there was nothing to check or it failed. */
    check: 'pending' | 'done' | 'skipped';
  };
  warnings: string[];
}

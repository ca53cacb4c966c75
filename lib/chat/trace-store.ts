import type { Database } from '@/db';
import { updateMessageTrace } from '@/db/queries/chats';
import { describeError } from '../errors';
import type { EmbeddingContext } from '../runtime';
import { traceWarnings } from './trace';
import { checkCitations } from './trace-citations';
import type { AnswerTrace } from './trace-types';
import type { Source } from './types';

/**
 * The citation check, run after the answer and its trace are stored: embeds the cited sentences
 * and their sources, then rewrites the stored trace with `supported` per citation. Never throws;
 * a failed check leaves the trace as stored, marked `skipped`.
 */
export async function checkAndStoreTrace(
  db: Database,
  messageId: string | null,
  trace: AnswerTrace,
  sources: Source[],
  embedding: () => Promise<EmbeddingContext>,
): Promise<AnswerTrace> {
  if (trace.citations.check !== 'pending') return trace;
  let checked: AnswerTrace;
  try {
    const byIndex = new Map(sources.map((s) => [s.index, s.text]));
    const citations = await checkCitations(trace.citations, (n) => byIndex.get(n), (await embedding()).embedder);
    const { warnings: _old, ...rest } = { ...trace, citations };
    checked = { ...rest, warnings: traceWarnings(rest) };
  } catch (err) {
    console.error(`[chat] citation check failed: ${describeError(err)}`);
    checked = { ...trace, citations: { ...trace.citations, check: 'skipped' } };
  }
  if (messageId) {
    await updateMessageTrace(db, messageId, checked).catch((err) =>
      console.error(`[chat] could not store the checked trace of message ${messageId}: ${describeError(err)}`),
    );
  }
  return checked;
}

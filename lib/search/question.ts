import { AppError, badRequest } from '../errors';

/**
 * Bounds on what reaches retrieval. A 190 KB question once held the database for everyone for
 * about 11 s (keyword statistics per lexeme), because search ran before any size check; the
 * question is now refused at once when too long, and search reads only its opening.
 */

/** The longest question accepted; the chat's Message box (components/chat/composer.tsx) allows the same. */
export const MAX_QUESTION_CHARS = 20_000;

/**
 * How much of a question is searched: about what the embedder reads (256 tokens) with room
 * to spare, and the longest query /api/search accepts.
 */
export const MAX_SEARCH_CHARS = 2_000;

/** Refuses a question that is too long, or that holds a NUL (PostgreSQL text cannot). */
export function checkQuestion(question: string): void {
  if (question.includes('\u0000')) {
    throw badRequest('invalid_query', 'The question contains a NUL character (\\u0000); remove it and ask again.');
  }
  if (question.length > MAX_QUESTION_CHARS) {
    throw new AppError(
      'question_too_long',
      `The question is ${question.length.toLocaleString('en')} characters; ask in at most ${MAX_QUESTION_CHARS.toLocaleString('en')} ` +
        '(upload long text as a document and ask about it instead).',
      413,
    );
  }
}

/** The part of a question that is searched: its first MAX_SEARCH_CHARS characters, cut at a word. */
export function searchTextOf(question: string): string {
  if (question.length <= MAX_SEARCH_CHARS) return question;
  const cut = question.slice(0, MAX_SEARCH_CHARS);
  const space = cut.search(/\s\S*$/);
  return space > MAX_SEARCH_CHARS / 2 ? cut.slice(0, space) : cut;
}

/**
 * Folds retrieved passages with the same text into one, keeping the best-ranked. The same
 * passage arrives more than once when a file was uploaded twice (another name or collection)
 * or a page repeats a boilerplate block; as separate sources it costs prompt tokens, gets two
 * citation numbers and shows the reader the same quote twice. Order (best first) is kept.
 */
export function foldDuplicatePassages<T extends { text: string }>(chunks: T[]): T[] {
  const seen = new Set<string>();
  return chunks.filter((chunk) => {
    const key = chunk.text.replace(/\s+/g, ' ').trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

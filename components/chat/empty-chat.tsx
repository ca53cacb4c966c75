'use client';

const EXAMPLES = ['Summarise the main points of my documents.', 'What do the documents say about the method used?'];

/** The empty conversation: what to do, and a couple of questions to start with. */
export function EmptyChat({ onAsk }: { onAsk: (question: string) => void }) {
  return (
    <div className="mx-auto flex h-full max-w-xl flex-col items-center justify-center gap-4 px-4 text-center">
      <h2 className="text-lg font-semibold">Ask your documents</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Answers come from the documents you uploaded, with numbered citations you can open. Add files in the document library first.
      </p>
      <ul className="flex flex-col gap-2 sm:flex-row">
        {EXAMPLES.map((q) => (
          <li key={q}>
            <button
              type="button"
              onClick={() => onAsk(q)}
              className="rounded-lg border border-zinc-300 px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-900"
            >
              {q}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function ChatPage() {
  return (
    <section className="space-y-3">
      <h1 className="text-xl font-semibold">Chat</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        Answering questions is not available in this version yet. Upload documents on the Documents page; they
        become searchable through <code>POST /api/search</code>.
      </p>
    </section>
  );
}

export default function SettingsPage() {
  return (
    <section className="space-y-3">
      <h1 className="text-xl font-semibold">Settings</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        Settings are configured through environment variables in this version; see the README.
      </p>
    </section>
  );
}

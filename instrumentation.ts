export async function register() {
  // The Edge runtime has no database or models; only the Node.js server starts them.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerRuntime } = await import('./lib/server-start');
  await startServerRuntime();
}

/**
 * Polls `probe` until it answers something truthy, and answers that; after `ms` it fails
 * with what was awaited. For what a worker does in its own time.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

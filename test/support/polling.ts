export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls every 50 ms until `done` holds, for what another process or a change notice makes true
 * in its own time; the timeout is generous, a guard against hanging, not a timed assertion.
 */
export async function until(what: string, done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}

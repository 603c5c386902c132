/**
 * A background task on a timer: the first run `firstDelayMs` after start, then `intervalMs` after
 * the previous run ended (runs never overlap). stop() cancels the next run and waits for one in
 * flight, so a shutting-down process does not leave a transaction half-done. `tick` handles (logs)
 * its own errors; a rejection is only swallowed here so the timer keeps going.
 */
export class RepeatingTask {
  private timer?: NodeJS.Timeout;
  private running = false;
  private inFlight?: Promise<unknown>;

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly firstDelayMs: number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.firstDelayMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.tick()
        .catch(() => undefined)
        .finally(() => {
          this.inFlight = undefined;
          if (this.running) this.schedule(this.intervalMs);
        });
    }, delayMs);
  }
}

import type { Logger } from 'pino';

/** Paths whose successful answers are summed up instead of logged one line each. */
export function isSummarizedPath(url: string): boolean {
  return url.startsWith('/api/public/certificates/') || url.startsWith('/verify/');
}

/**
 * Public verification (a QR code scanned by anyone, thousands a second) is logged as one summary
 * line per interval: answers by status, slowest and total time. A line per request cost the
 * route about a tenth of its main thread (pino and the log file's writes in the profile); its
 * failures (4xx other than 404, 5xx) are still logged one by one by the caller.
 */
export class RequestSummary {
  private byStatus: Record<number, number> = {};
  private count = 0;
  private totalMs = 0;
  private maxMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    intervalMs = 10_000,
  ) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  add(statusCode: number, ms: number): void {
    this.byStatus[statusCode] = (this.byStatus[statusCode] ?? 0) + 1;
    this.count++;
    this.totalMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  flush(): void {
    if (this.count === 0) return;
    this.logger.info(
      { route: 'public verification', requests: this.count, byStatus: this.byStatus, meanMs: Math.round((this.totalMs / this.count) * 100) / 100, maxMs: Math.round(this.maxMs * 10) / 10 },
      'requests summary',
    );
    this.byStatus = {};
    this.count = 0;
    this.totalMs = 0;
    this.maxMs = 0;
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }
}

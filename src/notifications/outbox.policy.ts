/** How the outbox worker paces retries; pure, so the numbers are unit-tested apart from the worker. */
export interface RetryPolicy {
  /** Delay before the second attempt; each later one doubles it. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The attempt that fails with this number parks the mail. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
  maxAttempts: 8,
};

/** Delay after the `attempts`-th failed attempt (1-based): base, 2 x base, 4 x base ... capped. */
export function retryDelayMs(attempts: number, policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^exponent overflows to Infinity long before the cap matters; Math.min handles that too.
  return Math.min(policy.backoffBaseMs * 2 ** exponent, policy.backoffMaxMs);
}

export type FailureOutcome = { status: 'pending'; retryInMs: number } | { status: 'parked' };

/** What happens to a mail whose attempt number `attempts` (1-based, this one included) just failed. */
export function afterFailure(attempts: number, policy: RetryPolicy): FailureOutcome {
  if (attempts >= policy.maxAttempts) return { status: 'parked' };
  return { status: 'pending', retryInMs: retryDelayMs(attempts, policy) };
}

/** The part of an address that is safe in a log line: `rina@lensa.id` -> `lensa.id`. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at >= 0 ? email.slice(at + 1).toLowerCase() : '';
}

const EMAIL = /[^\s<>"'(),;:@]+@([A-Za-z0-9.-]+)/g;

/** Server replies can echo the recipient; logs keep only the domain. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL, (_, domain: string) => `***@${domain}`);
}

/** An error as one short line, for `last_error` and the log. */
export function errorText(error: unknown, max = 500): string {
  const e = error as { message?: unknown; code?: unknown; response?: unknown };
  const message = typeof e?.message === 'string' && e.message ? e.message : String(error);
  const code = typeof e?.code === 'string' && !message.includes(e.code) ? `${e.code}: ` : '';
  const line = `${code}${message}`.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `007/MM/DISKOMINFO-JATIM/2026` -> `007-MM-DISKOMINFO-JATIM-2026.pdf`. */
export function certificateFileName(number: string): string {
  return `${number.replace(/\//g, '-')}.pdf`;
}

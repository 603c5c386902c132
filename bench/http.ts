/** Small HTTP helpers for set-up requests (logins, probes, drafts); the load itself runs in the worker. */
export interface Answer {
  status: number;
  body: unknown;
}

export async function call(base: string, method: string, path: string, opts: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

/** A route the service does not have yet: Nest's 404, mapped by the error filter to ROUTE.NOT_FOUND. */
export function isMissingRoute(a: Answer): boolean {
  if (a.status !== 404) return false;
  const b = a.body as { code?: string; message?: string } | string;
  return typeof b === 'string' || b?.code === 'ROUTE.NOT_FOUND' || /^Cannot (GET|POST)/.test(b?.message ?? '');
}

export function describe(a: Answer): string {
  const b = a.body as { code?: string; message?: string };
  return `HTTP ${a.status}${b && typeof b === 'object' && b.code ? ` ${b.code}` : ''}${b && typeof b === 'object' && b.message ? `: ${String(b.message).slice(0, 160)}` : ''}`;
}

export async function login(base: string, email: string, password: string): Promise<string> {
  const a = await call(base, 'POST', '/api/auth/login', { body: { email, password } });
  const token = (a.body as { accessToken?: string })?.accessToken;
  if (a.status !== 200 && a.status !== 201) throw new Error(`login ${email}: ${describe(a)}`);
  if (!token) throw new Error(`login ${email}: no accessToken in the answer`);
  return token;
}

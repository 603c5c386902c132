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

/**
 * Logs in the way a browser does: the login form's page (which sets the pre-login CSRF cookie and
 * carries the same token in a hidden field), then the form's POST. Answers the session cookie.
 */
export async function pageLogin(base: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${base}/masuk`, { signal: AbortSignal.timeout(30_000) });
  const html = await form.text();
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('mm_csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (form.status !== 200 || !csrfCookie || !token) throw new Error(`GET /masuk: HTTP ${form.status}, ${csrfCookie ? '' : 'no mm_csrf cookie, '}${token ? '' : 'no _csrf field'}`);
  const res = await fetch(`${base}/masuk`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ email, password, _csrf: decodeHtml(token) }).toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('mm_session='));
  if (res.status < 300 || res.status >= 400 || !session) throw new Error(`POST /masuk ${email}: HTTP ${res.status}${session ? '' : ', no mm_session cookie'} ${(await res.text()).slice(0, 160)}`);
  return session;
}

const decodeHtml = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&#x2F;/g, '/').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

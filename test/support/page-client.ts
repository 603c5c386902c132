import { TEST_PASSWORD } from './factories';
import type { TestApp } from './test-app';

/** Form fields; a list repeats the field (checkboxes), as a browser sends it. */
export type FormFields = Record<string, string | string[]>;

export interface UploadFile {
  name: string;
  content: Buffer;
  fileName: string;
  type: string;
}

/**
 * A supertest client for the HTML pages that keeps cookies like a browser (the session, the
 * CSRF cookie) and reads the CSRF token from a page's form.
 */
export class PageClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly t: TestApp) {}

  /** A client logged in as `who` (an actor or an email); throws unless the login redirects. */
  static async as(t: TestApp, who: { email: string } | string, password = TEST_PASSWORD): Promise<PageClient> {
    const email = typeof who === 'string' ? who : who.email;
    const c = new PageClient(t);
    const res = await c.login(email, password);
    if (res.status !== 303) throw new Error(`login ${email}: ${res.status}`);
    return c;
  }

  /** The CSRF token of the form on a page. */
  static csrf(html: string): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF token on the page');
    return m[1];
  }

  /** The Cookie header for requests made outside this client (downloads, hand-built requests). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(setCookie: string[] | string | undefined) {
    for (const c of ([] as string[]).concat(setCookie ?? [])) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (v === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async get(path: string) {
    const res = await this.t.http().get(path).set('accept', 'text/html').set('cookie', this.cookieHeader());
    this.keep(res.headers['set-cookie']);
    return res;
  }

  /** Posts a form as is: the caller puts in `_csrf` (or leaves it out on purpose). */
  async post(path: string, form: FormFields) {
    const body = new URLSearchParams(Object.entries(form).flatMap(([k, v]) => ([] as string[]).concat(v).map((x): [string, string] => [k, x])));
    const res = await this.t.http().post(path).type('form').set('accept', 'text/html').set('cookie', this.cookieHeader()).send(body.toString());
    this.keep(res.headers['set-cookie']);
    return res;
  }

  /** Posts a form of the page at `from`, with that page's CSRF token (a `_csrf` in `form` wins). */
  async submit(from: string, path: string, form: FormFields) {
    return this.post(path, { _csrf: PageClient.csrf((await this.get(from)).text), ...form });
  }

  /** A multipart form: fields (a list repeats the field) and files; the caller puts in `_csrf`. */
  async upload(path: string, fields: FormFields, files: UploadFile[]) {
    let req = this.t.http().post(path).set('accept', 'text/html').set('cookie', this.cookieHeader());
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) req = req.field(k, one);
    for (const f of files) req = req.attach(f.name, f.content, { filename: f.fileName, contentType: f.type });
    const res = await req;
    this.keep(res.headers['set-cookie']);
    return res;
  }

  /** Logs in through the login page; returns the response (303 to the landing page on success). */
  async login(email: string, password = TEST_PASSWORD) {
    const page = await this.get('/masuk');
    return this.post('/masuk', { _csrf: PageClient.csrf(page.text), email, password });
  }
}

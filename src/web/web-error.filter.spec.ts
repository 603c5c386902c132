import { AppError } from '../common/app-error';
import type { PageResponder } from './page-responder';
import type { WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

describe('WebErrorFilter', () => {
  function setup() {
    const sent: { page: string; model: Record<string, unknown>; status: number }[] = [];
    const redirects: string[] = [];
    const pages = {
      send: (_req: unknown, _reply: unknown, page: string, model: Record<string, unknown>, status: number) => sent.push({ page, model, status }),
      redirect: (_reply: unknown, url: string) => redirects.push(url),
    } as unknown as PageResponder;
    const reply = { header: jest.fn(), status: jest.fn(function (this: unknown) { return this; }), send: jest.fn() };
    return { filter: new WebErrorFilter(pages), sent, redirects, reply: reply as never, raw: reply };
  }
  const req = (method: string, url: string) => ({ method, url, headers: { accept: 'text/html' } }) as unknown as WebRequest;

  it('sends a logged-out visitor to the login page and back to where they were going', () => {
    const { filter, redirects, reply } = setup();
    filter.respond(new AppError('unauthenticated', 'AUTH.UNAUTHENTICATED', 'Log in'), req('GET', '/permohonan/abc'), reply);
    filter.respond(new AppError('unauthenticated', 'AUTH.UNAUTHENTICATED', 'Log in'), req('POST', '/akun'), reply);
    expect(redirects).toEqual(['/masuk?next=%2Fpermohonan%2Fabc', '/masuk']);
  });

  it('answers the 403, 404, 409, CSRF and 500 pages with their status, never internals', () => {
    const { filter, sent, reply } = setup();
    filter.respond(new AppError('forbidden', 'ACCESS.FORBIDDEN', 'no'), req('GET', '/x'), reply);
    filter.respond(new AppError('not_found', 'OUTLET.NOT_FOUND', 'no'), req('GET', '/x'), reply);
    filter.respond(new AppError('conflict', 'X.Y', 'no'), req('POST', '/x'), reply);
    filter.respond(new AppError('forbidden', 'WEB.CSRF', 'no'), req('POST', '/x'), reply);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    filter.respond(new Error('database on fire at 10.0.0.5'), req('GET', '/x'), reply);
    expect(sent.map((s) => [s.status, s.model.heading])).toEqual([
      [403, 'error.403.title'],
      [404, 'error.404.title'],
      [409, 'error.409.title'],
      [403, 'error.csrf.title'],
      [500, 'error.500.title'],
    ]);
    expect(JSON.stringify(sent)).not.toContain('10.0.0.5');
  });

  it('answers a client that does not ask for HTML with the API error body', () => {
    const { filter, sent, raw } = setup();
    filter.respond(new AppError('validation', 'REQUEST.NUL_BYTE', 'NUL'), { method: 'GET', url: '/verify/A', headers: {} } as unknown as WebRequest, raw as never);
    expect(sent).toEqual([]);
    expect(raw.status).toHaveBeenCalledWith(400);
    expect(raw.send).toHaveBeenCalledWith({ statusCode: 400, code: 'REQUEST.NUL_BYTE', message: 'NUL' });
  });
});

import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { ErrorFilter } from './error.filter';

/** A reply that records what the filter sends. */
function capture(exception: unknown): { status: number; headers: Record<string, string>; body: Record<string, unknown> } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const reply = {
    raw: { headersSent: false, removeHeader: () => undefined, destroy: () => undefined },
    removeHeader: () => reply,
    header: (k: string, v: string) => ((sent.headers[k.toLowerCase()] = v), reply),
    status: (s: number) => ((sent.status = s), reply),
    send: (b: string) => ((sent.body = JSON.parse(b) as Record<string, unknown>), reply),
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

function pgError(code: string, message: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));
}

describe('ErrorFilter', () => {
  it('answers a full connection pool with 503 and Retry-After, not 500', () => {
    const res = capture(new Error('timeout exceeded when trying to connect'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'SERVER.BUSY' });
    expect(res.headers['retry-after']).toBe('1');
  });

  it.each([
    ['40001', 'could not serialize access due to concurrent update'],
    ['40P01', 'deadlock detected'],
    ['55P03', 'canceling statement due to lock timeout'],
    ['57014', 'canceling statement due to statement timeout'],
    ['53300', 'sorry, too many clients already'],
  ])('answers PostgreSQL %s (%s) with 503 SERVER.BUSY', (code, message) => {
    expect(capture(pgError(code, message))).toMatchObject({ status: 503, body: { code: 'SERVER.BUSY' } });
  });

  it('keeps an unknown database failure a 500 without internals', () => {
    const res = capture(pgError('42P01', 'relation "secret_table" does not exist'));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, code: 'SERVER.ERROR', message: 'Something went wrong on our side' });
  });

  it('passes a domain error through with its code and headers', () => {
    const res = capture(new AppError('conflict', 'APPLICATION.STALE_VERSION', 'stale', undefined, { 'x-a': '1' }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'APPLICATION.STALE_VERSION' });
  });
});

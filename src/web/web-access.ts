import { timingSafeEqual } from 'node:crypto';
import { SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import type { ActiveSession } from './web-sessions.service';

/** Marks a controller as serving pages: it authenticates by session cookie, never by bearer token. */
export const WEB_PAGES_KEY = 'mitra:web-pages';
export const WebPages = () => SetMetadata(WEB_PAGES_KEY, true);

/** A page route that takes a multipart upload; its handler checks the CSRF field inside the body. */
export const WEB_UPLOAD_KEY = 'mitra:web-upload';
export const UploadForm = () => SetMetadata(WEB_UPLOAD_KEY, true);

export const SESSION_COOKIE = 'mm_session';
/** Before login there is no session: forms carry this cookie's value back (double submit). */
export const ANON_CSRF_COOKIE = 'mm_csrf';
export const LANG_COOKIE = 'mm_lang';
export const CSRF_FIELD = '_csrf';

export interface WebState {
  session: ActiveSession | null;
}

export type WebRequest = FastifyRequest & { web?: WebState; cookies: Record<string, string | undefined> };

const csrfRefused = () => new AppError('forbidden', 'WEB.CSRF', 'This form has expired or did not come from this site; reload the page and try again');

const sameToken = (a: string | undefined, b: string | undefined): boolean =>
  !!a && !!b && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The token a form on this request must carry: the session's, or before login the cookie's. */
export function expectedCsrf(req: WebRequest): string | undefined {
  return req.web?.session?.csrfToken ?? req.cookies[ANON_CSRF_COOKIE];
}

export function assertCsrf(req: WebRequest, submitted: unknown): void {
  if (!sameToken(expectedCsrf(req), typeof submitted === 'string' ? submitted : undefined)) throw csrfRefused();
}

/** A browser names the page a POST came from; one from another site is refused outright. */
export function assertSameOrigin(req: WebRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw csrfRefused();
  }
  if (host !== req.host) throw csrfRefused();
}

export const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

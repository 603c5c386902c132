import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { KeptPage } from '../certificates/public-certificate-cache';
import { notModified } from '../common/conditional-get';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { setCookie, type CookieOptions } from './cookies';
import { isLocale, type Locale } from './i18n';
import { staffNav } from './staff-nav';
import { ViewRenderer, type PageContext } from './view-renderer';
import { ANON_CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, type WebRequest } from './web-access';
import { randomToken } from './web-sessions.service';

/** Builds each page's context (user, language, CSRF token) and sends HTML or a redirect. */
@Injectable()
export class PageResponder {
  constructor(
    readonly views: ViewRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  cookieOptions(maxAge?: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.production, path: '/', ...(maxAge !== undefined ? { maxAge } : {}) };
  }

  locale(req: WebRequest): Locale {
    const fromUser = req.web?.session?.user.locale;
    if (fromUser) return fromUser;
    const fromCookie = req.cookies?.[LANG_COOKIE];
    return isLocale(fromCookie) ? fromCookie : 'id';
  }

  /** The session's CSRF token, or the anonymous double-submit cookie's (set when missing). */
  private csrfToken(req: WebRequest, reply: FastifyReply): string {
    let csrf = req.web?.session?.csrfToken ?? req.cookies?.[ANON_CSRF_COOKIE];
    if (!csrf) {
      csrf = randomToken();
      setCookie(reply, ANON_CSRF_COOKIE, csrf, this.cookieOptions());
    }
    return csrf;
  }

  context(req: WebRequest, reply: FastifyReply): PageContext {
    const session = req.web?.session ?? null;
    const csrf = this.csrfToken(req, reply);
    const user = session?.user;
    const path = req.url.split('?')[0];
    return {
      locale: this.locale(req),
      user: user
        ? { name: user.name, email: user.email, role: user.role, applicant: user.role === 'applicant', agency: session.agencyName, roleLabel: `role.${user.role}`, nav: staffNav(user.role, path) }
        : null,
      csrf,
      path,
    };
  }

  t(req: WebRequest, key: string, params?: Record<string, unknown>): string {
    return this.views.t(this.locale(req), key, params);
  }

  send(req: WebRequest, reply: FastifyReply, page: string, model: Record<string, unknown> & { title: string }, status = 200): FastifyReply {
    const html = this.views.render(page, this.context(req, reply), model);
    return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  }

  /**
   * A page that may be revalidated (`private, no-cache` instead of `no-store`): its ETag is the hash of
   * the HTML as rendered for this visitor (language, session, CSRF token), so a repeat visit with the
   * same answer gets 304 without the body, and any change (a status) gives a new ETag.
   */
  sendRevalidated(req: WebRequest, reply: FastifyReply, page: string, model: Record<string, unknown> & { title: string }, status = 200): FastifyReply {
    const html = this.views.render(page, this.context(req, reply), model);
    if (status !== 200) return reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    return this.sendHtmlRevalidated(req, reply, html);
  }

  /**
   * `sendRevalidated` for a 200 page whose HTML depends only on its data, the language and the visitor's
   * CSRF token: for an anonymous visitor on the page's canonical path, the page's own part is rendered
   * once per language into `store` (owned by the cache entry of the data, so it goes whenever the data
   * changes) and put into a layout kept per language and title with the visitor's own token: the same
   * bytes, ETag and headers as a fresh render. Logged-in visitors (their name in the header) and any
   * other spelling of the path get the normal render.
   */
  sendRevalidatedCached(
    req: WebRequest,
    reply: FastifyReply,
    page: string,
    cache: { store: Map<string, KeptPage>; path: string },
    model: () => Record<string, unknown> & { title: string },
  ): FastifyReply {
    const path = req.url.split('?')[0];
    if (req.web?.session || path !== cache.path) return this.sendRevalidated(req, reply, page, model());
    const locale = this.locale(req);
    let kept = cache.store.get(locale);
    if (!kept) {
      const m = model();
      const body = this.views.renderAnonymousBody(page, locale, m);
      if (!body) return this.sendRevalidated(req, reply, page, m);
      cache.store.set(locale, (kept = body));
    }
    return this.sendHtmlRevalidated(req, reply, this.views.wrapAnonymous({ locale, user: null, csrf: this.csrfToken(req, reply), path }, kept));
  }

  private sendHtmlRevalidated(req: WebRequest, reply: FastifyReply, html: string | Buffer): FastifyReply {
    void reply.header('content-type', 'text/html; charset=utf-8');
    const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
    void reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (notModified(req.headers['if-none-match'], etag)) return reply.status(304).send();
    return reply.status(200).send(html);
  }

  /** After a POST: 303, so reloading the next page does not post again. */
  redirect(reply: FastifyReply, url: string): FastifyReply {
    return reply.status(303).header('location', url).send();
  }

  setSession(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
    setCookie(reply, SESSION_COOKIE, token, this.cookieOptions(maxAgeSeconds));
  }

  clearSession(reply: FastifyReply): void {
    setCookie(reply, SESSION_COOKIE, '', this.cookieOptions(0));
  }
}

/** Only a path on this site: `next=//evil.example` or `https://...` falls back to the dashboard. */
export function safeNext(next: unknown, fallback = '/dasbor'): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-/.?=&%]*$/.test(next) ? next : fallback;
}

import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { Allow, Public } from './access.decorator';
import { AccessGuard } from './access.guard';
import type { AuthUser } from './permissions';
import type { TokenService } from './token.service';
import type { WebSessionsService } from '../web/web-sessions.service';
import { WEB_PAGES_KEY } from '../web/web-access';

@Controller()
class Routes {
  @Get() undeclared() {}
  @Public() @Get() open() {}
  @Allow('audit:read') @Get() audit() {}
}

const user = (role: AuthUser['role']): AuthUser => ({ id: 'u', email: 'u@x', name: 'U', role, agencyId: role === 'applicant' ? null : 'a', locale: 'id' });

function context(handler: keyof Routes, headers: Record<string, string> = {}): { ctx: ExecutionContext; req: { headers: Record<string, string>; user?: AuthUser } } {
  const req: { headers: Record<string, string>; user?: AuthUser } = { headers };
  const ctx = {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

describe('AccessGuard', () => {
  const noSessions = { find: jest.fn(async () => null) } as unknown as WebSessionsService;
  const tokens = (role: AuthUser['role']) => ({ authenticate: jest.fn(async () => user(role)) }) as unknown as TokenService;

  it('refuses a route that declares no access rule, even for a logged-in admin', async () => {
    const guard = new AccessGuard(new Reflector(), tokens('admin'), noSessions);
    await expect(guard.canActivate(context('undeclared', { authorization: 'Bearer x' }).ctx)).rejects.toMatchObject({ code: 'ACCESS.UNDECLARED', status: 403 });
  });

  it('lets anyone through a public route without looking at tokens', async () => {
    const t = tokens('admin');
    await expect(new AccessGuard(new Reflector(), t, noSessions).canActivate(context('open').ctx)).resolves.toBe(true);
    expect(t.authenticate).not.toHaveBeenCalled();
  });

  it('checks the permission against the role map and attaches the caller', async () => {
    const allowed = context('audit');
    await expect(new AccessGuard(new Reflector(), tokens('auditor'), noSessions).canActivate(allowed.ctx)).resolves.toBe(true);
    expect(allowed.req.user?.role).toBe('auditor');
    await expect(new AccessGuard(new Reflector(), tokens('officer'), noSessions).canActivate(context('audit').ctx)).rejects.toMatchObject({ code: 'ACCESS.FORBIDDEN', status: 403 });
  });
});

@Controller()
class Pages {
  @Public() @Get() home() {}
  @Allow('outlets:own') @Get() outlet() {}
}

describe('AccessGuard on pages', () => {
  const session = (role: AuthUser['role']) => ({ tokenHash: 'h', csrfToken: 'csrf-123', user: user(role), agencyName: null });
  const sessions = (role: AuthUser['role'] | null) => ({ find: jest.fn(async () => (role ? session(role) : null)) }) as unknown as WebSessionsService;
  const tokens = { authenticate: jest.fn(async () => user('admin')) } as unknown as TokenService;
  Reflect.defineMetadata(WEB_PAGES_KEY, true, Pages);

  function page(handler: keyof Pages, method: string, body?: Record<string, string>, headers: Record<string, string> = {}) {
    const req = { method, body, headers, host: 'mitra.test', cookies: { mm_session: 'tok' }, isMultipart: () => false } as Record<string, unknown>;
    const ctx = {
      getHandler: () => Pages.prototype[handler],
      getClass: () => Pages,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
    return { ctx, req };
  }

  it('authenticates pages by the session cookie, never a bearer token, and checks the permission map', async () => {
    await expect(new AccessGuard(new Reflector(), tokens, sessions(null)).canActivate(page('outlet', 'GET', undefined, { authorization: 'Bearer x' }).ctx)).rejects.toMatchObject({ status: 401 });
    expect(tokens.authenticate).not.toHaveBeenCalled();
    await expect(new AccessGuard(new Reflector(), tokens, sessions('officer')).canActivate(page('outlet', 'GET').ctx)).rejects.toMatchObject({ code: 'ACCESS.FORBIDDEN' });
    const ok = page('outlet', 'GET');
    await expect(new AccessGuard(new Reflector(), tokens, sessions('applicant')).canActivate(ok.ctx)).resolves.toBe(true);
    expect((ok.req.user as AuthUser).role).toBe('applicant');
  });

  it('refuses a state-changing request without the session CSRF token or from another origin', async () => {
    const guard = new AccessGuard(new Reflector(), tokens, sessions('applicant'));
    await expect(guard.canActivate(page('outlet', 'POST', {}).ctx)).rejects.toMatchObject({ code: 'WEB.CSRF', status: 403 });
    await expect(guard.canActivate(page('outlet', 'POST', { _csrf: 'csrf-999' }).ctx)).rejects.toMatchObject({ code: 'WEB.CSRF' });
    await expect(guard.canActivate(page('outlet', 'POST', { _csrf: 'csrf-123' }, { origin: 'https://evil.example' }).ctx)).rejects.toMatchObject({ code: 'WEB.CSRF' });
    await expect(guard.canActivate(page('outlet', 'POST', { _csrf: 'csrf-123' }, { origin: 'http://mitra.test' }).ctx)).resolves.toBe(true);
    await expect(guard.canActivate(page('home', 'POST', {}).ctx)).rejects.toMatchObject({ code: 'WEB.CSRF' });
  });
});

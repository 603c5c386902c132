import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { Allow, Public } from './access.decorator';
import { AccessGuard } from './access.guard';
import type { AuthUser } from './permissions';
import type { TokenService } from './token.service';

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
  const tokens = (role: AuthUser['role']) => ({ authenticate: jest.fn(async () => user(role)) }) as unknown as TokenService;

  it('refuses a route that declares no access rule, even for a logged-in admin', async () => {
    const guard = new AccessGuard(new Reflector(), tokens('admin'));
    await expect(guard.canActivate(context('undeclared', { authorization: 'Bearer x' }).ctx)).rejects.toMatchObject({ code: 'ACCESS.UNDECLARED', status: 403 });
  });

  it('lets anyone through a public route without looking at tokens', async () => {
    const t = tokens('admin');
    await expect(new AccessGuard(new Reflector(), t).canActivate(context('open').ctx)).resolves.toBe(true);
    expect(t.authenticate).not.toHaveBeenCalled();
  });

  it('checks the permission against the role map and attaches the caller', async () => {
    const allowed = context('audit');
    await expect(new AccessGuard(new Reflector(), tokens('auditor')).canActivate(allowed.ctx)).resolves.toBe(true);
    expect(allowed.req.user?.role).toBe('auditor');
    await expect(new AccessGuard(new Reflector(), tokens('officer')).canActivate(context('audit').ctx)).rejects.toMatchObject({ code: 'ACCESS.FORBIDDEN', status: 403 });
  });
});

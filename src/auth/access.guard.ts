import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/app-error';
import { ACCESS_KEY, type AccessRule } from './access.decorator';
import { roleHas, type AuthUser } from './permissions';
import { TokenService } from './token.service';
import { assertCsrf, assertSameOrigin, isSafeMethod, WEB_PAGES_KEY, WEB_UPLOAD_KEY, SESSION_COOKIE, type WebRequest } from '../web/web-access';
import { WebSessionsService } from '../web/web-sessions.service';

/** Global, deny by default: a route without a declaration is refused, whoever calls it. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: WebSessionsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) throw new AppError('forbidden', 'ACCESS.UNDECLARED', 'This route declares no access rule');
    const web = this.reflector.getAllAndOverride<boolean | undefined>(WEB_PAGES_KEY, [ctx.getHandler(), ctx.getClass()]) === true;
    if (web) {
      const upload = this.reflector.get<boolean | undefined>(WEB_UPLOAD_KEY, ctx.getHandler()) === true;
      return this.pageAccess(ctx.switchToHttp().getRequest<WebRequest & { user?: AuthUser }>(), rule, upload);
    }
    if (rule.kind === 'public') return true;

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const user = await this.tokens.authenticate(req.headers.authorization);
    if (!roleHas(user.role, rule.permission)) {
      throw new AppError('forbidden', 'ACCESS.FORBIDDEN', `Your role (${user.role}) may not do this`);
    }
    req.user = user;
    return true;
  }

  /**
   * Pages authenticate by the session cookie only (never a bearer token), and every state-changing
   * request proves it came from our own form: same origin, and the session's CSRF token. A multipart
   * upload carries its token inside the body, which its handler checks once the body is read.
   */
  private async pageAccess(req: WebRequest & { user?: AuthUser }, rule: AccessRule, upload: boolean): Promise<boolean> {
    const session = await this.sessions.find(req.cookies?.[SESSION_COOKIE]);
    req.web = { session };
    if (!isSafeMethod(req.method)) {
      assertSameOrigin(req);
      if (!(upload && req.isMultipart())) assertCsrf(req, (req.body as Record<string, unknown> | undefined)?._csrf);
    }
    if (session) req.user = session.user;
    if (rule.kind === 'public') return true;
    if (!session) throw new AppError('unauthenticated', 'AUTH.UNAUTHENTICATED', 'Log in to continue');
    if (!roleHas(session.user.role, rule.permission)) {
      throw new AppError('forbidden', 'ACCESS.FORBIDDEN', `Your role (${session.user.role}) may not do this`);
    }
    return true;
  }
}

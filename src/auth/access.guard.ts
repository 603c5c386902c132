import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/app-error';
import { ACCESS_KEY, type AccessRule } from './access.decorator';
import { roleHas, type AuthUser } from './permissions';
import { TokenService } from './token.service';

/** Global, deny by default: a route without a declaration is refused, whoever calls it. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) throw new AppError('forbidden', 'ACCESS.UNDECLARED', 'This route declares no access rule');
    if (rule.kind === 'public') return true;

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const user = await this.tokens.authenticate(req.headers.authorization);
    if (!roleHas(user.role, rule.permission)) {
      throw new AppError('forbidden', 'ACCESS.FORBIDDEN', `Your role (${user.role}) may not do this`);
    }
    req.user = user;
    return true;
  }
}

import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthUser, Permission } from './permissions';

/** Every route states who may call it; the global AccessGuard refuses a route that does not. */
export const ACCESS_KEY = 'mitra:access';
export type AccessRule = { kind: 'public' } | { kind: 'permission'; permission: Permission };

/** Anyone, no login. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** A logged-in user whose role holds this permission (see permissions.ts). */
export const Allow = (permission: Permission) =>
  SetMetadata(ACCESS_KEY, { kind: 'permission', permission } satisfies AccessRule);

/** The caller, resolved by the AccessGuard. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new Error('@Auth() used on a route without a permission declaration');
  return user;
});

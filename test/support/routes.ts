import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_KEY, type AccessRule } from '../../src/auth/access.decorator';
import { WEB_PAGES_KEY } from '../../src/web/web-access';

export interface AppRoute {
  /** e.g. `GET /api/outlets/:id`, as Fastify serves it. */
  key: string;
  method: string;
  path: string;
  rule: AccessRule | undefined;
  handler: string;
  /** The DTO classes the handler validates its body and query with, if any. */
  bodyDto?: Function;
  queryDto?: Function;
  /** False for routes kept out of the OpenAPI document (@ApiExcludeController / @ApiExcludeEndpoint): the web pages. */
  documented: boolean;
}

/** @nestjs/swagger's metadata keys (its constants module is not exported). */
const API_EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';
const API_EXCLUDE_ENDPOINT = 'swagger/apiExcludeEndpoint';

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every controller route of the running app, with the access rule it declares (walked from Nest's metadata). */
export function appRoutes(app: NestFastifyApplication): AppRoute[] {
  const fastify = app.getHttpAdapter().getInstance();
  const scanner = new MetadataScanner();
  const routes: AppRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const proto = Object.getPrototypeOf(wrapper.instance as object) as Record<string, object>;
      const base = Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) as string | string[];
      const isPage = Reflect.getMetadata(WEB_PAGES_KEY, wrapper.metatype as object) === true;
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name];
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const b of [base].flat()) {
          for (const s of [sub].flat()) {
            // The global prefix applies except to the routes app.factory excludes; ask Fastify which it serves.
            // A page and an API route may share a path (GET /audit, GET /api/audit): pages are never prefixed.
            const candidates = isPage ? [join(b, s)] : [join('api', b, s), join(b, s)];
            const path = candidates.find((url) => fastify.hasRoute({ method: method as 'GET', url }));
            if (!path) throw new Error(`route ${method} ${candidates[1]} (${wrapper.name}.${name}) is not served`);
            const rule = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, wrapper.metatype as object)) as
              | AccessRule
              | undefined;
            const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype as object, name) ?? {}) as Record<string, { index: number }>;
            const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as Function[];
            const dto = (kind: RouteParamtypes) => {
              const entry = Object.entries(args).find(([k]) => k.split(':')[0] === String(kind));
              const type = entry ? types[entry[1].index] : undefined;
              return type && ![Object, String, Number, Boolean].includes(type as never) ? type : undefined;
            };
            routes.push({
              key: `${method} ${path}`,
              method,
              path,
              rule,
              handler: `${wrapper.name}.${name}`,
              bodyDto: dto(RouteParamtypes.BODY),
              queryDto: dto(RouteParamtypes.QUERY),
              documented: !(
                (Reflect.getMetadata(API_EXCLUDE_CONTROLLER, wrapper.metatype as object) as boolean[] | undefined)?.[0] ||
                (Reflect.getMetadata(API_EXCLUDE_ENDPOINT, handler) as { disable?: boolean } | undefined)?.disable
              ),
            });
          }
        }
      }
    }
  }
  return routes.sort((x, y) => x.key.localeCompare(y.key));
}

/** `/api/outlets/{id}` (OpenAPI) as `/api/outlets/:id` (Fastify). */
export const fromOpenApiPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');

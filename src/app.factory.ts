import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import type { Clock } from './common/clock';
import { jsonDepthExceeds, tooDeep } from './common/input-guard';
import { PinoNestLogger } from './common/logger';
import { runMigrationsExclusively } from './database/run-migrations';
import type { AppConfig } from './config/app-config';
import { parseCookies } from './web/cookies';
import { AuditController } from './audit/audit.controller';
import { pageRoutes, routesOf } from './web/web.module';

/** JSON bodies are small; documents come as multipart with their own limit. */
const JSON_BODY_LIMIT = 1024 * 1024;

/** What a caller may provide instead of the default; tests set the clock here. */
export interface AppOverrides {
  clock?: Clock;
}

/**
 * Builds the application exactly as production runs it; main.ts, the CLI and the tests all come
 * through here, so a test app cannot drift from the real one. Runs pending migrations.
 */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger, overrides: AppOverrides = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request, written when it completes (see the onResponse hook below).
    disableRequestLogging: true,
    bodyLimit: JSON_BODY_LIMIT,
    // Off unless configured: otherwise any caller picks its own address with X-Forwarded-For.
    trustProxy: config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // Errors Fastify raises before routing (a path with broken percent-encoding) get the one error body.
    frameworkErrors: (error: Error, _req: FastifyRequest, reply: FastifyReply) => {
      const statusCode = (error as { statusCode?: number }).statusCode === 400 ? 400 : 500;
      const body = statusCode === 400
        ? { statusCode, code: 'REQUEST.BAD_URL', message: 'The address is not valid URL encoding' }
        : { statusCode, code: 'SERVER.ERROR', message: 'Something went wrong on our side' };
      void reply.status(statusCode).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl, clock: overrides.clock }), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  fastify.decorateRequest('cookies', null);
  fastify.addHook('onRequest', async (req) => {
    (req as unknown as { cookies: Record<string, string> }).cookies = parseCookies(req.headers.cookie);
  });
  fastify.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, url: req.url.replace(/([?&]token=)[^&]*/g, '$1[redacted]'), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });
  // Pages load only our own hashed stylesheet and script: no inline script or style anywhere.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Behind a TLS proxy in production; over plain http (development, tests) upgrading would
        // send form redirects to an https port that does not exist.
        ...(config.production ? {} : { upgradeInsecureRequests: null }),
      },
    },
  });
  // Swagger UI's page carries inline styles and an inline bootstrap; only /docs gets that allowance.
  fastify.addHook('onSend', async (req, reply) => {
    if (/^\/docs(\/|$|\?)/.test(req.url)) {
      void reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; object-src 'none'",
      );
    }
  });
  await app.register(multipart, { limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 1, fields: 10, fieldSize: 1024 } });
  if (config.CORS_ORIGINS.length > 0) {
    app.enableCors({ origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS, maxAge: 600 });
  }
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      ...pageRoutes(),
      // The audit API names its `api/` itself: an exclusion matches by path and method only, so the
      // auditor's page GET /audit would otherwise take GET /api/audit out of the prefix as well.
      ...routesOf([AuditController]),
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });

  const openApi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mitra Media API')
      .setDescription('Accreditation of media partners for government public-relations offices')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, openApi, { jsonDocumentUrl: 'docs/json' });

  await runMigrationsExclusively(app.get(DataSource));
  await app.init();
  limitJsonDepth(fastify);
  await fastify.ready();
  return app;
}

/**
 * Nest's JSON parser (registered by init) with a depth limit in front: a body nested thousands of
 * levels deep is refused before it is parsed, so nothing downstream (class-transformer,
 * class-validator) ever recurses on it. Proto-poisoning protection stays as Fastify's default.
 */
function limitJsonDepth(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (req, body, done) => {
    if (jsonDepthExceeds(body as string)) return done(tooDeep(), undefined);
    parseJson(req, body as string, done);
  });
}

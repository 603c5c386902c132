import { Catch, HttpException, Inject, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error';

/** Renders an error as a page for a browser; provided by the web module (see web.module.ts). */
export const ERROR_PAGES = Symbol('ERROR_PAGES');
export interface ErrorPages {
  respond(exception: unknown, req: FastifyRequest, reply: FastifyReply): void;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: Record<string, unknown>;
}

const HTTP_CODES: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'ACCESS.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  406: 'REQUEST.NOT_ACCEPTABLE',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.TOO_MANY',
};

/** Headers a file-serving handler may have set before it failed; an error body must not carry them. */
const STALE_HEADERS = ['content-type', 'content-length', 'content-disposition', 'content-encoding', 'x-content-sha256'];

/** Fastify's own errors (body parser, content type, size) carry a statusCode and a FST_ code. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * PostgreSQL answers that mean "busy, try again", not "broken": a serialization failure, a
 * deadlock, a lock or statement timeout, too many connections. With the pool's own wait for a free
 * connection running out, they are a 503 with Retry-After: the client retries and nothing was
 * written (the transaction rolled back).
 */
const BUSY_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '53300']);

function isDatabaseBusy(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const sqlState = (exception as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (exception as { code?: unknown }).code;
  if (typeof sqlState === 'string' && BUSY_SQLSTATES.has(sqlState)) return true;
  // pg-pool's wait for a free connection (connectionTimeoutMillis) has no code, only this message.
  return /timeout exceeded when trying to connect/i.test(exception.message);
}

/** One error body for every error; anything unexpected is a logged 500 without internals. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  constructor(@Optional() @Inject(ERROR_PAGES) private readonly pages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // An unknown address typed in a browser gets the 404 page, not JSON.
    if (this.pages) {
      const req = host.switchToHttp().getRequest<FastifyRequest>();
      if (isPageRequest(req) && this.toBody(exception).body.statusCode === 404) return this.pages.respond(exception, req, reply);
    }
    const { body, headers } = this.toBody(exception);
    if (body.code === 'SERVER.BUSY') this.logger.warn(`database busy: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    this.send(reply, body, headers);
  }

  /**
   * A handler that failed after choosing a file's headers (a stream that could not be read) left
   * content-type and friends on the reply; sending the error object under `application/pdf` throws
   * inside Fastify's error handler and ends the process. So the file's headers go, the body is
   * sent as JSON text, and a response already under way is cut off instead of answered twice.
   */
  private send(reply: FastifyReply, body: ErrorBody, headers: Record<string, string>): void {
    try {
      if (reply.raw.headersSent) {
        reply.raw.destroy();
        return;
      }
      for (const name of STALE_HEADERS) {
        void reply.removeHeader(name);
        reply.raw.removeHeader(name);
      }
      for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
      void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
    } catch (err) {
      this.logger.error(`could not send the error answer: ${err instanceof Error ? err.message : String(err)}`);
      reply.raw.destroy();
    }
  }

  toBody(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof AppError) {
      const body: ErrorBody = { statusCode: exception.status, code: exception.code, message: exception.message };
      if (exception.errors) body.errors = exception.errors;
      return { body, headers: exception.headers ?? {} };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const message = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? exception.message);
      return {
        body: {
          statusCode: status,
          code: HTTP_CODES[status] ?? (status >= 500 ? 'SERVER.ERROR' : 'REQUEST.INVALID'),
          message: Array.isArray(message) ? message.join('; ') : String(message),
        },
        headers: {},
      };
    }
    const f = exception as FastifyLikeError;
    if (typeof f?.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
      const code =
        f.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || f.statusCode === 413
          ? 'REQUEST.TOO_LARGE'
          : f.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
            : f.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || f.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || f.message?.includes('JSON')
              ? 'REQUEST.MALFORMED_JSON'
              : (HTTP_CODES[f.statusCode] ?? 'REQUEST.INVALID');
      return { body: { statusCode: f.statusCode, code, message: f.message ?? 'Bad request' }, headers: {} };
    }
    if (isDatabaseBusy(exception)) {
      return { body: { statusCode: 503, code: 'SERVER.BUSY', message: 'The service is busy; nothing was changed. Please try again in a moment.' }, headers: { 'retry-after': '1' } };
    }
    return { body: { statusCode: 500, code: 'SERVER.ERROR', message: 'Something went wrong on our side' }, headers: {} };
  }
}

function isPageRequest(req: FastifyRequest): boolean {
  const path = req.url ?? '';
  return (req.method === 'GET' || req.method === 'HEAD') && !/^\/(api|docs|health)(\/|$|\?)/.test(path) && /text\/html/.test(req.headers.accept ?? '');
}

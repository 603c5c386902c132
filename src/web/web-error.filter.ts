import { Catch, HttpException, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../common/app-error';
import { ErrorFilter } from '../common/error.filter';
import { PageResponder } from './page-responder';
import type { WebRequest } from './web-access';

const PAGE_FOR_STATUS: Record<number, string> = { 403: 'error.403', 404: 'error.404', 409: 'error.409', 429: 'error.429' };

/** Errors on pages answer pages: log in first, or the 403 / 404 / 409 / 500 page in the layout. */
@Injectable()
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebError');

  constructor(private readonly pages: PageResponder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    this.respond(exception, req, reply);
  }

  respond(exception: unknown, req: WebRequest, reply: FastifyReply): void {
    // A client that does not ask for HTML (a script, a scanner's HTTP library) gets the API's one
    // error body; browsers get pages.
    if (!/text\/html/.test(req.headers?.accept ?? '')) {
      const { body, headers } = new ErrorFilter().toBody(exception);
      if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
      void reply.status(body.statusCode).send(body);
      return;
    }
    let status = 500;
    let code = 'SERVER.ERROR';
    if (exception instanceof AppError) {
      status = exception.status;
      code = exception.code;
      for (const [k, v] of Object.entries(exception.headers ?? {})) void reply.header(k, v);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
    } else if (typeof (exception as { statusCode?: unknown })?.statusCode === 'number') {
      status = (exception as { statusCode: number }).statusCode;
    }
    if (status === 401) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.url)}` : '';
      void this.pages.redirect(reply, `/masuk${next}`);
      return;
    }
    // A malformed id in a page address is a page that does not exist.
    if (status === 400 && req.method === 'GET' && !(exception instanceof AppError)) status = 404;
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const key = code === 'WEB.CSRF' ? 'error.csrf' : (PAGE_FOR_STATUS[status] ?? (status < 500 ? 'error.400' : 'error.500'));
    try {
      this.pages.send(req, reply, 'error', { title: `${key}.title`, heading: `${key}.title`, message: `${key}.body`, status }, status);
    } catch (err) {
      this.logger.error(`error page failed: ${(err as Error).stack ?? String(err)}`);
      void reply.status(status).header('content-type', 'text/plain; charset=utf-8').send(`${status}`);
    }
  }
}

import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * JSON logs. Request logs come from Fastify (method, url, status, request id); bodies and
 * headers are never logged, so passwords, tokens and NIKs cannot reach the log. `buffered: false`
 * for a process that logs little (a worker): each line is written at once.
 */
export function createRootLogger(level: string, pretty = false, { buffered = true }: { buffered?: boolean } = {}): Logger {
  const options = {
    level,
    base: { service: 'mitra-media' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.nik'], censor: '[redacted]' },
  };
  // Development: one readable line per event, through pino-pretty in a worker thread.
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } } });
  }
  return pino(
    options,
    // Buffered, asynchronous writes: a synchronous write per request line cost the hot path about
    // a quarter of its CPU. main.ts flushes the buffer on shutdown. A worker process logs little
    // and a line must not wait hours in a buffer, so it writes each line at once.
    !buffered ? pino.destination({ dest: 1, sync: true }) : pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

/** Readable lines in development on a terminal (or when asked), JSON everywhere else. */
export function prettyLogs(cfg: { LOG_PRETTY: string; NODE_ENV: string }): boolean {
  return cfg.LOG_PRETTY === 'true' || (cfg.LOG_PRETTY === 'auto' && cfg.NODE_ENV === 'development' && process.stdout.isTTY === true);
}

/**
 * Domain errors carry a stable code and a kind; services throw them and never import HTTP
 * exceptions. The global filter maps the kind to an HTTP status in one place.
 */
export const ERROR_STATUS = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorKind = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly errors?: Record<string, unknown>,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.kind];
  }
}

export const notFound = (what: string, code = `${what.toUpperCase()}.NOT_FOUND`) =>
  new AppError('not_found', code, `${what[0].toUpperCase()}${what.slice(1)} not found`);

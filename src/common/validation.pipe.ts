import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from './app-error';

/** `errors` maps each field path to what was wrong with it, e.g. `{ "office.city": "isNotEmpty" }`. */
function flatten(errors: ValidationError[], prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const [kind, message] = Object.entries(e.constraints)[0];
      out[path] = kind === 'whitelistValidation' ? 'unknown field' : message;
    }
    if (e.children?.length) flatten(e.children, path, out);
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      new AppError('validation', 'REQUEST.VALIDATION', 'Some fields are missing or invalid', flatten(errors)),
  });
}

import { describe, expect, it } from '@jest/globals';
import { securityHeaders } from './security-headers';

// helmet (a dev dependency, kept for this comparison) is what @fastify/helmet ran per request; the headers computed once must stay exactly what it sent.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helmet = (require('helmet') as { default: (o: unknown) => (req: unknown, res: unknown, next: () => void) => void }).default;

function helmetHeaders(production: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  helmet({
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
        ...(production ? {} : { upgradeInsecureRequests: null }),
      },
    },
  })({}, { setHeader: (k: string, v: string) => (out[k.toLowerCase()] = v), removeHeader: () => undefined }, () => undefined);
  return out;
}

describe('security headers', () => {
  it.each([true, false])('are what helmet sends with our policy (production %s)', (production) => {
    expect({ ...securityHeaders(production) }).toEqual(helmetHeaders(production));
  });
});

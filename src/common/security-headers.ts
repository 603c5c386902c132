/**
 * The security headers of every response, computed once. They are exactly what helmet 8 (through
 * @fastify/helmet) sent with our Content-Security-Policy (src/common/security-headers.spec.ts compares
 * them with helmet's output), but @fastify/helmet built a new helmet middleware, CSP parsing
 * included, on every request: 3-7% of the public verification's main thread. Nothing here depends
 * on the request, so one object is set on each reply.
 */
export function securityHeaders(production: boolean): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self' https: data:",
    "form-action 'self'",
    // Pages load only our own hashed stylesheet and script: no inline script or style anywhere.
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self'",
    // Behind a TLS proxy in production; over plain http (development, tests) upgrading would send
    // form redirects to an https port that does not exist.
    ...(production ? ['upgrade-insecure-requests'] : []),
  ].join(';');
  return Object.freeze({
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

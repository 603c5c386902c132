/**
 * The load generator, run as a child process (fork) so it never shares an event loop with the
 * orchestrator or the server under test. Receives one LoadSpec, runs autocannon, records every
 * response time (autocannon's own histogram has no p95), answers with a LoadResult and exits.
 */
import type { LoadResult, LoadSpec } from './load';
import { latencySummary, percentile } from './util';

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string) => void;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  on(event: 'reqError', listener: (err: Error) => void): void;
  stop(): void;
}
type Autocannon = (
  opts: Record<string, unknown>,
  done: (err: Error | null, result: { errors: number; timeouts: number; duration: number; statusCodeStats: Record<string, { count: number }> }) => void,
) => AutocannonInstance;

// autocannon ships no type declarations.
const autocannon = require('autocannon') as Autocannon;

function run(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const ok: number[] = [];
    const all: number[] = [];
    const errorSamples: string[] = [];
    let setupCalls = 0;
    let next = 0;
    const headers: Record<string, string> = { ...(spec.headers ?? {}) };
    if (spec.method === 'POST') headers['content-type'] = 'application/json';
    const request: AutocannonRequest = { method: spec.method, headers, path: spec.path };
    if (spec.body !== undefined) request.body = spec.body;
    if (spec.paths || spec.bodies || spec.sequence || spec.variants) {
      request.setupRequest = (req) => {
        setupCalls++;
        const out: AutocannonRequest = { ...req };
        if (spec.paths) out.path = spec.paths[Math.floor(Math.random() * spec.paths.length)];
        if (spec.bodies) out.body = spec.bodies[Math.floor(Math.random() * spec.bodies.length)];
        if (spec.sequence) {
          const item = spec.sequence[next++ % spec.sequence.length];
          out.path = item.path;
          if (item.body !== undefined) out.body = item.body;
        }
        if (spec.variants) {
          const v = spec.variants[Math.floor(Math.random() * spec.variants.length)];
          out.path = v.path;
          out.headers = { ...headers, ...v.headers };
        }
        return out;
      };
    }
    request.onResponse = (status, body) => {
      if ((status < 200 || status >= 300) && errorSamples.length < 3) errorSamples.push(`${status} ${String(body).slice(0, 300)}`);
    };
    const started = process.hrtime.bigint();
    let guard: NodeJS.Timeout | undefined;
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        // autocannon refuses an explicit undefined duration.
        ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
        timeout: spec.timeoutSeconds ?? 30,
        requests: [request],
      },
      (err, result) => {
        clearTimeout(guard);
        if (err) return reject(err);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        ok.sort((a, b) => a - b);
        all.sort((a, b) => a - b);
        const status: Record<string, number> = {};
        for (const [code, v] of Object.entries(result.statusCodeStats)) status[code] = v.count;
        const responses = all.length;
        resolve({
          seconds,
          responses,
          ok: ok.length,
          rps: ok.length / seconds,
          latencyMs: latencySummary(ok),
          allLatencyP95Ms: percentile(all, 95),
          status,
          non2xx: responses - ok.length,
          errors: result.errors,
          timeouts: result.timeouts,
          errorSamples,
          setupCalls,
          ...(spec.keepLatencies ? { okLatencies: ok } : {}),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      all.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) ok.push(responseTime);
    });
    instance.on('reqError', (err) => {
      if (errorSamples.length < 3) errorSamples.push(`request error: ${err.message}`);
    });
    // A run with `amount` ignores `duration`: stop it anyway if the server is far slower than expected.
    guard = setTimeout(() => instance.stop(), (spec.maxSeconds ?? (spec.duration ?? 60) + 30) * 1000);
  });
}

process.once('message', (spec: LoadSpec) => {
  run(spec).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
  );
});

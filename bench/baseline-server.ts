/**
 * The floor the service is compared against: bare node:http and a pg Pool doing the public
 * certificate lookup on the same database, with the pool size the service uses by default.
 * No framework, no logging, no validation beyond the code's shape.
 *
 *   BENCH_DB_URL=postgres://... PORT=4000 node dist/bench/baseline-server.js
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.BENCH_DB_URL, max: Number(process.env.POOL_SIZE ?? 10) });

const LOOKUP = {
  name: 'baseline-verify',
  text: `SELECT c.number, c.status, c.valid_from::text AS valid_from, c.valid_until::text AS valid_until,
                o.legal_name, o.brand_name, a.name AS agency_name, c.pdf_sha256
         FROM certificates c JOIN outlets o ON o.id = c.outlet_id JOIN agencies a ON a.id = c.agency_id
         WHERE c.verification_code = $1`,
};

const send = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
};

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/health') return send(res, 200, { status: 'ok' });
  const m = /^\/api\/public\/certificates\/([0-9A-Za-z-]{1,40})$/.exec(url);
  if (req.method !== 'GET' || !m) return send(res, 404, { statusCode: 404, code: 'ROUTE.NOT_FOUND', message: 'Not found' });
  // Stored as the service stores it: XXXX-XXXX-XXXX-XXXX.
  const bare = m[1].replace(/-/g, '').toUpperCase();
  if (bare.length !== 16) return send(res, 404, { statusCode: 404, code: 'CERTIFICATE.NOT_FOUND', message: 'No certificate with this code' });
  const code = bare.match(/.{4}/g)!.join('-');
  pool.query({ ...LOOKUP, values: [code] }).then(
    ({ rows }) => {
      const r = rows[0];
      if (!r) return send(res, 404, { statusCode: 404, code: 'CERTIFICATE.NOT_FOUND', message: 'No certificate with this code' });
      send(res, 200, {
        number: r.number,
        status: r.status,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        outlet: { legalName: r.legal_name, brandName: r.brand_name },
        agency: { name: r.agency_name },
        pdfSha256: r.pdf_sha256,
      });
    },
    () => send(res, 500, { statusCode: 500, code: 'SERVER.ERROR', message: 'lookup failed' }),
  );
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1');

const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

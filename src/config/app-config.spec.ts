import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStorageUrl } from '../storage/storage-url';
import { CONFIG_VARS, ConfigError, loadConfig } from './app-config';

const secrets = {
  JWT_SECRET: 'x'.repeat(32),
  NIK_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  NIK_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
};

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({ ...secrets, DATA_DIR: '/tmp/mitra-config-spec' });
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.production).toBe(false);
    expect(c.NIK_ENCRYPTION_KEYS[0].id).toBe('k1');
  });

  it.each([
    ['PORT', 'eighty', 'PORT is invalid: expected an integer 0-65535'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL is invalid: expected a postgres:// URL'],
    ['NIK_HASH_KEY', 'c2hvcnQ=', 'NIK_HASH_KEY is invalid: expected base64 of 32 bytes'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL is invalid'],
    ['TRUST_PROXY', 'yes-please', 'TRUST_PROXY is invalid: expected false, a hop count 1-10'],
    ['TRUST_PROXY', '10.0.0.0/33', 'TRUST_PROXY is invalid'],
    ['TRUST_PROXY', '99', 'TRUST_PROXY is invalid'],
    ['STORAGE_URL', 'https://bucket.example', 'STORAGE_URL is invalid: expected an s3://bucket URL'],
    ['STORAGE_URL', 's3://documents?endpoint=minio:9000', 'STORAGE_URL is invalid'],
    ['STORAGE_URL', 's3://documents?bucket=x', 'STORAGE_URL is invalid'],
    ['STORAGE_URL', 's3://Documents_2026', 'STORAGE_URL is invalid'],
  ])('stops on a malformed %s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ ...secrets, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...secrets, [name]: value })).toThrow(message);
  });

  it('trusts no proxy by default, and a hop count or proxy addresses when set', () => {
    const base = { ...secrets, DATA_DIR: '/tmp/mitra-config-spec' };
    expect(loadConfig(base).TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
  });

  it('reads an S3 location from STORAGE_URL and leaves it unset for the local folder', () => {
    expect(loadConfig({ ...secrets }).STORAGE_URL).toBeUndefined();
    const raw = 's3://mitra-files?endpoint=http://127.0.0.1:9000&region=ap-southeast-3';
    expect(loadConfig({ ...secrets, STORAGE_URL: raw }).STORAGE_URL).toBe(raw);
    expect(parseStorageUrl(raw)).toEqual({ bucket: 'mitra-files', endpoint: 'http://127.0.0.1:9000', region: 'ap-southeast-3', forcePathStyle: true });
    expect(parseStorageUrl('s3://mitra-files?forcePathStyle=false')).toEqual({ bucket: 'mitra-files', endpoint: undefined, region: 'us-east-1', forcePathStyle: false });
  });

  it('requires secrets in production instead of generating them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('JWT_SECRET is required in production');
  });

  it('.env.example lists every variable', () => {
    const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
    for (const name of Object.keys(CONFIG_VARS)) expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});

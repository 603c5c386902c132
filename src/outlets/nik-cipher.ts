import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * NIK (national ID) protection, UU 27/2022: AES-256-GCM at rest under a key id (the first
 * configured key encrypts, every configured key decrypts, so keys can be rotated), an HMAC to
 * find the same person across outlets without decrypting, and a mask for everyone but the owner.
 */
@Injectable()
export class NikCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly current: { id: string; key: Buffer };
  private readonly hashKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'NIK_ENCRYPTION_KEYS' | 'NIK_HASH_KEY'>) {
    this.keys = new Map(config.NIK_ENCRYPTION_KEYS.map((k) => [k.id, k.key]));
    this.current = config.NIK_ENCRYPTION_KEYS[0];
    this.hashKey = config.NIK_HASH_KEY;
  }

  encrypt(nik: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ct = Buffer.concat([cipher.update(nik, 'utf8'), cipher.final()]);
    return ['v1', this.current.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
  }

  decrypt(stored: string): string {
    const [version, keyId, iv, tag, ct] = stored.split(':');
    const key = this.keys.get(keyId);
    if (version !== 'v1' || !key) throw new Error(`NIK encrypted under unknown key ${keyId}`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  }

  /** True when the value was encrypted under an older key and should be re-encrypted. */
  needsRotation(stored: string): boolean {
    return stored.split(':')[1] !== this.current.id;
  }

  hash(nik: string): string {
    return createHmac('sha256', this.hashKey).update(nik).digest('hex');
  }

  static mask(last4: string): string {
    return `************${last4}`;
  }
}

import { randomBytes } from 'node:crypto';
import { NikCipher } from './nik-cipher';

const key = () => randomBytes(32);

describe('NikCipher', () => {
  const k1 = { id: 'k1', key: key() };
  const hashKey = key();
  const cipher = new NikCipher({ NIK_ENCRYPTION_KEYS: [k1], NIK_HASH_KEY: hashKey });
  const nik = '3578012345670001';

  it('round-trips and never stores the clear NIK', () => {
    const stored = cipher.encrypt(nik);
    expect(stored).not.toContain(nik);
    expect(stored).not.toContain('0001');
    expect(cipher.decrypt(stored)).toBe(nik);
    expect(cipher.encrypt(nik)).not.toBe(stored);
  });

  it('decrypts under an old key after rotation and encrypts under the new one', () => {
    const old = cipher.encrypt(nik);
    const rotated = new NikCipher({ NIK_ENCRYPTION_KEYS: [{ id: 'k2', key: key() }, k1], NIK_HASH_KEY: hashKey });
    expect(rotated.decrypt(old)).toBe(nik);
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt(nik))).toBe(false);
    expect(rotated.hash(nik)).toBe(cipher.hash(nik));
  });

  it('detects tampering', () => {
    const stored = cipher.encrypt(nik).split(':');
    stored[4] = Buffer.from('3578012345679999').toString('base64');
    expect(() => cipher.decrypt(stored.join(':'))).toThrow();
  });

  it('masks to the last four digits', () => {
    expect(NikCipher.mask('0001')).toBe('************0001');
  });
});

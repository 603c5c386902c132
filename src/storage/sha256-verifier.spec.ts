import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ChecksumMismatch, sha256Verifier } from './sha256-verifier';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function drain(chunks: Buffer[], expected: string): Promise<{ received: Buffer; error: unknown }> {
  const received: Buffer[] = [];
  try {
    for await (const c of Readable.from(chunks).pipe(sha256Verifier(expected))) received.push(c as Buffer);
    return { received: Buffer.concat(received), error: null };
  } catch (error) {
    return { received: Buffer.concat(received), error };
  }
}

describe('sha256Verifier', () => {
  const chunks = [Buffer.from('Akta '), Buffer.from('Pendirian '), Buffer.from('PT Lensa')];
  const whole = Buffer.concat(chunks);

  it('passes every byte through when they hash to the key', async () => {
    expect(await drain(chunks, sha(whole))).toEqual({ received: whole, error: null });
  });

  it('fails a stream whose bytes were changed, before the reader has all of them', async () => {
    const { received, error } = await drain([chunks[0], Buffer.from('Pendirlan '), chunks[2]], sha(whole));
    expect(error).toBeInstanceOf(ChecksumMismatch);
    expect((error as Error).message).toMatch(/checksum mismatch: the stored bytes hash to [0-9a-f]{64}, not /);
    expect(received.length).toBeLessThan(whole.length);
  });
});

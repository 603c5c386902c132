import { describe, expect, it } from '@jest/globals';
import { randomToken } from './web-sessions.service';

describe('randomToken', () => {
  it('gives 32 random bytes as base64url, never the same token twice across the batches it draws', () => {
    const tokens = Array.from({ length: 1000 }, () => randomToken());
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // No token is all zero bytes (a wiped slice handed out again would be).
    expect(tokens).not.toContain(Buffer.alloc(32).toString('base64url'));
  });
});

import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import pino from 'pino';
import { isSummarizedPath, RequestSummary } from './request-summary';

describe('RequestSummary', () => {
  it('sums up public verification answers in one line per interval and writes nothing when idle', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) }));
    const summary = new RequestSummary(logger, 60_000);
    summary.add(200, 1.5);
    summary.add(304, 0.5);
    summary.add(200, 4);
    summary.flush();
    summary.flush();
    summary.stop();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'requests summary', route: 'public verification', requests: 3, byStatus: { 200: 2, 304: 1 }, meanMs: 2, maxMs: 4 });
  });

  it('covers only the verification routes', () => {
    expect(isSummarizedPath('/api/public/certificates/ABCD-EFGH-JKMN-PQRS')).toBe(true);
    expect(isSummarizedPath('/verify/ABCD')).toBe(true);
    expect(isSummarizedPath('/api/public/registry?agencyId=x')).toBe(false);
    expect(isSummarizedPath('/api/certificates/x/revoke')).toBe(false);
  });
});

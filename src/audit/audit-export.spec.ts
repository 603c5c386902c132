import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/permissions';
import { SystemClock } from '../common/clock';
import { AuditService, type AuditEventView } from './audit.service';

const event = (over: Partial<AuditEventView>): AuditEventView => ({
  id: '1',
  seq: 1,
  agencyId: 'a',
  actorId: null,
  actorRole: 'system',
  action: 'x',
  entityType: 'agency',
  entityId: 'a',
  summary: 'ok',
  data: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  hash: 'h',
  ...over,
});

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('AuditService.exportCsv', () => {
  const auth = { id: 'u', role: 'auditor', agencyId: 'a' } as AuthUser;

  it('writes every cell through the shared writer, so a formula in any column stays text', async () => {
    const service = new AuditService({} as DataSource, new SystemClock());
    jest.spyOn(service, 'list').mockResolvedValue({ items: [event({ summary: '=HYPERLINK("http://evil.example","x")', entityId: '@SUM(A1)' })], nextCursor: null });
    const csv = await collect(await service.exportCsv(auth, {}));
    const [, line] = csv.split('\n');
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(line).toContain(`"'@SUM(A1)"`);
  });

  it('reads the first page before handing out the stream, so a refused filter is an error, not a cut-off CSV', async () => {
    const service = new AuditService({} as DataSource, new SystemClock());
    jest.spyOn(service, 'list').mockRejectedValue(new Error('refused'));
    await expect(service.exportCsv(auth, {})).rejects.toThrow('refused');
  });

  it('follows the cursor to the last page', async () => {
    const service = new AuditService({} as DataSource, new SystemClock());
    const list = jest
      .spyOn(service, 'list')
      .mockResolvedValueOnce({ items: [event({ id: '2' })], nextCursor: 'c1' })
      .mockResolvedValueOnce({ items: [event({ id: '1' })], nextCursor: null });
    const csv = await collect(await service.exportCsv(auth, { action: 'x' }));
    expect(csv.trim().split('\n')).toHaveLength(3);
    expect(list).toHaveBeenLastCalledWith(auth, { action: 'x', cursor: 'c1', limit: 500 });
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('replicas starting together on a fresh database', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
    await db?.drop();
  });

  it('all start, and the migrations ran once', async () => {
    db = await createTestDatabase();
    const started = await Promise.allSettled([0, 1, 2].map(() => startTestApp({}, { db })));
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started', 'started']);
    const rows = (await apps[0].dataSource.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name HAVING count(*) > 1`)) as unknown[];
    expect(rows).toEqual([]);
    const health = await apps[2].http().get('/health').expect(200);
    expect(health.body).toBeTruthy();
  }, 120_000);
});

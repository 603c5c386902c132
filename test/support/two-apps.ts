import { startTestApp, type TestApp } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TwoApps {
  db: TestDatabase;
  a: TestApp;
  b: TestApp;
  close(): Promise<void>;
}

/** Two app instances on one new database, as two service processes behind one proxy would be. */
export async function twoAppsOnOneDatabase(env: Record<string, string>): Promise<TwoApps> {
  const db = await createTestDatabase();
  const started: TestApp[] = [];
  try {
    for (let i = 0; i < 2; i++) started.push(await startTestApp(env, { db }));
  } catch (err) {
    for (const t of started) await t.close();
    await db.drop();
    throw err;
  }
  const [a, b] = started;
  return {
    db,
    a,
    b,
    async close() {
      await b.close();
      await a.close();
      await db.drop();
    },
  };
}

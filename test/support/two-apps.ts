import { randomUUID } from 'node:crypto';
import { announceChange, ChangeEvents } from '../../src/database/change-events';
import { inTransaction } from '../../src/database/transaction';
import { until } from './polling';
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

/**
 * Resolves once `listener` has heard, through its LISTEN connection, every change notice committed
 * before the call, its own included (a process hears its own changes at commit and again when the
 * notice comes back). Notices arrive in commit order, so hearing a new one that only `sender`
 * announces (never delivered to `listener` in-process) is enough.
 */
export async function noticesSettled(listener: TestApp, sender: TestApp): Promise<void> {
  const marker = randomUUID();
  let heard = false;
  const unsubscribe = listener.app.get(ChangeEvents).subscribe((e) => {
    if (e.type === 'round.changed' && e.agencyId === marker) heard = true;
  });
  try {
    await inTransaction(sender.dataSource, (m) => announceChange(m, { type: 'round.changed', agencyId: marker }));
    await until('the listener hears the marker notice', async () => heard);
  } finally {
    unsubscribe();
  }
}

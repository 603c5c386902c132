import { Client } from 'pg';
import { HOT_QUERIES, type QueryParams } from './queries';
import { STATISTICS_QUERIES } from './statistics-queries';

export interface ExplainResult {
  name: string;
  usedBy: string;
  executionMs: number | null;
  /** e.g. "Limit > Index Scan using applications_queue_status_idx on applications" */
  plan: string;
  rows: number | null;
  sharedBlocks: number | null;
  /** Seq Scans over tables of more than 10k rows, and executions slower than 20 ms. */
  flags: string[];
  error?: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Sort Method'?: string;
  Plans?: PlanNode[];
}

const LARGE_TABLE_ROWS = 10_000;
/** A hot read slower than this on the seeded data is flagged too (a page of a list should be a few ms). */
const SLOW_MS = 20;

export async function explainHotQueries(url: string, params: QueryParams): Promise<ExplainResult[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: sizes } = await client.query<{ relname: string; n: number }>(
      `SELECT c.relname, greatest(c.reltuples, 0)::bigint::float8 AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE s.nspname = 'public' AND c.relkind = 'r'`,
    );
    const tableRows = new Map(sizes.map((r) => [r.relname, Number(r.n)]));
    const out: ExplainResult[] = [];
    for (const q of [...HOT_QUERIES, ...STATISTICS_QUERIES]) {
      try {
        const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.params(params));
        const doc = (rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] })['QUERY PLAN'][0];
        const flags: string[] = [];
        const steps: string[] = [];
        const walk = (node: PlanNode, depth: number) => {
          const rel = node['Relation Name'];
          if (depth < 4) {
            steps.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${rel ? ` on ${rel}` : ''}${node['Sort Method'] ? ` (${node['Sort Method']})` : ''}`);
          }
          if (node['Node Type'] === 'Seq Scan' && rel && (tableRows.get(rel) ?? 0) > LARGE_TABLE_ROWS) {
            const total = tableRows.get(rel)!;
            const returned = (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
            const share = returned / total;
            flags.push(
              `Seq Scan on ${rel} (${Math.round(total)} rows${share >= 0.1 ? `; returns ${Math.round(share * 100)}% of them, so the planner may be right` : ''})`,
            );
          }
          for (const child of node.Plans ?? []) walk(child, depth + 1);
        };
        walk(doc.Plan, 0);
        if (doc['Execution Time'] > SLOW_MS) flags.push(`slow: ${Math.round(doc['Execution Time'])} ms`);
        out.push({
          name: q.name,
          usedBy: q.usedBy,
          executionMs: Math.round(doc['Execution Time'] * 1000) / 1000,
          plan: steps.join(' > '),
          rows: doc.Plan['Actual Rows'] ?? null,
          sharedBlocks: (doc.Plan['Shared Hit Blocks'] ?? 0) + (doc.Plan['Shared Read Blocks'] ?? 0),
          flags,
        });
      } catch (err) {
        out.push({ name: q.name, usedBy: q.usedBy, executionMs: null, plan: '', rows: null, sharedBlocks: null, flags: [], error: (err as Error).message });
      }
    }
    return out;
  } finally {
    await client.end();
  }
}

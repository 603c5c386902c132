import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the service's main thread spent a load window, from a V8 .cpuprofile (--cpu-prof). */
export interface ProfileSummary {
  scenario: string;
  /** Share of samples not idle: near 100% means the event loop had no slack. */
  busyPct: number;
  gcPct: number;
  /** Self time by package (node_modules/<pkg>), node core, the app's own files; % of busy samples. */
  byPackage: { name: string; pct: number }[];
  topFunctions: { name: string; pct: number }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export function newestProfile(dir: string): string | null {
  try {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    return files[0] ?? null;
  } catch {
    return null;
  }
}

function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node core';
  const src = url.indexOf('/dist/src/');
  if (src >= 0) return `app ${url.slice(src + '/dist/'.length).replace(/\.js$/, '')}`;
  return url;
}

/**
 * Windows are [start, end] in microseconds of CLOCK_MONOTONIC: V8 profile timestamps and
 * process.hrtime() in another process read the same clock on Linux.
 */
export function summarizeProfile(file: string, windows: { scenario: string; startUs: number; endUs: number }[]): ProfileSummary[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  return windows.map((w) => {
    const byPkg = new Map<string, number>();
    const byFn = new Map<string, number>();
    let total = 0;
    let idle = 0;
    let gc = 0;
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i];
      if (t < w.startUs || t > w.endUs) continue;
      const frame = nodes.get(profile.samples[i]);
      if (!frame) continue;
      total++;
      if (frame.functionName === '(idle)') {
        idle++;
        continue;
      }
      if (frame.functionName === '(garbage collector)') gc++;
      const pkg = packageOf(frame.url, frame.functionName);
      byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + 1);
      const fnName = `${frame.functionName || '(anonymous)'} ${frame.url ? `${pkg}:${frame.lineNumber + 1}` : ''}`.trim();
      byFn.set(fnName, (byFn.get(fnName) ?? 0) + 1);
    }
    const busy = total - idle;
    const top = (m: Map<string, number>, n: number) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, count]) => ({ name, pct: Math.round((count / Math.max(1, busy)) * 1000) / 10 }));
    return {
      scenario: w.scenario,
      busyPct: Math.round((busy / Math.max(1, total)) * 1000) / 10,
      gcPct: Math.round((gc / Math.max(1, total)) * 1000) / 10,
      byPackage: top(byPkg, 8),
      topFunctions: top(byFn, 8),
    };
  });
}

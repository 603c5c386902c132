import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { startTestApp, type TestApp } from './test-app';

/**
 * The harness every browser spec shares: the system Chromium (Debian's package; browsers cannot be
 * downloaded here), a listening test app, and the accessibility/screenshot check. Without Chromium
 * a suite is skipped and says so, unless REQUIRE_BROWSER=1 (CI), where a missing browser fails.
 */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

if (!CHROMIUM && process.env.REQUIRE_BROWSER !== '1') {
  process.stderr.write('\n*** Browser tests SKIPPED: no Chromium at /usr/bin/chromium (install the "chromium" package, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure) ***\n\n');
}

export const browserSuite: typeof describe = (CHROMIUM || process.env.REQUIRE_BROWSER === '1' ? describe : describe.skip) as typeof describe;

export interface BrowserWorld {
  t: TestApp;
  base: string;
  browser: Browser;
  /** A fresh browser context (its own cookies: another person at another desk) with one page. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
}

/** Starts the app and the browser before the suite and closes both after it; read the fields inside tests. */
export function useBrowserWorld(): BrowserWorld {
  const world = {} as BrowserWorld;
  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium: install the "chromium" package');
    mkdirSync(SCREENSHOTS, { recursive: true });
    world.t = await startTestApp();
    await world.t.app.listen({ port: 0, host: '127.0.0.1' });
    world.base = (await world.t.app.getUrl()).replace('[::1]', '127.0.0.1');
    world.browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    world.newPage = async () => {
      const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'id-ID' });
      return { context, page: await context.newPage() };
    };
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.t?.close();
  });
  return world;
}

/** Logs in through the login page and waits for the dashboard. */
export async function loginInBrowser(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/masuk`);
  await page.getByLabel('Alamat surel').fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.waitForURL(/\/dasbor/);
}

/**
 * axe-core at desktop width and at 360 px, with a full-page screenshot of each into test-output/
 * (`prefix-name-width.png`): no serious or critical violation and no sideways scrolling.
 */
export async function checkPage(page: Page, prefix: string, name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: join(SCREENSHOTS, `${prefix}-${name}-${width}.png`), fullPage: true });
    // evaluate() runs through the debugging protocol, so the page's strict CSP stays on.
    await page.evaluate(AXE);
    const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[];
    expect({ page: name, width, violations }).toEqual({ page: name, width, violations: [] });
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect({ page: name, width, horizontalOverflow: overflow > 1 }).toEqual({ page: name, width, horizontalOverflow: false });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

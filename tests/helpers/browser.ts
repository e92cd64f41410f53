// Real pages in a real browser: the app listening on 127.0.0.1 (a fresh database), Debian's
// Chromium driven by playwright-core, and axe-core for WCAG 2.2 A/AA. A missing Chromium is a
// failure, not a skip: .ci/run installs it (`apt-get install -y chromium`).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { DatabaseHandle } from '../../server/db/connection.ts';
import type { DemoResult } from '../../server/demo/create.ts';
import { buildTestApp } from './app.ts';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeScript: string | null = null;
const axeSource = () => (axeScript ??= readFileSync(AXE_PATH, 'utf8'));

/** The WCAG levels every page must meet. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface BrowserApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** With `demo: true`: the shared demo's accounts and passwords. */
  demo: DemoResult | null;
  baseUrl: string;
  browser: Browser;
  /** A new context (own cookies) and page; closed with the harness. */
  newPage(opts?: { width?: number; height?: number; locale?: 'vi' | 'en' }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** The real app on a free port over a fresh database (or the shared demo's, or opts.database), plus a browser. */
export async function startBrowserApp(opts: { database?: DatabaseHandle; demo?: boolean } = {}): Promise<BrowserApp> {
  const { app, database, demo } = await buildTestApp(opts);
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const baseUrl = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
    const b = browser;
    return {
      app,
      database,
      demo,
      baseUrl,
      browser: b,
      async newPage(p = {}) {
        const context = await b.newContext({
          baseURL: baseUrl,
          viewport: { width: p.width ?? 1280, height: p.height ?? 800 },
          locale: 'vi-VN',
        });
        contexts.push(context);
        if (p.locale) {
          await context.addCookies([{ name: 'lang', value: p.locale, url: baseUrl }]);
        }
        return context.newPage();
      },
      async close() {
        for (const c of contexts) await c.close().catch(() => {});
        await b.close();
        await app.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await app.close();
    throw err;
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is now; returns the WCAG A/AA violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol rather than page.addScriptTag: a <script> tag would be
  // (rightly) refused by our CSP, which the tests keep switched on.
  if (!loaded) await page.evaluate(axeSource());
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** One readable block per violation: rule, impact, where, and what to fix. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    at ${JSON.stringify(n.target)}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      return `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/** Asserts that the page has no WCAG 2.0/2.1/2.2 A or AA violation, listing them when it has. */
export async function expectAccessible(
  t: { equal(a: unknown, b: unknown, msg: string): unknown },
  page: Page,
  what: string,
): Promise<void> {
  const violations = await axeViolations(page);
  t.equal(
    violations.length,
    0,
    violations.length === 0
      ? `${what}: no WCAG A/AA violations`
      : `${what}: ${violations.length} WCAG A/AA violation(s):\n${formatViolations(violations)}`,
  );
}

/** Collects Content-Security-Policy violations reported by the page (inline script or style, …). */
export function watchCsp(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) reports.push(msg.text());
  });
  return reports;
}

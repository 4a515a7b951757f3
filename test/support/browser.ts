/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser: their code is typed against the DOM)
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'fs';
import { join, resolve } from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startSmtpSink, type SmtpSink } from '../fakes/smtp-sink';
import { startTestApp, type TestApp } from './test-app';

// Browser tests (web.md "How it is built"): Debian's Chromium driven by playwright-core against
// the real app (API + worker in this process, PostgreSQL, Redis) serving the built web app.
// No browser is downloaded: CHROMIUM_PATH or /usr/bin/chromium (`apt-get install -y chromium`).

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve(__dirname, '..', '..', '.artifacts', 'browser');
const WEB_INDEX = resolve(__dirname, '..', '..', 'web', 'dist', 'index.html');

const ERRORS = new WeakMap<Page, string[]>();

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
  if (!existsSync(WEB_INDEX)) throw new Error(`no web app at ${WEB_INDEX}: npm run build:web (npm test builds it when missing)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // as root in a sandbox-less container; and no background calls to Google on a closed network
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface WebStack {
  app: TestApp;
  /** The SMTP server every email of the app goes to (invitations, tasks, campaigns). */
  smtp: SmtpSink;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

/** API + worker on a fresh database, mail to a local SMTP sink, and a browser. */
export async function startWebStack(opts: { env?: Record<string, string>; worker?: boolean } = {}): Promise<WebStack> {
  const smtp = await startSmtpSink();
  const app = await startTestApp({ worker: opts.worker ?? true, env: { SMTP_URL: smtp.url, ...opts.env } });
  const url = app.url;
  const browser = await launchBrowser();
  return {
    app,
    smtp,
    browser,
    url,
    async close() {
      await browser.close();
      await app.close();
      await smtp.close();
    },
  };
}

/** A fresh browser context (own cookies) at a viewport; relative URLs resolve against the app. */
export async function newPage(stack: WebStack, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  // reduced motion: dialogs and menus appear at once (the app honours the setting), so an axe check
  // never catches a half-faded dialog with half-transparent, low-contrast text
  const context = await stack.browser.newContext({ baseURL: stack.url, viewport, locale: 'en-GB', timezoneId: 'Europe/Stockholm', reducedMotion: 'reduce' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  ERRORS.set(page, errors);
  return { context, page };
}

/** Uncaught exceptions the page has thrown so far (a page that throws is broken even if it renders). */
export function pageErrors(page: Page): string[] {
  return ERRORS.get(page) ?? [];
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  // the label reads "Password *" (Mantine's required mark); not the "Toggle password visibility" button
  await page.getByLabel(/^Password( \*)?$/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/**
 * Runs a journey; when it fails, saves a screenshot (and the page's URL) under
 * .artifacts/browser/ before rethrowing, so the failure can be looked at.
 */
export async function journey<T>(name: string, page: Page, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/[^a-z0-9-]+/gi, '-')}-failed.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    (e as Error).message += `\n  page: ${page.url()}\n  screenshot: ${file}`;
    throw e;
  }
}

/** A screenshot kept for people to look at (the page as its user sees it). */
export async function snapshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * axe-core over the current page: no serious or critical violation (web.md). Returns the
 * violations so a failing expectation lists rule, impact and the offending elements.
 */
export async function axeViolations(page: Page, opts: { exclude?: string[] } = {}): Promise<Array<{ id: string; impact: string; help: string; nodes: string[] }>> {
  const builder = new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  // e.g. a sandboxed frame showing an email as sent: no script (axe included) may run in it
  for (const selector of opts.exclude ?? []) builder.exclude(selector);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: String(v.impact), help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

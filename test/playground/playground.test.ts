/**
 * End to end through a real client: the bot (child process, local mode, temp DATA_DIR, PORT=0)
 * and the Microsoft 365 Agents Playground (child process, TEAMSAPPTESTER_BROWSER=none, mock users
 * of .m365agentsplayground.yml), and the Playground's web UI driven in headless Chromium like a
 * person would: write "hilfe", open the request form from the menu card, pick a day, confirm,
 * submit, and see the result card. The Playground renders cards in English (en-US).
 * Needs /usr/bin/chromium: skipped with a message elsewhere, required in CI.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium } from '../../scripts/lib/chromium.js';
import { ROOT } from '../../scripts/manifest/build.js';

const require = createRequire(import.meta.url);
const missing = chromiumMissingReason();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the bot and resolves with the port from its `listening` log line. */
function startBot(dataDir: string): Promise<{ proc: ChildProcess; port: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  for (const k of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'ALLOWED_TENANTS', 'STORE', 'GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET']) delete env[k];
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`bot did not start:\n${out}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /"event":"(?:http_listening|started)"[^\n]*?"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]) });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code}:\n${out}`));
    });
  });
}

async function startPlayground(botPort: number): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const proc = spawn(process.execPath, [cli, '--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`Playground exited with ${proc.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return { proc, url };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('Playground did not answer within 30 s');
}

async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A Wednesday 2–4 weeks ahead that is no fixed public holiday, as M/D/YYYY (the date picker's format). */
function aWorkdayAhead(): { typed: string; shown: string } {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + 14);
  const fixed = new Set(['1-1', '1-6', '5-1', '8-15', '10-3', '11-1', '12-24', '12-25', '12-26', '12-31']);
  while (d.getUTCDay() !== 3 || fixed.has(`${d.getUTCMonth() + 1}-${d.getUTCDate()}`)) d.setUTCDate(d.getUTCDate() + 1);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return { typed: `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`, shown: `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}` };
}

describe('end to end in the Agents Playground (headless Chromium)', function () {
  this.timeout(120_000);
  let dataDir: string | undefined;
  let bot: ChildProcess | undefined;
  let playground: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    if (missing) {
      if (process.env.CI) throw new Error(`CI must run the Playground test: ${missing}`);
      console.log(`    (pending: Playground UI test needs Chromium — ${missing})`);
      this.skip();
    }
    dataDir = mkdtempSync(join(tmpdir(), 'playground-e2e-'));
    const started = await startBot(dataDir);
    bot = started.proc;
    const pg = await startPlayground(started.port);
    playground = pg.proc;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, locale: 'en-US' });
    await page.goto(pg.url, { waitUntil: 'networkidle' });
  });

  after(async () => {
    await browser?.close();
    await stop(playground);
    await stop(bot);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('"hilfe" shows the menu; "Request days" opens the form; a submitted day comes back as a request waiting for approval', async () => {
    const composer = page.locator('[contenteditable="true"], textarea, input[type="text"]').first();
    await composer.click();
    await composer.fill('hilfe');
    await page.keyboard.press('Enter');

    const menu = page.locator('.ac-adaptiveCard', { has: page.locator('button', { hasText: 'Request days' }) }).last();
    await menu.waitFor({ timeout: 20_000 });
    await menu.locator('button', { hasText: 'Request days' }).click();

    const form = page.locator('.ac-adaptiveCard', { has: page.locator('button', { hasText: 'Submit request' }) }).last();
    await form.waitFor({ timeout: 20_000 });
    const day = aWorkdayAhead();
    await form.getByText('A single day', { exact: true }).click();
    const date = form.getByPlaceholder('Select a date...').first();
    await date.fill(day.typed);
    await date.press('Enter');
    await form.getByText('On these days I will work at my home workplace.').click();
    await form.locator('button', { hasText: 'Submit request' }).click();

    const result = page.locator('.ac-adaptiveCard', { hasText: /Your request MA-\d{4}-\d{5}/ }).last();
    await result.waitFor({ timeout: 20_000 });
    const text = await result.innerText();
    assert.match(text, /1 day is waiting for approval/);
    assert.ok(text.includes(day.shown), `result card does not show ${day.shown}:\n${text}`);
    assert.match(text, /Withdraw request/);
  });
});

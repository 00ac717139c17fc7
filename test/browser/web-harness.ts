import path from 'node:path';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack';

/**
 * The built web app (apps/web/dist) served by `vite preview`, proxying /api to an API and worker
 * in the test's process, driven in Debian's Chromium: the set-up every browser test shares.
 */
export const WEB_DIR = path.resolve(__dirname, '../../apps/web');

/**
 * Vite is ESM-only and Jest's CommonJS sandbox cannot load it, so `preview()` runs in a small child
 * Node process that exits when the test closes its stdin.
 */
export async function startPreview(apiOrigin: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as AddressInfo;
      probe.close(() => resolve(p));
    });
  });
  const script = `
    import { preview } from 'vite';
    const proxy = { '/api': { target: process.env.API_URL, changeOrigin: true } };
    const server = await preview({
      root: ${JSON.stringify(WEB_DIR)},
      configFile: ${JSON.stringify(path.join(WEB_DIR, 'vite.config.ts'))},
      logLevel: 'warn',
      preview: { host: '127.0.0.1', port: ${port}, strictPort: true, open: false, proxy },
    });
    console.log('PREVIEW_READY ' + (server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:${port}/'));
    process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.resolve(WEB_DIR, '../..'),
    env: { ...process.env, API_URL: apiOrigin, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /PREVIEW_READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`vite preview exited (${code}): ${stderr}`)));
  });
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.stdin.end();
    }),
  };
}

/** Refuses to test a bundle older than its sources: the browser would run yesterday's app. */
export function assertFreshBuild(): void {
  const index = path.join(WEB_DIR, 'dist/index.html');
  if (!fs.existsSync(index)) throw new Error('apps/web/dist is missing: run `npx vite build --config apps/web/vite.config.ts` first');
  const builtAt = fs.statSync(index).mtimeMs;
  const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const stale = sources(path.join(WEB_DIR, 'src')).filter((f) => fs.statSync(f).mtimeMs > builtAt).map((f) => path.relative(WEB_DIR, f));
  if (stale.length) throw new Error(`apps/web/dist is older than ${stale.join(', ')}: rebuild with \`npx vite build --config apps/web/vite.config.ts\``);
}

export interface WebHarness { stack: Stack; browser: Browser; page: Page; webUrl: string; close(): Promise<void> }

export async function startWebHarness(): Promise<WebHarness> {
  assertFreshBuild();
  const stack = await startStack();
  const server = await startPreview(new URL(stack.baseUrl).origin);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // Wide enough for the designer's canvas beside its side panel.
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  page.setDefaultTimeout(20000);
  return {
    stack, browser, page, webUrl: server.url,
    async close() {
      await browser.close();
      await server.close();
      await stack.close();
    },
  };
}

/** Signs in through the sign-in page with the run's demo password. */
export async function signInAs(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(process.env.DEMO_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText('Signed in as').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in to SENDflow' }).waitFor();
}

/** A real pointer drag (press, move in steps, release), as React Flow sees a person's. */
export async function drag(page: Page, from: Locator, to: Locator | { dx: number; dy: number }): Promise<void> {
  const a = await centre(from);
  const b = 'dx' in to ? { x: a.x + to.dx, y: a.y + to.dy } : await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(a.x + ((b.x - a.x) * i) / 10, a.y + ((b.y - a.y) * i) / 10);
  await page.mouse.up();
}

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const box = await l.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

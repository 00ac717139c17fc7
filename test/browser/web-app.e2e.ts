import path from 'node:path';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { hashPassword } from '@sendflow/persistence';
import { startStack, type Stack } from '../support/stack';
import { uniqueSuffix } from '../support/test-env';

const WEB_DIR = path.resolve(__dirname, '../../apps/web');
const COORDINATOR = 'coordinator@demo.sendflow.nhs.uk';

/**
 * Serves apps/web/dist with vite's `preview()` JS API. Vite is ESM-only and Jest's CommonJS sandbox
 * cannot load it (no --experimental-vm-modules), so the server runs in a small child Node process;
 * it exits when the test closes its stdin.
 */
async function startPreview(apiOrigin: string): Promise<{ url: string; close(): Promise<void> }> {
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

/**
 * The built web app (apps/web/dist) served by `vite preview`, proxying /api to the API and worker
 * running in this process, driven in Debian's Chromium.
 */
describe('web app (built bundle + API + Temporal + PostgreSQL, in Chromium)', () => {
  let stack: Stack;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let page: Page;
  let webUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIR, 'dist/index.html'))) {
      throw new Error('apps/web/dist is missing: run `npx vite build --config apps/web/vite.config.ts` first');
    }
    const builtAt = fs.statSync(path.join(WEB_DIR, 'dist/index.html')).mtimeMs;
    const stale = fs.readdirSync(path.join(WEB_DIR, 'src')).filter((f) => fs.statSync(path.join(WEB_DIR, 'src', f)).mtimeMs > builtAt);
    if (stale.length) throw new Error(`apps/web/dist is older than ${stale.join(', ')}: rebuild with \`npx vite build --config apps/web/vite.config.ts\``);
    stack = await startStack();
    const apiOrigin = new URL(stack.baseUrl).origin;
    server = await startPreview(apiOrigin);
    webUrl = server.url;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(30000);
    await page.goto(webUrl);
  });

  const signInAs = async (email: string, password: string) => {
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };

  it('signs in through the sign-in page: names empty fields, refuses a wrong password accessibly, then lets the coordinator in', async () => {
    await page.getByRole('heading', { level: 1, name: 'Sign in to SENDflow' }).waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: 'Enter your email address' }).waitFor();
    await summary.getByRole('link', { name: 'Enter your password' }).waitFor();
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');

    // The demo accounts fill in the email; the password is the installation's.
    await page.getByRole('button', { name: 'Use Casey Coordinator' }).click();
    expect(await page.getByLabel('Email address').inputValue()).toBe(COORDINATOR);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The email address or password is not right.' }).waitFor();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');

    await signInAs(COORDINATOR, process.env.DEMO_PASSWORD!);
    await page.getByText('Signed in as').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    // The session is an HTTP-only cookie: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('sendflow_session');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.close();
  });

  it('names the field when the new-request form is submitted without an LA reference', async () => {
    await page.goto(`${webUrl}#/requests`);
    await page.getByRole('button', { name: 'New request' }).click();
    await page.getByLabel('Given name').fill('Robin');
    await page.getByLabel('Family name').fill('Example');
    await page.getByLabel('Date of birth').fill('2018-04-12');
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('alert').filter({ hasText: 'laReference' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('creates a request, explains its due date, and completes triage so allocation opens', async () => {
    const laReference = `WEB-${uniqueSuffix()}`;
    await page.goto(`${webUrl}#/requests`);
    await page.getByRole('button', { name: 'New request' }).click();
    await page.getByLabel('LA reference').fill(laReference);
    await page.getByLabel('Given name').fill('Alex');
    await page.getByLabel('Family name').fill('Browser');
    await page.getByLabel('Date of birth').fill('2018-04-12');
    await page.getByLabel('NHS number (optional)').fill('9434765919');
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    const local = new Date(yesterday.getTime() - yesterday.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    await page.getByLabel('Received at').fill(local);
    await page.getByLabel('Advice type').selectOption('needs_assessment');
    await page.getByRole('button', { name: 'Create request' }).click();

    // In the list, then open it.
    const row = page.getByRole('row').filter({ hasText: laReference });
    await row.getByText('Alex Browser').waitFor();
    await row.getByRole('link', { name: laReference }).click();

    await page.getByRole('heading', { level: 1, name: laReference }).waitFor();
    await page.getByRole('heading', { name: /^Why is this due on \d{1,2} \w+ \d{4}\?$/ }).waitFor();
    const why = page.locator('section[aria-labelledby="why-due"] li');
    await why.first().waitFor();
    expect(await why.count()).toBeGreaterThan(0);

    // My tasks for this request: triage appears once the workflow opens it.
    await page.getByRole('link', { name: 'My tasks for this request' }).click();
    await page.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    await page.getByRole('button', { name: 'Open task: Triage request' }).click();
    await page.getByLabel('Accept', { exact: true }).check();
    await page.getByLabel('The request has all the information needed').check();
    await page.getByRole('button', { name: 'Complete task' }).click();

    await page.getByRole('status').filter({ hasText: 'Triage request' }).waitFor();
    await page.getByRole('button', { name: 'Open task: Allocate to services' }).waitFor();
    expect(await page.getByRole('button', { name: 'Open task: Triage request' }).count()).toBe(0);
  });

  it('changes the password (policy errors against the field), then signs out', async () => {
    const email = `web-${uniqueSuffix()}@test.sendflow.nhs.uk`;
    const password = `Old passphrase ${uniqueSuffix()}`;
    await stack.ds.query(`INSERT INTO users (email, display_name, roles, password_hash) VALUES ($1, 'Wren Web', '{coordinator}', $2)`, [email, await hashPassword(password)]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    await signInAs(email, password);
    await page.getByText('Wren Web').waitFor();

    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByLabel('Confirm new password').fill('too short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'New password must be at least 12 characters' }).waitFor();
    expect(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    const next = `New passphrase ${uniqueSuffix()}`;
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('Confirm new password').fill(next);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password has been changed.' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to SENDflow' }).waitFor();
    await signInAs(email, next);
    await page.getByText('Wren Web').waitFor();
  });
});

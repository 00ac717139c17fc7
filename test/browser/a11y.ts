import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * Accessibility and screenshots for browser tests. axe-core's own script is injected into the page
 * (`@axe-core/playwright` wants playwright's test runner context; the plain script needs nothing)
 * and run against WCAG 2.2 A/AA rules; serious and critical violations fail the test.
 */
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../docs/screenshots');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) throw new Error(`${screen}: axe found ${bad.length} serious/critical violation(s):\n${bad.map((v) => `- ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`);
}

/** A full-page screenshot into docs/screenshots/<name>.png, for the README. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Checks a screen with axe and keeps its screenshot. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expectNoSeriousA11yViolations(page, name);
  await screenshot(page, name);
}

/** Fills an NHS day/month/year date input (a group named by its legend) from `YYYY-MM-DD`. */
export async function fillDate(page: Page, legend: string, iso: string): Promise<void> {
  await fillDateIn(page.getByRole('group', { name: legend, exact: true }), iso);
}

/** The same, for a date input found another way (one of several with the same legend, e.g. by its id). */
export async function fillDateIn(group: Locator, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

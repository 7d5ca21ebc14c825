import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where the run writes what people see: one PNG per screen, at the provincial PC's 1366×768. */
export const SCREENSHOTS = 'test-results/screenshots';
export const PROVINCIAL_PC = { width: 1366, height: 768 };
export const HALL_SCREEN = { width: 1920, height: 1080 };

/** A browser context of its own (its own fake camera and microphone, its own storage). */
export async function newConsoleContext(
  browser: Browser,
  viewport = PROVINCIAL_PC,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport,
    permissions: ['camera', 'microphone'],
    locale: 'vi-VN',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  // Generous: the suite runs test files in parallel on two cores.
  page.setDefaultTimeout(60_000);
  // An uncaught error in a console is a failure of the console: tests assert none.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility of ${name}`).toEqual([]);
}

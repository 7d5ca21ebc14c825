import { mkdir } from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Api, inDays } from './api.js';

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

export const MODERATOR = { username: 'dieuhanh', password: 'dieuhanh-password' };

/**
 * What the secretariat prepares before the day: the central hall and the
 * given points in the registry, a moderator account, and a session starting
 * in an hour that invites them all, with the moderator on it.
 */
export async function prepareBriefing(
  admin: Api,
  points: ReadonlyArray<{ code: string; name: string }>,
  session: { title: string; agenda: unknown[]; speech?: Record<string, unknown> },
): Promise<string> {
  await admin.post('/api/v1/points', {
    code: 'trung-uong',
    name: 'Hội trường Trung ương',
    kind: 'central-hall',
  });
  for (const p of points) await admin.post('/api/v1/points', { ...p, kind: 'province' });
  await admin.post('/api/v1/users', { ...MODERATOR, role: 'moderator' });
  const created = await admin.post('/api/v1/sessions', {
    kind: 'monthly',
    urgent: true,
    startsAt: inDays(0, 1),
    endsAt: inDays(0, 4),
    invitedPointCodes: ['trung-uong', ...points.map((p) => p.code)],
    moderatorUsernames: [MODERATOR.username],
    ...session,
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

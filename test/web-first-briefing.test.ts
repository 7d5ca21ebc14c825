import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';

/**
 * A newcomer's first briefing from the browser alone, on an empty system:
 * the administrator loads the sample registry, books a session starting in
 * a few minutes, and hands the hall and a point their join links from the
 * board; both open their consoles with those links.
 */
let t: TestApp;
let url: string;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a first briefing on an empty system', () => {
  it('the administrator loads the sample registry, books a session and hands out join links', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await page.goto(`${url}/`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Chưa có điểm cầu nào trong danh mục.').waitFor();
    await page.getByRole('button', { name: /Nạp danh sách mẫu/ }).click();
    await page.getByText(/Danh mục có 35 điểm cầu/).waitFor();
    const admin = await new Api(t.app).loginAdmin();
    expect((await admin.get('/api/v1/points')).body.points).toHaveLength(35);

    await page.getByLabel('Tên phiên họp').fill('Giao ban thử');
    await page.getByRole('button', { name: 'Tạo phiên họp' }).click();
    await page.getByRole('link', { name: 'Mở bàn điều hành' }).waitFor();
    await screenshot(page, '13-sessions-quick-setup');
    await expectAccessible(page, 'sessions');
    // A second session at the same time clashes, and says so in words.
    await page.getByRole('button', { name: 'Tạo phiên họp' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Trùng lịch');

    await page.getByRole('link', { name: 'Mở bàn điều hành' }).click();
    await page.waitForSelector('.board-table tbody tr[data-code="hue"]');
    await expect(page.locator('.board-table tbody tr').count()).resolves.toBe(35);
    const links = new Map<string, string>();
    for (const code of ['trung-uong', 'hue']) {
      await page
        .locator(`.board-table tr[data-code="${code}"]`)
        .getByRole('button', { name: 'Cấp đường dẫn tham dự' })
        .click();
      const field = page.locator('dialog[open] [data-join-link]');
      await expect.poll(() => field.inputValue()).toContain('/join#');
      links.set(code, await field.inputValue());
      if (code === 'hue') await screenshot(page, '14-desk-join-link');
      await page.locator('dialog[open]').getByRole('button', { name: 'Đóng' }).click();
    }
    expect(links.get('hue')).toMatch(new RegExp(`^${url}/join#.{20,}`));
    await page.locator('.board-table tr[data-code="hue"] td').first().waitFor();

    // The links open the hall's wall and the point's console.
    const hall = await newConsoleContext(browser);
    await hall.page.goto(links.get('trung-uong') as string);
    await hall.page.waitForURL(/\/hall\/[0-9a-f-]{36}$/);
    const point = await newConsoleContext(browser);
    await point.page.goto(links.get('hue') as string);
    // The only session of the next hours opens by itself.
    await point.page.waitForURL(/\/point\/[0-9a-f-]{36}$/);
    await point.page.waitForSelector('[data-media="ready"]', { timeout: 60_000 });
    // The board sees both connected, and the hall shows the point on its wall.
    await page.waitForSelector('.board-table tr[data-code="hue"] .ok');
    await hall.page.waitForSelector('.wall-tile[data-code="hue"][data-state="video"]', {
      timeout: 60_000,
    });

    // The secretariat revokes the point's credential: its console says so, in words, at once.
    const listed = (await admin.get('/api/v1/points/hue/credentials')).body;
    for (const c of listed.credentials)
      await admin.delete(`/api/v1/points/hue/credentials/${c.id}`);
    await point.page.waitForSelector('[data-connection="refused"]');
    await expect(point.page.getByRole('alert').first().textContent()).resolves.toContain(
      'Mã truy cập không còn hiệu lực',
    );
    await screenshot(point.page, '15-operator-revoked');
    expect([...errors, ...hall.errors, ...point.errors]).toEqual([]);
  }, 240_000);
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';

/**
 * The secretariat manages accounts in the browser: creates a moderator, who
 * logs in elsewhere and changes their own password; disables the account
 * (the next login is refused, in words), enables it again and sets a new
 * password, shown once.
 */
let t: TestApp;
let url: string;
let browser: Browser;
const MODERATOR = {
  username: 'tran.thi.b',
  displayName: 'Trần Thị B',
  password: 'mat-khau-ban-dau',
};
const OWN = 'mat-khau-cua-toi-2026';

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function logIn(page: Page, username: string, password: string) {
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

const loginStatus = async (username: string, password: string) =>
  (await new Api(t.app).post('/api/v1/auth/login', { username, password })).status;

describe('accounts in the browser', () => {
  it('the clerk creates a moderator, who logs in and changes their own password; disabled, the next login is refused', async () => {
    const clerk = await newConsoleContext(browser);
    const page = clerk.page;
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/sessions$/);
    await page.goto(`${url}/admin/accounts`);
    await page.locator('.accounts-table tr[data-username="admin"]').waitFor();

    await page.getByLabel('Tên đăng nhập').fill(MODERATOR.username);
    await page.getByLabel('Họ tên (không bắt buộc)').fill(MODERATOR.displayName);
    await page.getByLabel('Vai trò').selectOption({ label: 'Điều hành' });
    await page.getByLabel('Mật khẩu ban đầu').fill(MODERATOR.password);
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const row = page.locator(`.accounts-table tr[data-username="${MODERATOR.username}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Điều hành');
    await expect(row.textContent()).resolves.toContain('Đang dùng');
    await expect(row.textContent()).resolves.toContain(MODERATOR.displayName);
    await page.getByText('Đã tạo tài khoản tran.thi.b (Điều hành).').waitFor();
    // The same username again: said in words.
    await page.getByLabel('Tên đăng nhập').fill(MODERATOR.username);
    await page.getByLabel('Mật khẩu ban đầu').fill('another-password');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText('Tên đăng nhập này đã có. Chọn tên khác.').waitFor();
    // A too short password is refused in the page, before anything is sent.
    await page.getByLabel('Mật khẩu ban đầu').fill('short');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByRole('alert').getByText('Mật khẩu phải có ít nhất 10 ký tự.').waitFor();

    // The moderator logs in elsewhere and changes their own password.
    const mod = await newConsoleContext(browser);
    await logIn(mod.page, MODERATOR.username, MODERATOR.password);
    await mod.page.waitForURL(/\/sessions$/);
    await mod.page.goto(`${url}/admin/accounts`);
    await expect(mod.page.locator('.accounts-table').count()).resolves.toBe(0);
    await mod.page.getByLabel('Mật khẩu hiện tại').fill('wrong-password');
    await mod.page.getByLabel('Mật khẩu mới', { exact: true }).fill(OWN);
    await mod.page.getByLabel('Nhập lại mật khẩu mới').fill(OWN);
    await mod.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await mod.page.getByText('Mật khẩu hiện tại không đúng. Nhập lại.').waitFor();
    await mod.page.getByLabel('Mật khẩu hiện tại').fill(MODERATOR.password);
    await mod.page.getByLabel('Nhập lại mật khẩu mới').fill(`${OWN}x`);
    await mod.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await mod.page.getByText('Hai lần nhập mật khẩu mới không giống nhau.').waitFor();
    await mod.page.getByLabel('Nhập lại mật khẩu mới').fill(OWN);
    await mod.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await mod.page.getByText('Đã đổi mật khẩu. Lần đăng nhập sau dùng mật khẩu mới.').waitFor();
    expect(await loginStatus(MODERATOR.username, MODERATOR.password)).toBe(401);
    expect(await loginStatus(MODERATOR.username, OWN)).toBe(200);
    // The page keeps working with the token the change returned.
    const stored = await mod.page.evaluate(() => localStorage.getItem('giaoban.user'));
    const me = await new Api(t.app, JSON.parse(stored as string).token).get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    await expectAccessible(mod.page, 'own password');

    // The clerk disables the account: asked first.
    await row.getByRole('button', { name: 'Khoá' }).click();
    await page
      .locator('dialog[open]')
      .getByText('Khoá tài khoản tran.thi.b?', { exact: false })
      .waitFor();
    await page.locator('dialog[open]').getByRole('button', { name: 'Khoá tài khoản' }).click();
    await page
      .locator(`.accounts-table tr[data-username="${MODERATOR.username}"][data-disabled="true"]`)
      .waitFor();
    await expect(row.textContent()).resolves.toContain('Đã khoá');
    // The moderator's next login is refused, in Vietnamese.
    await mod.page.evaluate(() => localStorage.clear());
    await logIn(mod.page, MODERATOR.username, OWN);
    const refusal = mod.page.getByRole('alert');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/^Sai .*Đăng nhập/);
    expect(mod.page.url()).toBe(`${url}/`);

    // Enabled again, with a new password set by the clerk (shown once).
    await row.getByRole('button', { name: 'Mở khoá' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Mở khoá tài khoản' }).click();
    await page
      .locator(`.accounts-table tr[data-username="${MODERATOR.username}"][data-disabled="false"]`)
      .waitFor();
    await row.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    const shown = page.locator(`[data-new-password="${MODERATOR.username}"]`);
    await shown.waitFor();
    const newPassword = (await shown.textContent()) as string;
    expect(newPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await screenshot(page, '63-accounts');
    await expectAccessible(page, 'accounts');
    expect(await loginStatus(MODERATOR.username, OWN)).toBe(401);
    await logIn(mod.page, MODERATOR.username, newPassword);
    await mod.page.waitForURL(/\/sessions$/);
    await page.getByRole('button', { name: 'Đã ghi lại, ẩn đi' }).click();
    await expect(shown.count()).resolves.toBe(0);
    expect([...clerk.errors, ...mod.errors]).toEqual([]);
  }, 240_000);
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';
import { verifySignature, WebhookReceiver } from './support/webhook-receiver.js';

/**
 * The secretariat registers a receiving address in the page, keeps the
 * secret shown once, presses "Gửi thử" and sees the delivery in the log
 * (first a refused attempt, then a delivered one).
 */
let t: TestApp;
let url: string;
let browser: Browser;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  await receiver.start();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await receiver.stop();
});

async function logIn(page: Page) {
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/sessions$/);
}

describe('the webhooks page', () => {
  it('creates an endpoint, shows its secret once, sends a test and shows it in the log', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await logIn(page);
    await page.goto(`${url}/admin/calendar`);
    await page.getByRole('link', { name: 'Webhook' }).click();
    await page.waitForURL(/\/admin\/webhooks$/);
    await page.getByRole('heading', { name: /^Webhook — gửi sự kiện/ }).waitFor();
    await page.getByText('Chưa có địa chỉ nhận nào.').waitFor();
    await screenshot(page, 'webhooks-01-empty');
    await expectAccessible(page, 'the empty webhooks page');

    // A bad address is refused with a message saying what to enter.
    await page.getByLabel(/^Địa chỉ nhận \(URL/).fill('ftp://tinh.gov.vn/hook');
    await page.getByRole('button', { name: 'Thêm địa chỉ nhận' }).click();
    await page.getByText(/Địa chỉ nhận không hợp lệ/).waitFor();

    await page.getByLabel(/^Địa chỉ nhận \(URL/).fill(receiver.url);
    await page.getByLabel('Mô tả (không bắt buộc)').fill('Cổng thông tin tỉnh Huế');
    // Only the attendance events.
    for (const name of [
      'Trạng thái phiên họp thay đổi',
      'Kết thúc điểm danh lại',
      'Bắt đầu lượt phát biểu',
      'Kết thúc lượt phát biểu',
      'Công bố kết luận',
      'Bản ghi hình sẵn sàng',
      'Biên bản sẵn sàng',
    ]) {
      await page.getByRole('checkbox', { name }).uncheck();
    }
    await page.getByRole('button', { name: 'Thêm địa chỉ nhận' }).click();
    const secretBox = page.getByLabel('Khoá bí mật', { exact: true });
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByText('Khoá chỉ hiện một lần này.', { exact: false }).waitFor();
    await screenshot(page, 'webhooks-02-secret-once');
    await expectAccessible(page, 'the secret shown once');

    const row = page.locator('.webhooks-table tbody tr').first();
    await expect(row.textContent()).resolves.toContain('Điểm cầu điểm danh, Điểm cầu báo vắng');
    // Without a token the list is refused.
    expect((await fetch(`${url}/api/v1/webhooks`)).status).toBe(401);

    await page.getByRole('button', { name: 'Tôi đã lưu khoá' }).click();
    await expect(secretBox.count()).resolves.toBe(0);

    // The receiver refuses the first test; the log shows HTTP 500, then the second test delivered.
    receiver.failFirst = 1;
    await page.getByRole('button', { name: 'Gửi thử' }).click();
    await page.getByText('Đã xếp một lần gửi thử', { exact: false }).waitFor();
    const log = page.locator('.webhook-log');
    await log.getByText('Lỗi HTTP 500').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Gửi thử' }).click();
    await log.getByText('Thành công (HTTP 200)').waitFor({ timeout: 20_000 });
    await expect(log.locator('tbody tr').count()).resolves.toBe(2);
    await expect(log.locator('tbody tr').first().textContent()).resolves.toContain('Gửi thử');
    expect(receiver.requests).toHaveLength(2);
    const delivered = receiver.delivered()[0];
    expect(delivered?.body.type).toBe('webhook.ping');
    expect(delivered && verifySignature(secret, delivered)).toBe(true);
    await log.scrollIntoViewIfNeeded();
    await screenshot(page, 'webhooks-03-log');
    await expectAccessible(page, 'the delivery log');

    // Turning it off shows in the list.
    await page.getByRole('button', { name: 'Tắt' }).click();
    await row.getByText('Đã tắt').waitFor();
    await screenshot(page, 'webhooks-04-off');
    expect(errors).toEqual([]);
  }, 120_000);
});

import { mkdir } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { MODERATOR, PROVINCIAL_PC, prepareBriefing, SCREENSHOTS } from './support/web.js';

/**
 * The consoles in Firefox: Debian's Firefox ESR, headless, driven over
 * WebDriver BiDi (puppeteer-core; Playwright needs a Firefox of its own),
 * with Firefox's fake camera and microphone, against the real server,
 * PostgreSQL and mediasoup. The start page, a moderator's desk, and a point
 * that joins by link, passes the test run and checks in.
 */
const POINT = { code: 'ha-noi', name: 'Thành uỷ Hà Nội' } as const;

let t: TestApp;
let url: string;
let admin: Api;
let browser: Browser;
let sessionId: string;
let desk: Page;
const contexts: BrowserContext[] = [];
/** Every console's uncaught errors; the last test asserts there were none. */
const errors: string[] = [];
/** What the consoles logged as errors: not asserted, shown when something fails. */
const consoleErrors: string[] = [];

beforeAll(async () => {
  // Media on the machine's own address: Firefox gathers no loopback ICE
  // candidates (media.peerconnection.ice.loopback changes nothing here), so
  // a server on 127.0.0.1 alone is out of its reach.
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && !a.internal)?.address;
  t = await startTestApp({ listen: true, env: address ? { RTC_LISTEN_IP: address } : {} });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  sessionId = await prepareBriefing(admin, [POINT], {
    title: 'Giao ban trực tuyến qua Firefox',
    agenda: [{ title: 'Báo cáo kết quả tháng', plannedMinutes: 20 }],
  });
  const opened = await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' });
  expect(opened.status).toBe(200);
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      // A fake camera and microphone, granted without asking.
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // Remote video and audio play without a click.
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      'intl.accept_languages': 'vi-VN, vi',
    },
  });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await t?.close();
});

/** A browser context of its own (its own storage), at the provincial PC's 1366×768. */
async function newConsole(name: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.setViewport(PROVINCIAL_PC);
  page.on('pageerror', (error) => {
    errors.push(`${name}: ${String(error)}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${name}: ${message.text()}`);
  });
  return page;
}

/** An element by its accessible name (and role), as a person finds it. */
const byName = (page: Page, name: string, role?: string) =>
  page.locator(`::-p-aria([name=${JSON.stringify(name)}]${role ? `[role="${role}"]` : ''})`);

/**
 * A form field by its label's text. (Firefox's accessibility locator over
 * BiDi does not find a password field by its name, so labels are followed.)
 */
async function byLabel(page: Page, text: string) {
  const id = await page.waitForFunction(
    (wanted: string) =>
      [...(globalThis as any).document.querySelectorAll('label')].find(
        (l) => l.textContent?.trim() === wanted,
      )?.htmlFor || undefined,
    { timeout: 30_000 },
    text,
  );
  return page.locator(`[id=${JSON.stringify(await id.jsonValue())}]`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

describe('the consoles in Firefox ESR', () => {
  it('serves the start page in Vietnamese', async () => {
    const page = await newConsole('start');
    const root = await page.goto(`${url}/`);
    expect(root?.status()).toBe(200);
    await byName(page, 'Vào hội nghị', 'heading').wait();
    expect(await page.$eval('h1', (h) => h.textContent)).toContain('Vào hội nghị');
    await page.close();
  }, 120_000);

  it('a moderator logs in through the form and the desk shows the readiness board', async () => {
    desk = await newConsole('desk');
    await desk.goto(`${url}/`);
    await (await byLabel(desk, 'Tên đăng nhập')).fill(MODERATOR.username);
    await (await byLabel(desk, 'Mật khẩu')).fill(MODERATOR.password);
    await byName(desk, 'Đăng nhập', 'button').click();
    await byName(desk, 'Mở bàn điều hành', 'link').click();
    await desk.waitForSelector('[data-session-status="checkin"]', { timeout: 30_000 });
    expect(new URL(desk.url()).pathname).toBe(`/desk/${sessionId}`);
    await desk.waitForSelector(`.board-table tr[data-code="${POINT.code}"]`);
    expect(await desk.$$eval('.board-table tbody tr', (rows) => rows.length)).toBe(2);
  }, 120_000);

  it("a point's operator joins by link, passes the test run and checks in", async () => {
    const { token } = (await admin.post(`/api/v1/points/${POINT.code}/credentials`)).body;
    const page = await newConsole('operator');
    try {
      await page.goto(`${url}/join#${token}`);
      await page.waitForFunction(
        (path: string) => (globalThis as any).location.pathname === path,
        { timeout: 30_000 },
        `/point/${sessionId}`,
      );
      expect(await page.evaluate(() => (globalThis as any).location.hash)).toBe('');
      await byName(page, POINT.name, 'heading').wait();
      // mediasoup-client found a handler for this Firefox, and the fake devices went up.
      await page.waitForSelector('[data-media="ready"]', { timeout: 30_000 });

      await byName(page, 'Chạy thử', 'button').click();
      await page.waitForSelector('[data-test-passed]', { timeout: 30_000 });
      const passed = await page.$eval('[data-test-passed]', (e) =>
        e.getAttribute('data-test-passed'),
      );
      const shown = await page.$eval('.test-result', (e) => e.textContent);
      expect(passed, `test run: ${shown}`).toBe('true');
      await screenshot(page, '20-firefox-operator');

      await byName(page, '2. Điểm danh', 'tab').click();
      await byName(page, 'Họ và tên đại biểu 1', 'textbox').fill('Nguyễn Văn An');
      await byName(page, 'Điểm danh', 'button').click();
      await page.waitForSelector('[data-checked-in="true"]', { timeout: 30_000 });
    } catch (error) {
      await screenshot(page, 'fail-firefox-operator').catch(() => {});
      throw new Error(`${String(error)}\nconsole errors: ${JSON.stringify(consoleErrors)}`, {
        cause: error,
      });
    }

    // The moderator's board, live over socket.io: the point is present.
    await desk.waitForSelector(
      `.board-table tr[data-code="${POINT.code}"] [data-status="present"]`,
      { timeout: 30_000 },
    );
    const readiness = (await admin.get(`/api/v1/sessions/${sessionId}/readiness`)).body;
    const row = readiness.points.find((p: any) => p.code === POINT.code);
    expect(row.testPassed).toBe(true);
    expect(row.testFigures.videoOk && row.testFigures.audioOk).toBe(true);
    expect(row.delegates).toHaveLength(1);
  }, 120_000);

  it('no console threw', () => {
    expect(errors, `console errors: ${JSON.stringify(consoleErrors)}`).toEqual([]);
  });
});

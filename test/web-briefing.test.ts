import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import {
  expectAccessible,
  MODERATOR,
  newConsoleContext,
  prepareBriefing,
  screenshot,
} from './support/web.js';

/**
 * A briefing run through the web consoles alone: a moderator and three
 * operators, each in a browser context of its own (fake camera and
 * microphone), against the real server, PostgreSQL and mediasoup. The test
 * only clicks and types; the API is used to set the registry up, as the
 * secretariat would have before the day.
 */
const HALL = 'trung-uong';
const POINTS = [
  { code: 'ha-noi', name: 'Thành uỷ Hà Nội' },
  { code: 'hue', name: 'Thành uỷ Huế' },
  { code: 'ca-mau', name: 'Tỉnh uỷ Cà Mau' },
] as const;

let t: TestApp;
let url: string;
let admin: Api;
let browser: Browser;
let sessionId: string;
const tokens = new Map<string, string>();
const operators = new Map<string, { page: Page; errors: string[] }>();
let desk: Page;
let deskErrors: string[];

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  sessionId = await prepareBriefing(admin, POINTS, {
    title: 'Giao ban công tác tổ chức tháng 11',
    agenda: [
      { title: 'Báo cáo kết quả tháng 11', presenter: 'Vụ Tổng hợp', plannedMinutes: 20 },
      { title: 'Thảo luận', plannedSpeeches: 3 },
    ],
    speech: { seconds: 180, warningSeconds: 10 },
  });
  for (const p of POINTS)
    tokens.set(p.code, (await admin.post(`/api/v1/points/${p.code}/credentials`)).body.token);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Clicks a button that asks first, then its confirmation in the dialog. */
async function confirm(page: Page, label: string) {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.locator('dialog[open]').getByRole('button', { name: label, exact: true }).click();
}

describe('a briefing through the consoles', () => {
  it('serves the app at / with client-side routes, and the start page in Vietnamese', async () => {
    const { page, errors } = await newConsoleContext(browser);
    const root = await page.goto(`${url}/`);
    expect(root?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Vào hội nghị' }).isVisible()).resolves.toBe(
      true,
    );
    // A client-side route answers the app too; an unknown API path stays a problem+json 404.
    expect((await page.goto(`${url}/desk/${sessionId}`))?.status()).toBe(200);
    // The page is revalidated on every load (a new release reaches every console); its hashed assets are kept.
    const index = await fetch(`${url}/point`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = (await index.text()).match(/\/assets\/[^"]+\.js/)?.[0];
    const script = await fetch(`${url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`${url}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    await page.goto(`${url}/`);
    await screenshot(page, '01-start');
    await expectAccessible(page, 'start');
    // The English switch, kept across a reload, and back.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Join the conference' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Join the conference' }).waitFor();
    await expect(
      page.evaluate(() => (globalThis as any).document.documentElement.lang),
    ).resolves.toBe('en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Vào hội nghị' }).waitFor();
    // A wrong code is refused in words, not a code.
    await page.getByLabel('Đường dẫn hoặc mã truy cập của điểm cầu').fill('not-a-credential');
    await page.getByRole('button', { name: 'Vào điểm cầu' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/mã truy cập/i);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the moderator logs in, opens the desk and opens check-in', async () => {
    const { page, errors } = await newConsoleContext(browser);
    desk = page;
    deskErrors = errors;
    await page.goto(`${url}/`);
    await page.getByLabel('Tên đăng nhập').fill(MODERATOR.username);
    await page.getByLabel('Mật khẩu').fill(MODERATOR.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: 'Mở bàn điều hành' }).click();
    await page.waitForSelector('[data-session-status="scheduled"]');
    await expect(page.locator('.board-table tbody tr').count()).resolves.toBe(4);
    await confirm(page, 'Mở điểm danh');
    await page.waitForSelector('[data-session-status="checkin"]');
  }, 240_000);

  it('three operators join by link, choose devices, pass the test run and check in', async () => {
    await Promise.all(
      POINTS.map(async ({ code, name }, i) => {
        const { page, errors } = await newConsoleContext(browser);
        operators.set(code, { page, errors });
        await page.goto(`${url}/join#${tokens.get(code)}`);
        // The link's credential is kept on the machine and taken off the address bar.
        await page.waitForURL(`${url}/point/${sessionId}`);
        expect(await page.evaluate(() => (globalThis as any).location.hash)).toBe('');
        await expect(page.getByRole('heading', { name }).isVisible()).resolves.toBe(true);
        await page.waitForSelector('[data-media="ready"]', { timeout: 60_000 });
        // Device choice: the fake camera and microphone by name, as an operator would pick them.
        const camera = page.getByLabel('Camera', { exact: true });
        const cameraOptions = await camera.locator('option').allTextContents();
        expect(cameraOptions.length).toBeGreaterThan(1);
        await camera.selectOption({ index: 1 });
        await page.getByLabel('Micro', { exact: true }).selectOption({ index: 1 });
        await page.waitForSelector('[data-media="ready"]');
        if (i === 0) {
          await screenshot(page, '02-operator-setup');
          await expectAccessible(page, 'operator setup');
        }
        await page.getByRole('button', { name: 'Chạy thử', exact: true }).click();
        await page.waitForSelector('[data-test-passed]', { timeout: 60_000 }).catch(async (e) => {
          await screenshot(page, `fail-test-${code}`);
          throw e;
        });
        const passed = await page.getAttribute('[data-test-passed]', 'data-test-passed');
        const shown = await page.locator('.test-result').textContent();
        expect(passed, `test run at ${code}: ${shown}`).toBe('true');
        if (i === 0) await screenshot(page, '03-operator-test-passed');

        await page.getByRole('tab', { name: /Điểm danh/ }).click();
        await page.getByLabel('Họ và tên đại biểu 1').fill(`Nguyễn Văn ${i + 1}`);
        await page.getByLabel('Chức vụ đại biểu 1').fill('Trưởng ban Tổ chức');
        await page.getByRole('button', { name: 'Thêm đại biểu' }).click();
        await page.getByLabel('Họ và tên đại biểu 2').fill(`Trần Thị ${i + 1}`);
        if (i === 0) {
          await screenshot(page, '04-operator-checkin');
          await expectAccessible(page, 'operator check-in');
        }
        await page.getByRole('button', { name: 'Điểm danh', exact: true }).click();
        await page.waitForSelector('[data-checked-in="true"]');
      }),
    );
    // The board shows every test run with its measured figures, and the check-ins with delegates.
    for (const { code } of POINTS) {
      const row = desk.locator(`.board-table tr[data-code="${code}"]`);
      await row.locator('[data-test="passed"]').waitFor();
      await expect(row.locator('[data-test-figures]').textContent()).resolves.toMatch(/\d+ ms/);
      await row.locator('[data-status="present"]').waitFor();
    }
    const readiness = (await admin.get(`/api/v1/sessions/${sessionId}/readiness`)).body;
    for (const p of readiness.points.filter((r: any) => r.code !== HALL)) {
      expect(p.testPassed).toBe(true);
      expect(p.testFigures.rttMs).toBeGreaterThanOrEqual(0);
      expect(p.testFigures.uplinkKbps).toBeGreaterThan(100);
      expect(p.testFigures.videoOk && p.testFigures.audioOk).toBe(true);
      expect(p.delegates.length).toBe(2);
    }
    await screenshot(desk, '05-desk-board');
    await expectAccessible(desk, 'desk');
  }, 240_000);

  it('goes live; two points ask for the floor; the moderator reorders and grants 20 s', async () => {
    await confirm(desk, 'Bắt đầu họp');
    await desk.waitForSelector('[data-session-status="live"]');
    for (const code of ['ha-noi', 'hue']) {
      const { page } = operators.get(code) as { page: Page };
      await page.waitForSelector('[data-session-status="live"]');
      await page.getByRole('tab', { name: /Phát biểu/ }).click();
      await page.getByLabel('Nội dung phát biểu').fill(`Ý kiến của ${code}`);
      await page.getByLabel('Thuộc mục chương trình').selectOption({ index: 2 });
      await page.getByRole('button', { name: 'Xin phát biểu' }).click();
      await page.waitForSelector('[data-queue-position]');
    }
    const order = () =>
      desk
        .locator('.queue-list li')
        .evaluateAll((li) => li.map((e) => e.getAttribute('data-code')));
    await expect.poll(order).toEqual(['ha-noi', 'hue']);
    await screenshot(desk, '06-desk-queue');
    // Keyboard: Huế up with Alt+↑.
    await desk.locator('.queue-list li[data-code="hue"]').focus();
    await desk.keyboard.press('Alt+ArrowUp');
    await expect.poll(order).toEqual(['hue', 'ha-noi']);
    // Drag: Hà Nội back on top.
    await desk
      .locator('.queue-list li[data-code="ha-noi"]')
      .dragTo(desk.locator('.queue-list li[data-code="hue"]'));
    await expect.poll(order).toEqual(['ha-noi', 'hue']);
    const huePage = operators.get('hue')?.page as Page;
    await expect
      .poll(() => huePage.getAttribute('[data-queue-position]', 'data-queue-position'))
      .toBe('2');

    await desk.getByLabel('Thời gian cho phát biểu (giây)').fill('20');
    await desk
      .locator('.queue-list li[data-code="ha-noi"]')
      .getByRole('button', { name: 'Cho phát biểu' })
      .click();
    const speaker = operators.get('ha-noi')?.page as Page;
    await speaker.waitForSelector('[data-floor="speaking"]');
    await expect(speaker.locator('.speaking-now').textContent()).resolves.toBe('ĐANG PHÁT BIỂU');
    await speaker.waitForSelector('[data-mic="open"]');
    const left = await speaker.locator('.floor [role="timer"]').textContent();
    const seconds = Number(
      left
        ?.match(/(\d+):(\d+)/)
        ?.slice(1)
        .reduce((m, s) => String(Number(m) * 60 + Number(s))),
    );
    expect(seconds).toBeGreaterThan(10);
    expect(seconds).toBeLessThanOrEqual(20);
    await screenshot(speaker, '07-operator-speaking');
    await expectAccessible(speaker, 'operator speaking');
  }, 240_000);

  it("the other consoles show the speaker's video; the floor ends by itself", async () => {
    for (const code of ['hue', 'ca-mau']) {
      const page = operators.get(code)?.page as Page;
      await page.waitForSelector('[data-speaker="ha-noi"] video');
      await expect
        .poll(() => page.$eval('[data-speaker="ha-noi"] video', (v) => (v as any).videoWidth), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);
    }
    await screenshot(operators.get('hue')?.page as Page, '08-operator-watching-speaker');
    const speaker = operators.get('ha-noi')?.page as Page;
    // The warning (10 s before), then the end at 20 s, with nobody clicking.
    await speaker.waitForSelector('[data-countdown="warning"]', { timeout: 20_000 });
    await speaker.waitForSelector('[data-floor="speaking"]', {
      state: 'detached',
      timeout: 25_000,
    });
    await desk.waitForSelector('.floor-now[data-floor=""]');
    const record = (await admin.get(`/api/v1/sessions/${sessionId}/speakers`)).body;
    expect(record.history).toHaveLength(1);
    expect(record.history[0]).toMatchObject({
      code: 'ha-noi',
      endReason: 'time',
      grantedSeconds: 20,
    });
    await expect(desk.locator('.history .speeches li').count()).resolves.toBe(1);
  }, 240_000);

  it('a roll call is answered with one click at each point', async () => {
    await desk.getByLabel('Thời hạn (giây)').fill('60');
    await desk.getByRole('button', { name: 'Bắt đầu điểm danh' }).click();
    await Promise.all(
      POINTS.map(async ({ code }) => {
        const page = operators.get(code)?.page as Page;
        await page.getByRole('button', { name: 'Có mặt' }).click();
        await page.waitForSelector('[data-rollcall="answered"]');
      }),
    );
    await desk.waitForSelector('[data-rollcall-answered="3"]');
    await screenshot(desk, '09-desk-rollcall');
  }, 240_000);

  it('no console threw', () => {
    expect(deskErrors).toEqual([]);
    for (const [code, { errors }] of operators) expect(errors, code).toEqual([]);
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaRoom } from '../src/media/media-room.js';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { launchChromium } from './support/browser.js';
import { type FakePoint, fakePoint } from './support/fake-point.js';
import { TestClient, waitUntil } from './support/sockets.js';
import {
  expectAccessible,
  HALL_SCREEN,
  newConsoleContext,
  PROVINCIAL_PC,
  screenshot,
} from './support/web.js';

/**
 * The central hall's video wall with twelve points sending real simulcast
 * VP8 (plain RTP, as room systems behind a gateway), and a point's console
 * on a line that drops and comes back.
 */
const HALL = 'trung-uong';
const WALL = [
  'ha-noi',
  'hue',
  'lai-chau',
  'dien-bien',
  'son-la',
  'lang-son',
  'quang-ninh',
  'thanh-hoa',
  'nghe-an',
  'ha-tinh',
  'cao-bang',
  'tuyen-quang',
];
const OPERATOR = 'ca-mau';

let t: TestApp;
let url: string;
let admin: Api;
let browser: Browser;
let briefing: Briefing;
let room: MediaRoom;
let moderator: TestClient;
const fake = new Map<string, FakePoint>();

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' }, listen: true });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  briefing = await liveBriefing(admin, url, [HALL, ...WALL, OPERATOR], { day: 2 });
  // The hall and the operator come in through the browser, with credentials of their own.
  await briefing.points.get(HALL)?.close();
  await briefing.points.get(OPERATOR)?.close();
  moderator = await TestClient.connect(url, admin.token as string);
  room = await t.app.media.room(briefing.sessionId);
  for (const code of WALL) {
    const point = (await admin.get(`/api/v1/points/${code}`)).body;
    fake.set(code, await fakePoint(room, { pointId: point.id, code, isHall: false }));
  }
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const f of fake.values()) await f.close();
  moderator?.close();
  await t?.close();
});

async function openAs(code: string, viewport = PROVINCIAL_PC) {
  const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
  const opened = await newConsoleContext(browser, viewport);
  await opened.page.goto(`${url}/join#${token}`);
  return opened;
}

const playing = (page: Page, selector: string) =>
  page.$$eval(selector, (videos) => videos.filter((v) => (v as any).videoWidth > 0).length);

describe('the central hall', () => {
  let hall: Page;
  let hallErrors: string[];

  it('shows the twelve points with their names, and the one holding the floor large and highlighted', async () => {
    ({ page: hall, errors: hallErrors } = await openAs(HALL, HALL_SCREEN));
    await hall.waitForURL(`${url}/hall/${briefing.sessionId}`);
    await hall.waitForSelector('[data-media="ready"]', { timeout: 60_000 });
    await expect
      .poll(() => playing(hall, '.wall-tile video'), { timeout: 60_000 })
      .toBe(WALL.length);
    const names = await hall.locator('.wall-tile[data-state="video"] .wall-name').allTextContents();
    expect(names).toContain('Thành ủy Hà Nội');
    expect(names).toHaveLength(WALL.length);
    // The operator's point, checked in earlier and gone now, is shown as disconnected.
    await expect(
      hall.getAttribute(`.wall-tile[data-code="${OPERATOR}"]`, 'data-state'),
    ).resolves.toBe('offline');

    const request = await briefing.points
      .get('hue')
      ?.emit('speaker:request', { sessionId: briefing.sessionId });
    expect(request?.ok).toBe(true);
    const grant = await moderator.emit('speaker:grant', {
      sessionId: briefing.sessionId,
      entryId: (request as any).data.entryId,
      seconds: 120,
    });
    expect(grant.ok).toBe(true);
    await hall.waitForSelector('.wall-tile[data-code="hue"][data-highlight="speaking"]');
    await hall.waitForSelector('[data-floor-code="hue"]');
    await expect.poll(() => playing(hall, '.floor-video video'), { timeout: 15_000 }).toBe(1);
    await expect(hall.locator('.floor-info [role="timer"]').textContent()).resolves.toMatch(
      /0[12]:\d\d/,
    );
    await screenshot(hall, '10-hall-wall-1920');
    await hall.setViewportSize(PROVINCIAL_PC);
    await screenshot(hall, '11-hall-wall-1366');
    await expectAccessible(hall, 'hall');
  }, 240_000);

  it('a console whose network drops recovers media and state without a click, and keeps what was typed', async () => {
    const { page, context, errors } = await openAs(OPERATOR);
    await page.waitForURL(`${url}/point/${briefing.sessionId}`);
    await page.waitForSelector('[data-media="ready"]', { timeout: 60_000 });
    await page.getByRole('tab', { name: /Điểm danh/ }).click();
    // Checked in before the line went (liveBriefing): the form starts from that list.
    await expect(page.getByLabel('Họ và tên đại biểu 1').inputValue()).resolves.toBe(
      'Đại biểu ca-mau',
    );
    await page.getByLabel('Họ và tên đại biểu 1').fill('Lê Văn Tám');
    await page.getByRole('button', { name: 'Cập nhật danh sách' }).click();
    await page.waitForSelector('[data-checked-in="true"]');
    await waitUntil(async () => {
      const board = (await admin.get(`/api/v1/sessions/${briefing.sessionId}/readiness`)).body;
      const row = board.points.find((p: { code: string }) => p.code === OPERATOR);
      return row.delegates[0]?.name === 'Lê Văn Tám';
    });
    // The speaker (Huế) on the stage.
    await expect
      .poll(() => playing(page, '[data-speaker="hue"] video'), { timeout: 15_000 })
      .toBe(1);

    await context.setOffline(true);
    await page.waitForSelector('[data-connection="reconnecting"]', { timeout: 60_000 });
    await page.getByRole('tab', { name: /Phát biểu/ }).click();
    await page.getByLabel('Nội dung phát biểu').fill('Kiến nghị về nhân sự');
    await screenshot(page, '12-operator-offline');
    await context.setOffline(false);

    await page.waitForSelector('[data-connection="online"]', { timeout: 60_000 });
    await page.waitForSelector('[data-media="ready"]', { timeout: 60_000 });
    // Media back: the speaker's video plays again; the board has it connected again.
    await expect
      .poll(() => playing(page, '[data-speaker="hue"] video'), { timeout: 20_000 })
      .toBe(1);
    await waitUntil(async () => {
      const board = (await admin.get(`/api/v1/sessions/${briefing.sessionId}/readiness`)).body;
      const row = board.points.find((p: { code: string }) => p.code === OPERATOR);
      return row.connected && row.disconnects >= 1;
    }, 20_000);
    // What was typed while offline is still there, and survives a reload too.
    await expect(page.getByLabel('Nội dung phát biểu').inputValue()).resolves.toBe(
      'Kiến nghị về nhân sự',
    );
    await page.reload();
    await page.getByRole('tab', { name: /Phát biểu/ }).click();
    await expect(page.getByLabel('Nội dung phát biểu').inputValue()).resolves.toBe(
      'Kiến nghị về nhân sự',
    );
    await page.getByRole('button', { name: 'Xin phát biểu' }).click();
    await page.waitForSelector('[data-queue-position="1"]');
    expect(errors).toEqual([]);
    expect(hallErrors).toEqual([]);
  }, 240_000);
});

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingIndex } from '../src/contract/index.js';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { type Briefing, liveBriefing } from './support/briefing.js';
import { launchChromium } from './support/browser.js';
import { type FakePoint, fakePoint } from './support/fake-point.js';
import { TestClient, waitUntil } from './support/sockets.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';

/**
 * Recording through the consoles: a moderator starts it on the desk and sees
 * "recording since"; the central hall and a speaking point send real RTP;
 * the moderator stops it; the secretariat opens Bản ghi, plays a file (the
 * player's Range requests) and jumps to the speech. Then a broken ffmpeg:
 * the desk says so in Vietnamese.
 */
/** What the test reads of the page's <video> (the tests compile without the DOM's types). */
type Media = { readyState: number; currentTime: number };
const HALL = 'trung-uong';
const A = 'ha-noi';
const MOD = { username: 'dieuhanh', password: 'dieuhanh-password' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'giaoban-webrec-'));

let t: TestApp;
let url: string;
let admin: Api;
let staff: TestClient;
let browser: Browser;
let briefing: Briefing;
const fakes: FakePoint[] = [];

beforeAll(async () => {
  t = await startTestApp({
    env: {
      SEED_POINTS: '2025',
      RECORDINGS_DIR: dir,
      RECORDING_SEGMENT_SECONDS: '3',
      RECORDING_MIN_FREE_MB: '1',
    },
    listen: true,
  });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  await admin.post('/api/v1/users', { ...MOD, role: 'moderator' });
  briefing = await liveBriefing(admin, url, [HALL, A], { day: 3, moderators: [MOD.username] });
  await briefing.points.get(A)?.emit('speaker:request', { sessionId: briefing.sessionId });
  staff = await TestClient.connect(url, admin.token as string, briefing.sessionId);
  const room = await t.app.media.room(briefing.sessionId);
  for (const code of [HALL, A]) {
    const pointId = (await admin.get(`/api/v1/points/${code}`)).body.id;
    fakes.push(await fakePoint(room, { pointId, code, isHall: code === HALL }));
  }
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const f of fakes) await f.close();
  staff?.close();
  for (const c of briefing?.points.values() ?? []) c.close();
  await browser?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function logIn(page: Page, username: string, password: string) {
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/sessions$/);
}

/** Clicks a button that asks first, then the confirmation in the dialog. */
async function confirm(page: Page, label: string) {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.locator('dialog[open]').getByRole('button', { name: label, exact: true }).click();
}

const recordingState = (page: Page) =>
  page.locator('.recording-control [data-recording]').getAttribute('data-recording');

describe('recording in the consoles', () => {
  let desk: Page;

  it('the moderator starts recording on the desk and sees since when', async () => {
    const { page, errors } = await newConsoleContext(browser);
    desk = page;
    await logIn(page, MOD.username, MOD.password);
    await page.goto(`${url}/desk/${briefing.sessionId}`);
    await page.getByRole('heading', { name: 'Ghi hình' }).waitFor();
    await waitUntil(async () => (await recordingState(page)) === 'off', 10_000, 100);
    await expect(page.locator('.recording-control [data-recording]').textContent()).resolves.toBe(
      'Chưa ghi hình',
    );
    await waitUntil(
      () => page.getByRole('button', { name: 'Bắt đầu ghi hình', exact: true }).first().isEnabled(),
      10_000,
      100,
    );
    await confirm(page, 'Bắt đầu ghi hình');
    await waitUntil(async () => (await recordingState(page)) === 'recording', 20_000, 200);
    const text = await page.locator('.recording-control [data-recording]').textContent();
    expect(text).toMatch(/^Đang ghi hình từ \d{2}:\d{2}$/);
    await screenshot(page, 'recording-01-desk-recording');
    await expectAccessible(page, 'desk with recording');

    // The floor to A for a few seconds, then the moderator stops the recording.
    const { queue } = (await admin.get(`/api/v1/sessions/${briefing.sessionId}/speakers`)).body;
    const entry = queue.find((e: { code: string }) => e.code === A);
    expect(
      (await staff.emit('speaker:grant', { sessionId: briefing.sessionId, entryId: entry.entryId }))
        .ok,
    ).toBe(true);
    await sleep(4000);
    expect((await staff.emit('speaker:end', { sessionId: briefing.sessionId })).ok).toBe(true);
    await sleep(1500);
    await confirm(page, 'Dừng ghi hình');
    await waitUntil(async () => (await recordingState(page)) === 'off', 10_000, 200);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the secretariat lists the files, plays one, and a speech seeks the player', async () => {
    const { sessionId } = briefing;
    await waitUntil(async () => {
      const index: RecordingIndex = (await admin.get(`/api/v1/sessions/${sessionId}/recordings`))
        .body;
      return index.parts.length > 0 && index.parts.every((p) => p.endedAt !== null);
    }, 10_000);
    const index: RecordingIndex = (await admin.get(`/api/v1/sessions/${sessionId}/recordings`))
      .body;
    const speech = index.speeches[0];
    if (!speech?.start?.segmentId) throw new Error('the speech is not in the recording');

    const { page, errors } = await newConsoleContext(browser);
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${url}/admin`);
    await page.getByRole('link', { name: 'Bản ghi', exact: true }).click();
    await page.getByLabel('Chọn phiên họp').selectOption({ value: sessionId });
    await page.waitForURL(new RegExp(`/admin/recordings/${sessionId}$`));
    const rows = page.locator('.recordings-part tbody tr');
    await rows.first().waitFor();
    const segments = index.parts.flatMap((p) => p.segments);
    expect(await rows.count()).toBe(segments.length);
    await expect(page.locator('.recordings-total').textContent()).resolves.toMatch(
      /^Tổng thời lượng: \d+:\d{2} · 1 phần · \d+ tệp$/,
    );

    // Play the first file: the player fetches it by ranges and its clock runs.
    await page.getByRole('button', { name: 'Phát Tệp 1', exact: true }).click();
    const video = page.locator('video');
    await waitUntil(
      async () => (await video.evaluate((v) => (v as unknown as Media).readyState)) >= 2,
      15_000,
      100,
    );
    await waitUntil(
      async () => (await video.evaluate((v) => (v as unknown as Media).currentTime)) > 0.5,
      15_000,
      100,
    );
    await screenshot(page, 'recording-02-secretariat-playing');
    await expectAccessible(page, 'recordings page');

    // A's speech: the player moves to its file and its moment.
    await page.locator(`button[data-speech="${A}"]`).click();
    await waitUntil(
      async () => (await video.getAttribute('data-segment-id')) === speech.start?.segmentId,
      10_000,
      100,
    );
    await waitUntil(
      async () => {
        const at = await video.evaluate((v) => (v as unknown as Media).currentTime);
        return Math.abs(at - (speech.start?.segmentOffsetSeconds ?? 0)) < 1;
      },
      10_000,
      100,
    );
    await screenshot(page, 'recording-03-secretariat-speech');
    const download = await fetch(`${url}${segments[0]?.url}&download=1`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="ghi-hinh-/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('ffmpeg breaks: the desk says what happened and what to do, in Vietnamese', async () => {
    const bad = path.join(dir, 'bad-ffmpeg');
    writeFileSync(bad, '#!/bin/sh\necho "Conversion failed!" >&2\nexit 1\n');
    chmodSync(bad, 0o755);
    t.app.config.recording.ffmpegPath = bad;
    await confirm(desk, 'Bắt đầu ghi hình');
    await waitUntil(async () => (await recordingState(desk)) === 'failed', 20_000, 200);
    const alert = desk.locator('.recording-control [role="alert"]');
    await expect(alert.textContent()).resolves.toContain(
      'Chương trình ghi hình (ffmpeg) dừng bất thường',
    );
    await desk.getByText('Chi tiết kỹ thuật').click();
    await expect(alert.textContent()).resolves.toContain('Conversion failed!');
    await screenshot(desk, 'recording-04-desk-failed');
    await expectAccessible(desk, 'desk with a failed recording');
    await confirm(desk, 'Dừng ghi hình');
    await waitUntil(async () => (await recordingState(desk)) === 'off', 10_000, 200);
  }, 60_000);
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { waitUntil } from './support/sockets.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';

/**
 * The minutes in the desk as a secretary keeps them: typed, the page reloaded
 * before the save and after it, the line dropped — nothing lost; two desks
 * typing at once — both edits kept, or a marked conflict with a notice; the
 * chair approves the conclusions and two operators' consoles show them, also
 * after a reload; a correction becomes version 2.
 */
const POINTS = [
  { code: 'ha-noi', name: 'Thành uỷ Hà Nội' },
  { code: 'hue', name: 'Thành uỷ Huế' },
] as const;
const MINUTES = 'Biên bản ghi chép';
const DRAFT = 'Dự thảo kết luận của chủ trì';

let t: TestApp;
let url: string;
let admin: Api;
let browser: Browser;
let sessionId: string;
const pages: Array<{ page: Page; errors: string[] }> = [];

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  for (const p of POINTS) await admin.post('/api/v1/points', { ...p, kind: 'province' });
  for (const [username, role] of [
    ['thuky', 'secretariat'],
    ['chutri', 'chair'],
    ['dieuhanh', 'moderator'],
  ])
    await admin.post('/api/v1/users', { username, password: `${username}-password`, role });
  const created = await admin.post('/api/v1/sessions', {
    title: 'Giao ban công tác tháng 12',
    kind: 'monthly',
    urgent: true,
    startsAt: inDays(0, 1),
    endsAt: inDays(0, 4),
    invitedPointCodes: POINTS.map((p) => p.code),
    chairUsername: 'chutri',
    moderatorUsernames: ['dieuhanh'],
  });
  expect(created.status).toBe(201);
  sessionId = created.body.id;
  for (const status of ['checkin', 'live'])
    expect((await admin.post(`/api/v1/sessions/${sessionId}/status`, { status })).status).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const minutesNow = async () => (await admin.get(`/api/v1/sessions/${sessionId}/minutes`)).body;

async function openDesk(username: string) {
  const opened = await newConsoleContext(browser);
  pages.push(opened);
  const { page } = opened;
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(`${username}-password`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/sessions$/);
  await page.goto(`${url}/desk/${sessionId}`);
  await page.waitForSelector('[data-session-status="live"]');
  await page.getByLabel(MINUTES).and(page.locator(':enabled')).waitFor();
  return page;
}

const editor = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const saved = (page: Page, nth = 0) =>
  page.locator('[data-save="saved"]').nth(nth).filter({ hasText: 'Đã lưu lúc' }).waitFor();

/** The desk with its minutes panel in view (the side column scrolls). */
async function deskShot(page: Page, name: string, show = '.minutes-panel h2') {
  await page
    .locator(show)
    .first()
    .evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await screenshot(page, name);
}

/** The end of the minutes, where a secretary types. */
async function typeAtEnd(page: Page, label: string, text: string) {
  const box = editor(page, label);
  await box.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('the secretary keeps the minutes in the desk', () => {
  let desk: Page;

  it('typed, then reloaded before the save fires: the text comes back and is saved', async () => {
    desk = await openDesk('thuky');
    await expectAccessible(desk, 'desk with the minutes panel');
    const puts: string[] = [];
    desk.on('request', (r) => {
      if (r.method() === 'PUT') puts.push(r.url());
    });
    await typeAtEnd(desk, MINUTES, 'Khai mạc lúc 8 giờ.\nĐồng chí Chủ trì phát biểu.');
    await deskShot(desk, 'minutes-01-desk-typing');
    // Within the second of debounce: nothing went to the server yet.
    expect(puts).toEqual([]);
    await desk.reload();
    await expect(editor(desk, MINUTES).inputValue()).resolves.toBe(
      'Khai mạc lúc 8 giờ.\nĐồng chí Chủ trì phát biểu.',
    );
    await saved(desk);
    await deskShot(desk, 'minutes-02-restored-and-saved');
    expect((await minutesNow()).text).toBe('Khai mạc lúc 8 giờ.\nĐồng chí Chủ trì phát biểu.');
    await expect(
      desk.evaluate((id) => localStorage.getItem(`giaoban.minutes.${id}`), sessionId),
    ).resolves.toBeNull();
  }, 120_000);

  it('typed and saved, then reloaded: the server copy is shown', async () => {
    await typeAtEnd(desk, MINUTES, '\nHà Nội báo cáo kết quả tháng 11.');
    await waitUntil(async () => (await minutesNow()).text.endsWith('tháng 11.'), 10_000);
    await saved(desk);
    await desk.reload();
    await saved(desk);
    await expect(editor(desk, MINUTES).inputValue()).resolves.toBe(
      'Khai mạc lúc 8 giờ.\nĐồng chí Chủ trì phát biểu.\nHà Nội báo cáo kết quả tháng 11.',
    );
    await expect(
      desk
        .getByText(/Đã lưu lúc \d\d:\d\d bởi thuky/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
  }, 60_000);

  it('the line drops: the text stays on the machine and is saved when the network is back', async () => {
    const context = desk.context();
    await context.setOffline(true);
    await typeAtEnd(desk, MINUTES, '\nHuế báo cáo công tác chuẩn bị.');
    await desk.getByText('Mất kết nối — nội dung được giữ trên máy này').first().waitFor();
    await deskShot(desk, 'minutes-03-offline');
    const kept = await desk.evaluate(
      (id) => JSON.parse(localStorage.getItem(`giaoban.minutes.${id}`) ?? '{}').text,
      sessionId,
    );
    expect(kept).toContain('Huế báo cáo công tác chuẩn bị.');
    expect((await minutesNow()).text).not.toContain('Huế');
    await context.setOffline(false);
    await waitUntil(async () => (await minutesNow()).text.endsWith('chuẩn bị.'), 15_000);
    await saved(desk);
  }, 60_000);
});

describe('two desks edit at once', () => {
  let secretary: Page;
  let moderator: Page;

  it('edits of different lines are both kept', async () => {
    secretary = pages[0]?.page as Page;
    moderator = await openDesk('dieuhanh');
    const start = (await minutesNow()).text;
    await expect(editor(moderator, MINUTES).inputValue()).resolves.toBe(start);
    // Both type before either save reaches the other.
    await Promise.all([
      (async () => {
        const box = editor(secretary, MINUTES);
        await box.focus();
        await secretary.keyboard.press('Control+Home');
        await secretary.keyboard.type('[08:00] ');
      })(),
      typeAtEnd(moderator, MINUTES, '\nĐà Nẵng xin ý kiến về nhân sự.'),
    ]);
    const both = (text: string) =>
      text.startsWith('[08:00] Khai mạc') && text.endsWith('Đà Nẵng xin ý kiến về nhân sự.');
    await waitUntil(async () => both((await minutesNow()).text), 20_000);
    // Both desks end up showing the merged text.
    for (const page of [secretary, moderator])
      await waitUntil(async () => both(await editor(page, MINUTES).inputValue()), 20_000);
    await deskShot(secretary, 'minutes-04-merged');
    expect((await minutesNow()).text).not.toContain('⚠');
  }, 120_000);

  it('the same line changed differently: both kept between markers, and the person is told', async () => {
    // Both wait until saved, then both change the last line at once.
    await saved(secretary);
    await saved(moderator);
    await secretary.context().setOffline(true);
    await typeAtEnd(secretary, MINUTES, ' (thư ký: đồng ý)');
    await typeAtEnd(moderator, MINUTES, ' (điều hành: hoãn)');
    await waitUntil(async () => (await minutesNow()).text.endsWith('(điều hành: hoãn)'), 10_000);
    await secretary.context().setOffline(false);
    const notice = secretary.getByText('vừa sửa cùng đoạn với bạn');
    await notice.waitFor({ timeout: 20_000 });
    await waitUntil(async () => (await minutesNow()).text.includes('⚠'), 15_000);
    const text = (await minutesNow()).text;
    expect(text).toContain('⚠ ───── Bản của thuky ─────');
    expect(text).toContain('nhân sự. (thư ký: đồng ý)');
    expect(text).toContain('⚠ ───── Bản của dieuhanh ─────');
    expect(text).toContain('nhân sự. (điều hành: hoãn)');
    await expect(notice.textContent()).resolves.toContain('dieuhanh');
    await deskShot(secretary, 'minutes-05-conflict', '.minutes-editor');
    await expectAccessible(secretary, 'desk with a conflict notice');
    // The moderator's desk catches up with the marked text.
    await waitUntil(async () => (await editor(moderator, MINUTES).inputValue()) === text, 15_000);
  }, 120_000);
});

describe('the chair approves; the points see the conclusions', () => {
  const operators: Page[] = [];

  it('two operator consoles are open', async () => {
    for (const p of POINTS) {
      const { token } = (await admin.post(`/api/v1/points/${p.code}/credentials`)).body;
      const opened = await newConsoleContext(browser);
      pages.push(opened);
      await opened.page.goto(`${url}/join#${token}`);
      await opened.page.waitForURL(`${url}/point/${sessionId}`);
      await opened.page.getByRole('heading', { name: p.name }).waitFor();
      operators.push(opened.page);
    }
    for (const page of operators)
      await expect(page.getByText('Kết luận của chủ trì').count()).resolves.toBe(0);
  }, 120_000);

  it('the secretary drafts, the chair approves and publishes: both consoles show it', async () => {
    const secretary = pages[0]?.page as Page;
    await typeAtEnd(
      secretary,
      DRAFT,
      '1. Các địa phương hoàn thành báo cáo trước ngày 15/12.\n2. Giao Văn phòng tổng hợp.',
    );
    const chair = await openDesk('chutri');
    await waitUntil(
      async () => (await editor(chair, DRAFT).inputValue()).includes('Giao Văn phòng tổng hợp.'),
      20_000,
    );
    await saved(chair, 1);
    await expect(
      secretary.getByRole('button', { name: 'Phê duyệt và công bố' }).count(),
    ).resolves.toBe(0);
    await chair.getByRole('button', { name: 'Phê duyệt và công bố' }).click();
    await chair.locator('dialog[open]').getByText('phiên bản 1').waitFor();
    await screenshot(chair, 'minutes-06-approve-dialog');
    await chair
      .locator('dialog[open]')
      .getByRole('button', { name: 'Phê duyệt và công bố' })
      .click();
    await chair.getByText('Đã công bố kết luận phiên bản 1').waitFor();
    for (const page of operators) {
      const section = page.getByRole('region', { name: 'Kết luận của chủ trì' });
      await section.getByText('Các địa phương hoàn thành báo cáo trước ngày 15/12.').waitFor();
      await expect(section.textContent()).resolves.toMatch(
        /Phiên bản 1 · phê duyệt lúc .* bởi chutri/,
      );
    }
    // Nothing changed since: nothing to approve again.
    await expect(
      chair.getByRole('button', { name: 'Phê duyệt và công bố' }).isDisabled(),
    ).resolves.toBe(true);
    await screenshot(operators[0] as Page, 'minutes-07-operator-conclusions');
    await expectAccessible(operators[0] as Page, 'operator console with conclusions');
  }, 120_000);

  it('after a reload the console still shows them; a correction is version 2 everywhere', async () => {
    const [first, second] = operators as [Page, Page];
    await first.reload();
    await first
      .getByRole('region', { name: 'Kết luận của chủ trì' })
      .getByText('trước ngày 15/12')
      .waitFor();
    const chair = pages.at(-1)?.page as Page;
    const box = editor(chair, DRAFT);
    await box.fill((await box.inputValue()).replace('15/12', '20/12'));
    await saved(chair, 1);
    await chair.getByRole('button', { name: 'Phê duyệt và công bố' }).click();
    await chair
      .locator('dialog[open]')
      .getByRole('button', { name: 'Phê duyệt và công bố' })
      .click();
    await chair.getByText('Đã công bố kết luận phiên bản 2').waitFor();
    for (const page of [first, second]) {
      const section = page.getByRole('region', { name: 'Kết luận của chủ trì' });
      await section.getByText('trước ngày 20/12').waitFor();
      await expect(section.getAttribute('data-version')).resolves.toBe('2');
    }
    const versions = chair.locator('ol.conclusion-versions > li');
    await expect(versions.count()).resolves.toBe(2);
    await expect(versions.first().textContent()).resolves.toMatch(/Phiên bản 2 — chutri, lúc/);
    await versions.nth(1).locator('summary').click();
    await expect(versions.nth(1).textContent()).resolves.toContain('trước ngày 15/12');
    await deskShot(chair, 'minutes-08-desk-versions', '.minutes-editor + .minutes-editor');
    await screenshot(second, 'minutes-09-operator-version-2');
    const stored = (await admin.get(`/api/v1/sessions/${sessionId}/conclusions`)).body;
    expect(stored.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(stored.versions[1].text).toContain('15/12');
    for (const { errors } of pages) expect(errors).toEqual([]);
  }, 120_000);
});

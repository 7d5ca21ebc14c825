import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayLabel,
  firstOfMonth,
  vnToday,
  vnToIso,
} from '../web/src/features/secretariat/calendar/dates.js';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';

/**
 * The clerk schedules a monthly briefing on the calendar from the browser
 * (which runs in Europe/Berlin: every time must still be Vietnam's), meets a
 * clash beside the time fields, downloads the invitation, duplicates the
 * session to the next month and cancels the copy; an invited point sees the
 * invitation in its console.
 */
let t: TestApp;
let url: string;
let browser: Browser;
let admin: Api;

const TITLE = 'Giao ban tháng — kiểm thử lịch';
const AGENDA = [
  { title: 'Báo cáo tình hình kinh tế – xã hội', presenter: 'Bộ Kế hoạch và Đầu tư' },
  { title: 'Ý kiến các địa phương', presenter: 'Các tỉnh, thành phố' },
  { title: 'Kết luận của Chủ trì', presenter: 'Đồng chí Chủ trì' },
];
// The 15th of next month, Vietnam time: well past the minimum notice.
const DAY = addDays(addMonths(firstOfMonth(vnToday()), 1), 14);
const NEXT = addMonths(DAY, 1);

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  browser = await launchChromium();
  admin = await new Api(t.app).loginAdmin();
  const points = [
    { code: 'trung-uong', name: 'Hội trường Trung ương', kind: 'central-hall' },
    { code: 'ha-noi', name: 'Hà Nội', kind: 'province' },
    { code: 'hue', name: 'Huế', kind: 'province' },
    { code: 'da-nang', name: 'Đà Nẵng', kind: 'province' },
    { code: 'ba-dinh', name: 'Ba Đình', kind: 'district', parentCode: 'ha-noi' },
  ];
  for (const p of points) expect((await admin.post('/api/v1/points', p)).status).toBe(201);
  for (const u of [
    { username: 'chutri', role: 'chair', displayName: 'Đ/c Nguyễn Văn An' },
    { username: 'dieuhanh', role: 'moderator', displayName: 'Tổ điều hành' },
  ])
    expect(
      (await admin.post('/api/v1/users', { ...u, password: `${u.username}-password` })).status,
    ).toBe(201);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const sessionIdOf = (page: Page) =>
  /\/admin\/calendar\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';

describe('scheduling on the calendar', () => {
  it('the clerk books, meets a clash, downloads, duplicates and cancels; the point sees the invitation', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await page.goto(`${url}/`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/sessions$/);
    await page.getByRole('link', { name: 'Quản trị' }).click();
    await page.waitForURL(/\/admin\/calendar$/);
    // Today is marked, in Vietnam's days.
    await expect(page.locator('td[aria-current="date"]').getAttribute('data-day')).resolves.toBe(
      vnToday(),
    );

    // The form: a monthly briefing with three agenda items, the centre and the provinces.
    await page.getByRole('link', { name: /Tạo phiên họp/ }).click();
    await page.getByLabel('Tên phiên họp').fill(TITLE);
    await page.getByLabel('Ngày họp').fill(DAY);
    await page.getByLabel('Giờ bắt đầu').fill('08:00');
    await page.getByLabel('Giờ kết thúc').fill('11:00');
    await page.getByLabel('Chủ trì', { exact: true }).selectOption('chutri');
    await page.getByLabel('Tổ điều hành').check();
    for (const [i, item] of AGENDA.entries()) {
      await page.getByRole('button', { name: 'Thêm mục' }).click();
      await page.getByLabel(`Nội dung mục ${i + 1}`).fill(item.title);
      await page.getByLabel(`Người trình bày mục ${i + 1}`).fill(item.presenter);
      await page.getByLabel(`Số phút mục ${i + 1}`).fill(String(20 + i * 10));
    }
    // Reordering: the last item up and back down.
    await page.getByRole('button', { name: 'Đưa mục 3 lên' }).click();
    await expect(page.getByLabel('Nội dung mục 2').inputValue()).resolves.toBe(AGENDA[2]?.title);
    await page.getByRole('button', { name: 'Đưa mục 2 xuống' }).click();
    await expect(page.getByLabel('Nội dung mục 3').inputValue()).resolves.toBe(AGENDA[2]?.title);
    await page.getByRole('button', { name: 'Bỏ chọn tất cả' }).click();
    await page.getByText('Đã chọn 0 / 5 điểm cầu').waitFor();
    await page.getByRole('button', { name: 'Trung ương và tất cả tỉnh, thành phố' }).click();
    await page.getByText('Đã chọn 4 / 5 điểm cầu').waitFor();
    await page.getByRole('button', { name: 'Chọn cả khu vực Hà Nội' }).click();
    await page.getByText('Đã chọn 5 / 5 điểm cầu').waitFor();
    await screenshot(page, '52-session-form');
    await expectAccessible(page, 'session form');
    await page.getByRole('button', { name: 'Tạo phiên họp' }).click();
    await page.waitForURL(/\/admin\/calendar\/[0-9a-f-]{36}$/);
    const id = sessionIdOf(page);
    const created = (await admin.get(`/api/v1/sessions/${id}`)).body;
    expect(created).toMatchObject({
      title: TITLE,
      kind: 'monthly',
      status: 'scheduled',
      startsAt: vnToIso(DAY, '08:00'),
      endsAt: vnToIso(DAY, '11:00'),
      chair: { username: 'chutri' },
      moderators: [{ username: 'dieuhanh' }],
    });
    expect(created.agenda.map((a: { title: string }) => a.title)).toEqual(
      AGENDA.map((a) => a.title),
    );
    expect(created.agenda.map((a: { presenter: string }) => a.presenter)).toEqual(
      AGENDA.map((a) => a.presenter),
    );
    expect(created.invitedPoints).toHaveLength(5);

    // The session's page: the facts in Vietnam time, and the invitation.
    await page.getByRole('heading', { name: TITLE }).waitFor();
    const shownTime = await page.locator('[data-session-time]').textContent();
    expect(shownTime).toContain(dayLabel(DAY));
    expect(shownTime).toMatch(/08:00.*11:00/);
    await page
      .locator('.invitation')
      .getByText(AGENDA[1]?.title as string)
      .waitFor();
    await screenshot(page, '54-session-detail');
    await expectAccessible(page, 'session detail');

    // The .ics starts at 08:00 in Vietnam.
    {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Tải lịch (.ics)' }).click();
      const ics = await readFile((await (await download).path()) as string, 'utf8');
      const local = `DTSTART;TZID=Asia/Ho_Chi_Minh:${DAY.replaceAll('-', '')}T080000`;
      const utc = `DTSTART:${vnToIso(DAY, '08:00').replace(/[-:]/g, '').replace('.000', '')}`;
      expect(ics.includes(local) || ics.includes(utc), ics).toBe(true);
      expect(ics).toContain('BEGIN:VEVENT');
    }

    // On the month calendar, on its day; then in the week.
    await page.getByRole('link', { name: 'Về lịch họp' }).click();
    const cell = page.locator(`td[data-day="${DAY}"]`);
    await cell.locator(`a[data-session-id="${id}"]`).waitFor();
    await expect(cell.locator(`a[data-session-id="${id}"]`).textContent()).resolves.toContain(
      '08:00–11:00',
    );
    // Keyboard: the arrows move between days.
    await cell.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('td:focus').getAttribute('data-day')).resolves.toBe(addDays(DAY, 1));
    await screenshot(page, '50-calendar-month');
    await expectAccessible(page, 'calendar month');
    await page.getByRole('button', { name: 'Tuần', exact: true }).click();
    await page.locator(`.week-grid td[data-day="${DAY}"] a[data-session-id="${id}"]`).waitFor();
    await screenshot(page, '51-calendar-week');
    await expectAccessible(page, 'calendar week');

    // A second session at an overlapping time with the same points: refused beside the times.
    await page.goto(`${url}/admin/calendar/new`);
    await page.getByLabel('Tên phiên họp').fill('Phiên trùng giờ');
    // Tomorrow is inside the minimum notice: said beside the start time.
    await page.getByLabel('Ngày họp').fill(addDays(vnToday(), 1));
    await page.getByLabel('Giờ bắt đầu').fill('09:00');
    await page.getByLabel('Giờ kết thúc').fill('10:00');
    await page.getByRole('button', { name: 'Tạo phiên họp' }).click();
    await expect(page.locator('[data-problem="start"]').textContent()).resolves.toContain(
      'Họp khẩn',
    );
    await expect(page.getByLabel('Giờ bắt đầu').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Ngày họp').fill(DAY);
    await page.getByLabel('Giờ bắt đầu').fill('09:00');
    await page.getByLabel('Giờ kết thúc').fill('10:00');
    await page.getByRole('button', { name: 'Tạo phiên họp' }).click();
    const clash = page.locator('.time-fields [data-clash]');
    await clash.waitFor();
    await expect(clash.textContent()).resolves.toContain(TITLE);
    await expect(clash.textContent()).resolves.toContain('08:00');
    await expect(clash.getByRole('link').getAttribute('href')).resolves.toBe(
      `/admin/calendar/${id}`,
    );
    expect(page.url()).toMatch(/\/admin\/calendar\/new$/);
    const listed = await admin.get(
      `/api/v1/sessions?from=${encodeURIComponent(vnToIso(DAY))}&to=${encodeURIComponent(vnToIso(addDays(DAY, 1)))}`,
    );
    expect(listed.body.sessions.map((s: { id: string }) => s.id)).toEqual([id]);
    await screenshot(page, '53-session-clash');
    await expectAccessible(page, 'session clash');

    // Edit until live: the form comes back filled in; a later end is saved.
    await clash.getByRole('link').click();
    await page.getByRole('link', { name: 'Sửa', exact: true }).click();
    await expect(page.getByLabel('Tên phiên họp').inputValue()).resolves.toBe(TITLE);
    await expect(page.getByLabel('Nội dung mục 3').inputValue()).resolves.toBe(AGENDA[2]?.title);
    await expect(page.getByLabel('Giờ bắt đầu').inputValue()).resolves.toBe('08:00');
    await page.getByLabel('Giờ kết thúc').fill('11:30');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.waitForURL(new RegExp(`/admin/calendar/${id}$`));
    await page.locator('[data-session-time]', { hasText: '11:30' }).waitFor();
    expect((await admin.get(`/api/v1/sessions/${id}`)).body).toMatchObject({
      endsAt: vnToIso(DAY, '11:30'),
      startsAt: vnToIso(DAY, '08:00'),
    });
    expect((await admin.get(`/api/v1/sessions/${id}`)).body.agenda).toHaveLength(3);

    // Duplicate as next month's: lands on the copy, on the same hours.
    let copyId = '';
    {
      await page.getByRole('button', { name: 'Nhân bản sang tháng sau' }).click();
      await expect(page.getByLabel('Ngày họp của bản sao').inputValue()).resolves.toBe(NEXT);
      await page.getByRole('button', { name: 'Tạo bản sao' }).click();
      await page.waitForURL(
        (u) => /\/admin\/calendar\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(id),
      );
      copyId = sessionIdOf(page);
      await page.getByText(dayLabel(NEXT)).first().waitFor();
      expect(await page.locator('[data-session-time]').textContent()).toMatch(/08:00.*11:30/);
      const copy = (await admin.get(`/api/v1/sessions/${copyId}`)).body;
      expect(copy).toMatchObject({
        title: TITLE,
        startsAt: vnToIso(NEXT, '08:00'),
        endsAt: vnToIso(NEXT, '11:30'),
      });
      expect(copy.agenda).toHaveLength(3);
      await page.goto(`${url}/admin/calendar?view=month&day=${NEXT}`);
      await page.locator(`td[data-day="${NEXT}"] a[data-session-id="${copyId}"]`).waitFor();
    }

    // Cancel the copy: the reason is required.
    await page.locator(`a[data-session-id="${copyId}"]`).click();
    await page.getByRole('button', { name: 'Huỷ phiên họp' }).click();
    await page.getByRole('button', { name: 'Huỷ phiên họp này' }).click();
    await page.getByText('Ghi lý do huỷ trước khi xác nhận.').waitFor();
    expect((await admin.get(`/api/v1/sessions/${copyId}`)).body.status).toBe('scheduled');
    await page
      .getByLabel('Lý do huỷ (gửi tới các điểm cầu)')
      .fill('Trùng lịch làm việc của Lãnh đạo');
    await page.getByRole('button', { name: 'Huỷ phiên họp này' }).click();
    await page.locator('[data-session-status="cancelled"]').waitFor();
    const cancelled = (await admin.get(`/api/v1/sessions/${copyId}`)).body;
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Trùng lịch làm việc của Lãnh đạo',
    });

    // The invited point's console shows the invitation with the agenda.
    const issued = await admin.post('/api/v1/credentials', { pointCodes: ['hue'] });
    expect(issued.status).toBe(201);
    const point = await newConsoleContext(browser);
    await point.page.goto(`${url}/join#${issued.body.credentials[0].token}`);
    await point.page.getByRole('link', { name: 'Vào phiên họp' }).first().click();
    await point.page.waitForURL(new RegExp(`/point/${id}$`));
    await point.page.getByRole('tab', { name: 'Chương trình' }).click();
    const invitation = point.page.locator('.invitation');
    for (const item of AGENDA) await invitation.getByText(item.title).waitFor();
    await expect(invitation.textContent()).resolves.toContain(AGENDA[0]?.presenter);
    await expect(invitation.textContent()).resolves.toContain('Đ/c Nguyễn Văn An');
    await point.page.locator('[data-feed-url]').waitFor();
    await expect(invitation.locator('[data-convener]').textContent()).resolves.toMatch(/\S/);
    await screenshot(point.page, '55-invitation-point');
    await expectAccessible(point.page, 'invitation at the point');
    // The point's own feed address; changing it gives a new one.
    const feed = point.page.locator('[data-feed-url]');
    const before = await feed.inputValue();
    expect(before).toContain('/feeds/');
    await point.page.getByRole('button', { name: 'Đổi địa chỉ' }).click();
    await point.page.locator('dialog[open]').getByRole('button', { name: 'Đổi địa chỉ' }).click();
    await expect.poll(() => feed.inputValue()).not.toBe(before);
    expect((await fetch(before)).status).not.toBe(200);
    expect((await fetch(await feed.inputValue())).status).toBe(200);
    expect([...errors, ...point.errors]).toEqual([]);
  }, 300_000);
});

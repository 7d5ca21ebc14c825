import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrShape } from '../web/src/features/secretariat/credentials/qr.js';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { expectAccessible, newConsoleContext, SCREENSHOTS, screenshot } from './support/web.js';

/**
 * The secretariat hands out operator credentials from the browser: all
 * provinces in one action, a printable sheet with a QR code per point and a
 * CSV, both shown once; the list shows which were used; a reissue stops the
 * old link at once, a revocation too.
 */
let t: TestApp;
let url: string;
let browser: Browser;
let admin: Api;
let provinces: Array<{ code: string; name: string }>;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  browser = await launchChromium();
  admin = await new Api(t.app).loginAdmin();
  // The 2025 registry: the central hall and 34 provinces; a few central bodies and communes besides.
  const csv = await readFile(new URL('../seeds/points-2025.csv', import.meta.url), 'utf8');
  const imported = await admin.post('/api/v1/points/import', csv, { 'content-type': 'text/csv' });
  expect(imported.status).toBe(200);
  const extra = [
    {
      code: 'dang-uy-khoi-cac-co-quan',
      name: 'Đảng ủy Khối các cơ quan Trung ương',
      kind: 'central-body',
      parentCode: 'trung-uong',
    },
    {
      code: 'quan-uy-trung-uong',
      name: 'Quân ủy Trung ương',
      kind: 'central-body',
      parentCode: 'trung-uong',
    },
    {
      code: 'phuong-ba-dinh',
      name: 'Đảng ủy phường Ba Đình',
      kind: 'commune',
      parentCode: 'ha-noi',
    },
    {
      code: 'phuong-hoan-kiem',
      name: 'Đảng ủy phường Hoàn Kiếm',
      kind: 'commune',
      parentCode: 'ha-noi',
    },
    { code: 'xa-buon-don', name: 'Đảng ủy xã Buôn Đôn', kind: 'commune', parentCode: 'dak-lak' },
  ];
  for (const p of extra) expect((await admin.post('/api/v1/points', p)).status).toBe(201);
  const listed = await admin.get('/api/v1/points?kind=province&limit=1000');
  provinces = listed.body.points.map((p: { code: string; name: string }) => ({
    code: p.code,
    name: p.name,
  }));
  expect(provinces.length).toBeGreaterThanOrEqual(10);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function meStatus(token: string): Promise<number> {
  return (await admin.as(token).get('/api/v1/auth/me')).status;
}

async function confirmIn(page: Page, name: string) {
  await page.locator('dialog[open]').getByRole('button', { name, exact: true }).click();
}

describe('the credentials page', () => {
  it('issues for all provinces at once, prints, exports, lists use, reissues and revokes', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await page.goto(`${url}/`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/sessions$/);
    await page.goto(`${url}/admin/credentials`);
    await page.getByRole('heading', { name: 'Mã truy cập của điểm cầu' }).waitFor();
    await page.getByText('Chưa có mã truy cập nào khớp bộ lọc.').waitFor();

    // The choice: the preview counts what each selection reaches before anything is issued.
    await page.getByRole('link', { name: 'Cấp mã mới' }).click();
    const preview = page.locator('.issue-preview');
    await page.getByLabel('Tất cả xã, phường của một tỉnh, thành phố').check();
    await page.getByLabel('Tỉnh, thành phố', { exact: true }).selectOption('ha-noi');
    await expect.poll(() => preview.getAttribute('data-count')).toBe('2');
    await page.getByLabel('Tất cả cơ quan Trung ương').check();
    await expect.poll(() => preview.getAttribute('data-count')).toBe('2');
    await page.getByLabel('Chọn từng điểm cầu trong danh sách').check();
    await page.getByLabel('Tìm theo tên hoặc mã').fill('dak lak');
    await page.getByLabel(/Tỉnh ủy Đắk Lắk/).check();
    await expect.poll(() => preview.getAttribute('data-count')).toBe('1');
    await page.getByLabel('Tất cả tỉnh, thành phố').check();
    await expect.poll(() => preview.getAttribute('data-count')).toBe(String(provinces.length));
    await page.getByLabel(/Ghi chú cho đợt cấp/).fill('Đợt tháng 12');
    await screenshot(page, '40-credentials-select');
    await expectAccessible(page, 'credentials: the choice');

    // One action: one card per province, each with its QR code and short code.
    await page.getByRole('button', { name: 'Cấp mã truy cập' }).click();
    await page
      .getByRole('heading', { name: `Phiếu mã truy cập — ${provinces.length} điểm cầu` })
      .waitFor();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('MỘT LẦN');
    const cards = page.locator('article.credential-card');
    expect(await cards.count()).toBe(provinces.length);
    expect(await page.locator('article.credential-card svg.qr').count()).toBe(provinces.length);
    const cardCodes = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(new Set(cardCodes)).toEqual(new Set(provinces.map((p) => p.code)));
    const links = new Map<string, string>();
    for (const code of cardCodes as string[]) {
      const card = page.locator(`article.credential-card[data-code="${code}"]`);
      const link = (await card.locator('[data-join-link]').textContent()) ?? '';
      expect(link).toMatch(new RegExp(`^${url}/join#.{20,}$`));
      expect(await card.locator('[data-short-code]').textContent()).toMatch(
        /^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/,
      );
      links.set(code, link);
    }
    expect(new Set(links.values()).size).toBe(provinces.length);
    // The QR code drawn is the join link's own.
    const hueCard = page.locator('article.credential-card[data-code="hue"]');
    expect(await hueCard.locator('svg.qr path').getAttribute('d')).toBe(
      qrShape(links.get('hue') as string).path,
    );
    await expect(hueCard.textContent()).resolves.toContain(
      `vào ${url.replace('http://', '')} và nhập mã`,
    );
    await screenshot(page, '41-credentials-sheet');
    await expectAccessible(page, 'credentials: the sheet');

    // The join link signs a point's console in.
    const point = await newConsoleContext(browser);
    await point.page.goto(links.get('hue') as string);
    await point.page.waitForURL(/\/point(\/|$)/);

    // The CSV: BOM, header, one row per province with the same link.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải tệp CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ma-truy-cap-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Mã điểm cầu,Tên điểm cầu,Đường dẫn tham dự,Mã ngắn');
    expect(lines).toHaveLength(provinces.length + 1);
    const hueRow = lines.find((l) => l.startsWith('hue,'));
    expect(hueRow?.split(',')[2]).toBe(links.get('hue'));
    expect(hueRow).toContain(',Thành ủy Huế,');

    // Printed: the cards alone, four to an A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'In phiếu' }).isVisible()).toBe(false);
    expect(await hueCard.isVisible()).toBe(true);
    await screenshot(page, '42-credentials-print');
    const pdf = (
      await page.pdf({ path: `${SCREENSHOTS}/42-credentials-print.pdf`, preferCSSPageSize: true })
    ).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    expect(pages).toBe(Math.ceil(provinces.length / 4));
    await page.emulateMedia({ media: 'screen' });

    // Closing the sheet asks first; the list then shows the point that used its link.
    await page.getByRole('button', { name: 'Đóng phiếu' }).click();
    await confirmIn(page, 'Đã lưu, đóng phiếu');
    const rows = page.locator('.credential-table tbody tr');
    await expect.poll(() => rows.count()).toBe(provinces.length);
    const hueRowInList = page.locator('.credential-table tr[data-code="hue"]');
    // The server records uses in batches every few seconds: the clerk reloads until it shows.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Tải lại' }).click();
          await page
            .getByRole('button', { name: 'Tải lại' })
            .and(page.locator(':enabled'))
            .waitFor();
          return hueRowInList.locator('[data-last-used]').getAttribute('data-last-used');
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .not.toBe('');
    await expect(hueRowInList.locator('[data-last-used]').textContent()).resolves.not.toBe(
      'chưa dùng',
    );
    await expect(
      page.locator('.credential-table tr[data-code="ha-noi"] [data-last-used]').textContent(),
    ).resolves.toBe('chưa dùng');
    await expect(
      page.locator('.credential-table tr[data-code="ha-noi"] td').first().textContent(),
    ).resolves.toBe('Đợt tháng 12');

    // Reissue one point: the old link is refused at once, the new one works.
    const oldHue = (links.get('hue') as string).split('#')[1] as string;
    expect(await meStatus(oldHue)).toBe(200);
    await hueRowInList.getByRole('button', { name: 'Cấp lại' }).click();
    await confirmIn(page, 'Cấp lại');
    await page.getByRole('heading', { name: 'Phiếu mã truy cập — 1 điểm cầu' }).waitFor();
    const newLink =
      (await page
        .locator('article.credential-card[data-code="hue"] [data-join-link]')
        .textContent()) ?? '';
    const newHue = newLink.split('#')[1] as string;
    expect(newHue).not.toBe(oldHue);
    expect(await meStatus(oldHue)).toBe(401);
    expect(await meStatus(newHue)).toBe(200);
    await page.getByRole('button', { name: 'Đóng phiếu' }).click();
    await confirmIn(page, 'Đã lưu, đóng phiếu');

    // Revoke one from the list: its link stops; with the revoked shown, both stops are listed.
    const haNoi = (links.get('ha-noi') as string).split('#')[1] as string;
    expect(await meStatus(haNoi)).toBe(200);
    await page
      .locator('.credential-table tr[data-code="ha-noi"]')
      .getByRole('button', { name: 'Thu hồi' })
      .click();
    await confirmIn(page, 'Thu hồi');
    await page.getByText('Đã thu hồi mã truy cập của Thành ủy Hà Nội.').waitFor();
    expect(await meStatus(haNoi)).toBe(401);
    await expect
      .poll(() => page.locator('.credential-table tr[data-code="ha-noi"]').count())
      .toBe(0);
    await page.getByLabel('Hiện cả mã đã thu hồi').check();
    await expect.poll(() => rows.count()).toBe(provinces.length + 1);
    await expect
      .poll(() => page.locator('.credential-table [data-revoked="true"]').count())
      .toBe(2);
    await expect.poll(() => page.locator('.credential-table tr[data-code="hue"]').count()).toBe(2);
    // The filters: by kind, and by the parent unit.
    await page.getByLabel('Loại điểm cầu').selectOption('commune');
    await page.getByText('Chưa có mã truy cập nào khớp bộ lọc.').waitFor();
    await page.getByLabel('Loại điểm cầu').selectOption('province');
    await expect.poll(() => rows.count()).toBe(provinces.length + 1);
    // The reissued point: its new credential, and the old one used, then revoked.
    await page.locator('.credential-table tr[data-code="hue"]').last().scrollIntoViewIfNeeded();
    await screenshot(page, '43-credentials-list');
    await expectAccessible(page, 'credentials: the list');
    expect([...errors, ...point.errors]).toEqual([]);
    await point.context.close();
  }, 300_000);
});

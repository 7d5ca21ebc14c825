import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { exeBytes, pdfBytes } from './support/materials.js';
import { expectAccessible, newConsoleContext, prepareBriefing, screenshot } from './support/web.js';

/**
 * Materials and reports in the browser: the secretariat uploads a document
 * (a renamed executable is refused in Vietnamese), a point's console
 * downloads it and the secretariat sees the receipt; the point sends its
 * report and the secretariat downloads all reports as one zip.
 */
const POINTS = [
  { code: 'hue', name: 'Thành uỷ Huế' },
  { code: 'da-nang', name: 'Thành uỷ Đà Nẵng' },
] as const;
const TITLE = 'Giao ban công tác tổ chức tháng 12';
const MATERIAL = 'Chương trình hội nghị';
const FILE = 'Chương trình hội nghị – tháng 12.pdf';

let t: TestApp;
let url: string;
let admin: Api;
let browser: Browser;
let sessionId: string;
let secretariat: { page: Page; errors: string[] };
let operator: { page: Page; errors: string[] };

beforeAll(async () => {
  t = await startTestApp({
    listen: true,
    configure: (config) => {
      config.materials.maxBytes = 32 * 1024;
    },
  });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  sessionId = await prepareBriefing(admin, POINTS, { title: TITLE, agenda: [] });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function logIn(page: Page) {
  await page.goto(`${url}/`);
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/sessions$/);
}

describe('materials and reports in the consoles', () => {
  it('the secretariat uploads a material; a renamed executable is refused in Vietnamese', async () => {
    secretariat = await newConsoleContext(browser);
    const { page } = secretariat;
    await logIn(page);
    await page.goto(`${url}/admin/calendar`);
    await page.getByRole('link', { name: 'Tài liệu & báo cáo' }).click();
    await page.getByLabel('Chọn phiên họp').selectOption({ value: sessionId });
    await page.waitForURL(new RegExp(`/admin/materials/${sessionId}$`));

    await page.getByLabel('Tên tài liệu').fill('Tài liệu giả mạo');
    await page.getByLabel('Tệp (PDF, DOCX, XLSX, PPTX hoặc ảnh)').setInputFiles({
      name: 'bao-cao.pdf',
      mimeType: 'application/pdf',
      buffer: exeBytes,
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    const alert = page.locator('.upload-form ~ .error[role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('Loại tệp không được chấp nhận');
    await screenshot(page, 'materials-01-wrong-type');

    // Too large for the limit (32 KB here): refused over real HTTP, in Vietnamese.
    await page.getByLabel('Tệp (PDF, DOCX, XLSX, PPTX hoặc ảnh)').setInputFiles({
      name: 'lon.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('big', 2 * 1024 * 1024),
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByText('Tệp quá lớn so với giới hạn cho phép').waitFor();

    await page.getByLabel('Tên tài liệu').fill(MATERIAL);
    await page.getByLabel('Tệp (PDF, DOCX, XLSX, PPTX hoặc ảnh)').setInputFiles({
      name: FILE,
      mimeType: 'application/pdf',
      buffer: pdfBytes('chuong-trinh'),
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.locator(`.materials-table tr[data-material="${MATERIAL}"]`).waitFor();
    await expect(page.locator('.upload-form + .upload-status').textContent()).resolves.toBe(
      `Đã tải lên “${FILE}”.`,
    );
    await expect(page.locator('.upload-form ~ .error').count()).resolves.toBe(0);
    await screenshot(page, 'materials-02-uploaded');
    await expectAccessible(page, 'materials page');
  }, 120_000);

  it("a point's console downloads it, and the secretariat sees the receipt", async () => {
    // The desk's readiness board is open before the download: its "Tài liệu" column updates live.
    const desk = (await newConsoleContext(browser)).page;
    await logIn(desk);
    await desk.goto(`${url}/desk/${sessionId}`);
    const cell = (code: string) => desk.locator(`tr[data-code="${code}"] td[data-materials]`);
    await cell('hue').waitFor();
    await expect(cell('hue').textContent()).resolves.toBe('0/1');

    const { token } = (await admin.post('/api/v1/points/hue/credentials')).body;
    operator = await newConsoleContext(browser);
    const { page } = operator;
    await page.goto(`${url}/join#${token}`);
    await page.waitForURL(`${url}/point/${sessionId}`);
    await page.locator('summary', { hasText: 'Tài liệu' }).click();
    const item = page.locator(`.material-list li[data-material="${MATERIAL}"]`);
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Chưa tải');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.getByRole('button', { name: `Tải về: ${MATERIAL}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(FILE);
    const saved = await download.path();
    expect(readFileSync(saved).equals(pdfBytes('chuong-trinh'))).toBe(true);
    await item.getByText(/Đã nhận lúc/).waitFor();
    await screenshot(page, 'materials-03-operator-materials');
    await expectAccessible(page, 'operator materials');
    await desk.locator('tr[data-code="hue"] td[data-materials]', { hasText: '1/1' }).waitFor();
    await expect(cell('da-nang').textContent()).resolves.toBe('0/1');
    await screenshot(desk, 'materials-05-desk-board');
    await desk.context().close();

    const staff = secretariat.page;
    await staff.reload();
    const row = (code: string) => staff.locator(`.receipts-table tr[data-code="${code}"]`);
    await row('hue').waitFor();
    await expect(row('hue').locator('td.count').textContent()).resolves.toBe('1/1');
    await expect(row('hue').textContent()).resolves.toContain(`${MATERIAL} — bản 1, lúc`);
    await expect(row('da-nang').locator('td.count').textContent()).resolves.toBe('0/1');
    await expect(
      staff.locator(`.materials-table tr[data-material="${MATERIAL}"]`).textContent(),
    ).resolves.toContain('1/3 điểm cầu');
    await staff.locator('.receipts-table').scrollIntoViewIfNeeded();
    await screenshot(staff, 'materials-04-receipts');
  }, 120_000);

  it('the point sends its report; the secretariat sees who reported and downloads the zip', async () => {
    const staff = secretariat.page;
    // A deadline tomorrow (Vietnam time), set in the page.
    const tomorrow = new Date(Date.now() + 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    await staff.getByLabel('Hạn nộp báo cáo (giờ Việt Nam)').fill(`${tomorrow}T17:00`);
    await staff.getByRole('button', { name: 'Lưu hạn nộp' }).click();
    await staff.getByText('Đã lưu hạn nộp.').waitFor();
    const deadline = (await admin.get(`/api/v1/sessions/${sessionId}/reports`)).body.deadline;
    expect(deadline).toBe(new Date(`${tomorrow}T10:00:00Z`).toISOString());

    const { page } = operator;
    await page.reload();
    await page.locator('summary', { hasText: 'Báo cáo' }).click();
    await expect(page.locator('.report-state').textContent()).resolves.toBe(
      'Điểm cầu chưa nộp báo cáo.',
    );
    await page.getByLabel('Tệp báo cáo (PDF, DOCX, XLSX, PPTX hoặc ảnh)').setInputFiles({
      name: 'Báo cáo Huế.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('bao-cao-hue'),
    });
    await page.getByLabel('Nội dung báo cáo (nếu không gửi tệp)').fill('Đã triển khai đủ 100%.');
    await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await page.locator('.report-state[data-status="onTime"]').waitFor();
    await expect(page.locator('.report-state').textContent()).resolves.toContain('Đúng hạn');
    await screenshot(page, 'materials-06-operator-report');
    await expectAccessible(page, 'operator report');

    await staff.reload();
    const status = (code: string) =>
      staff.locator(`.reports-table tr[data-code="${code}"]`).getAttribute('data-status');
    await staff.locator('.reports-table').waitFor();
    await expect(status('hue')).resolves.toBe('onTime');
    await expect(status('da-nang')).resolves.toBe('missing');
    await expect(staff.locator('[data-summary="reports"]').textContent()).resolves.toBe(
      'Đã nộp 1/3 · đúng hạn 1 · muộn 0 · chưa nộp 2',
    );
    const [zip] = await Promise.all([
      staff.waitForEvent('download'),
      staff.getByRole('button', { name: 'Tải tất cả (.zip)' }).click(),
    ]);
    // The session's day in Vietnam names the file.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date((await admin.get(`/api/v1/sessions/${sessionId}`)).body.startsAt),
    );
    expect(zip.suggestedFilename()).toBe(`Báo cáo ${day}.zip`);
    const dir = mkdtempSync(path.join(tmpdir(), 'web-reports-'));
    const file = path.join(dir, 'all.zip');
    await zip.saveAs(file);
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    expect(names.sort()).toEqual([
      'hue - Thành uỷ Huế/Báo cáo Huế.pdf',
      'hue - Thành uỷ Huế/Báo cáo.txt',
    ]);
    await staff.locator('.reports-table').scrollIntoViewIfNeeded();
    await screenshot(staff, 'materials-07-reports');
    await expectAccessible(staff, 'reports section');
    expect([...secretariat.errors, ...operator.errors]).toEqual([]);
  }, 120_000);

  it('a new version: the earlier stays downloadable, and the receipts count waits for the new one', async () => {
    const staff = secretariat.page;
    const row = staff.locator(`.materials-table tr[data-material="${MATERIAL}"]`);
    await row.getByLabel(`Tải lên phiên bản mới: ${MATERIAL}`).setInputFiles({
      name: 'Chương trình (sửa đổi).pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('ban-2'),
    });
    await row.getByText('bản 2', { exact: true }).waitFor();
    await expect(
      staff.locator('.receipts-table tr[data-code="hue"] td.count').textContent(),
    ).resolves.toBe('0/1');
    await row.getByText('Các phiên bản (2)').click();
    const [first] = await Promise.all([
      staff.waitForEvent('download'),
      row.getByRole('button', { name: 'Tải bản 1' }).click(),
    ]);
    expect(first.suggestedFilename()).toBe(FILE);
    expect(readFileSync(await first.path()).equals(pdfBytes('chuong-trinh'))).toBe(true);
    await row.scrollIntoViewIfNeeded();
    await screenshot(staff, 'materials-08-versions');
    await expectAccessible(staff, 'materials versions');

    // The point's console offers the new version, not yet received.
    const { page } = operator;
    await page.reload();
    await page.locator('summary', { hasText: 'Tài liệu' }).click();
    const item = page.locator(`.material-list li[data-material="${MATERIAL}"]`);
    await expect(item.textContent()).resolves.toContain('Chương trình (sửa đổi).pdf');
    await expect(item.textContent()).resolves.toContain('Chưa tải');
    expect([...secretariat.errors, ...operator.errors]).toEqual([]);
  }, 120_000);
});

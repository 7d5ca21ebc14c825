import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';

/**
 * The secretariat's registry of connection points, as a clerk uses it: a
 * CSV with one bad line is refused line by line and writes nothing; fixed,
 * it imports 69 points that appear in the tree; the clerk finds one, records
 * its operator and standing delegates, and deactivates another.
 */
let t: TestApp;
let url: string;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const CENTRAL_BODIES = [
  'Văn phòng Trung ương Đảng',
  'Ban Tuyên giáo và Dân vận Trung ương',
  'Ban Nội chính Trung ương',
  'Ban Chính sách, chiến lược Trung ương',
  'Ủy ban Kiểm tra Trung ương',
  'Ban Đối ngoại Trung ương',
  'Đảng ủy Quân sự Trung ương',
  'Đảng ủy Công an Trung ương',
  'Đảng ủy Chính phủ',
  'Đảng ủy Quốc hội',
];

/** The central hall and 34 provinces of 2025, and 34 central bodies: 69 points. */
async function registryCsv(badKind = false): Promise<string> {
  const seed = (await readFile(new URL('../seeds/points-2025.csv', import.meta.url), 'utf8'))
    .trim()
    .split(/\r?\n/);
  const header = 'code,name,kind,parent_code,operator_name,operator_phone';
  const lines = seed.slice(1).map((line) => `${line},,`);
  for (let i = 0; i < 34; i++) {
    const name = CENTRAL_BODIES[i] ?? `Đảng ủy cơ quan Trung ương số ${i + 1}`;
    const kind = badKind && i === 4 ? 'ban-nganh' : 'central-body';
    lines.push(`tw-${String(i + 1).padStart(2, '0')},"${name}",${kind},trung-uong,,`);
  }
  return [header, ...lines, ''].join('\n');
}

describe('the registry of connection points', () => {
  it('imports a checked CSV, shows the tree, edits a point and deactivates one', async () => {
    const admin = await new Api(t.app).loginAdmin();
    const { page, errors } = await newConsoleContext(browser);
    await page.goto(`${url}/`);
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/sessions$/);
    await page.goto(`${url}/admin/registry`);
    await page.getByText('Danh mục chưa có điểm cầu nào.').waitFor();

    // A file with an unknown kind on one line: every problem by line, nothing written.
    await page.getByRole('link', { name: 'Nhập từ tệp CSV' }).click();
    const bad = await registryCsv(true);
    expect(bad.split('\n')[40]).toContain('ban-nganh'); // line 41 of the file
    await page.getByLabel('Chọn tệp CSV trên máy').setInputFiles({
      name: 'diem-cau.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad, 'utf8'),
    });
    await expect
      .poll(() => page.getByLabel('Hoặc dán nội dung tệp vào đây').inputValue())
      .toBe(bad);
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    const problem = page.locator('.import-problem-table tbody tr');
    await problem.first().waitFor();
    await expect(problem.count()).resolves.toBe(1);
    await expect(problem.first().getAttribute('data-line')).resolves.toBe('41');
    await expect(problem.first().locator('td').nth(1).textContent()).resolves.toBe('kind');
    await expect(problem.first().locator('td').nth(2).textContent()).resolves.toMatch(
      /^Loại không hợp lệ/,
    );
    await page.getByText('Chưa có gì được ghi vào danh mục.', { exact: false }).waitFor();
    expect((await admin.get('/api/v1/points')).body.total).toBe(0);
    await screenshot(page, '30-registry-import-error');
    await expectAccessible(page, 'registry import error');

    // Fixed (pasted): the check counts 69 new points and writes nothing; then the import.
    await page.getByLabel('Hoặc dán nội dung tệp vào đây').fill(await registryCsv());
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await page.locator('[data-count="created"] strong').getByText('69').waitFor();
    await expect(page.locator('.import-rows tbody tr').count()).resolves.toBe(69);
    expect((await admin.get('/api/v1/points')).body.total).toBe(0);
    await screenshot(page, '30-registry-import-preview');
    await expectAccessible(page, 'registry import preview');
    await page.getByRole('button', { name: 'Nhập 69 điểm cầu' }).click();
    await page.getByText(/Đã nhập xong: thêm mới 69/).waitFor();
    expect((await admin.get('/api/v1/points')).body.total).toBe(69);

    // The tree: the central hall open, its 68 points below; provinces closed.
    await page.getByRole('link', { name: 'Về danh mục điểm cầu' }).first().click();
    await page.locator('.registry-summary[data-total="69"]').waitFor();
    const rows = page.locator('.registry-table tbody tr');
    await expect.poll(() => rows.count()).toBe(69);
    await expect(page.locator('tr[data-code="trung-uong"] td.num').textContent()).resolves.toBe(
      '68',
    );
    await screenshot(page, '31-registry-tree');
    await expectAccessible(page, 'registry tree');

    // Search without diacritics; the match and the hall above it.
    await page.getByLabel('Tìm theo tên hoặc mã').fill('thanh uy hue');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByText('Tìm thấy 1 điểm cầu.').waitFor();
    await page.getByRole('link', { name: 'Thành ủy Huế' }).click();
    await page.waitForURL(/\/admin\/registry\/point\/hue$/);
    const form = page.locator('.point-editor[data-editing="hue"]');
    await form.getByLabel('Mã điểm cầu').waitFor();
    await expect(form.getByLabel('Tên điểm cầu').inputValue()).resolves.toBe('Thành ủy Huế');
    await form.getByLabel('Họ và tên', { exact: true }).fill('Lê Văn Kỹ');
    await form.getByLabel('Số điện thoại').fill('0234 382 2222');
    await form.getByRole('button', { name: 'Thêm người' }).click();
    await form.getByLabel('Họ và tên người thứ 1').fill('Nguyễn Văn Phương');
    await form.getByLabel('Chức vụ người thứ 1').fill('Phó Bí thư Thường trực');
    await form.getByRole('button', { name: 'Thêm người' }).click();
    await form.getByLabel('Họ và tên người thứ 2').fill('Người sẽ xoá');
    await form.getByRole('button', { name: 'Thêm người' }).click();
    await form.getByLabel('Họ và tên người thứ 3').fill('Trần Thị Hoa');
    await form.getByLabel('Chức vụ người thứ 3').fill('Trưởng Ban Tổ chức');
    await form.getByRole('button', { name: 'Xoá người thứ 2 khỏi danh sách' }).click();
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await form.getByText('Đã lưu thay đổi.').waitFor();
    const hue = (await admin.get('/api/v1/points/hue')).body;
    expect(hue).toMatchObject({
      operatorName: 'Lê Văn Kỹ',
      operatorPhone: '0234 382 2222',
      roster: [
        { name: 'Nguyễn Văn Phương', title: 'Phó Bí thư Thường trực' },
        { name: 'Trần Thị Hoa', title: 'Trưởng Ban Tổ chức' },
      ],
    });
    await screenshot(page, '32-registry-edit');
    await expectAccessible(page, 'registry edit');

    // A new point with a code already taken: the refusal beside the code, in Vietnamese.
    await page.getByRole('link', { name: 'Thêm điểm cầu', exact: true }).click();
    const create = page.locator('.point-editor[data-editing=""]');
    await create.getByLabel('Mã điểm cầu').fill('hue');
    await create.getByLabel('Tên điểm cầu').fill('Trùng mã');
    await create.getByRole('button', { name: 'Thêm điểm cầu' }).click();
    await create
      .locator('.field-error')
      .getByText('Mã "hue" đã có trong danh mục', { exact: false })
      .waitFor();
    await expect(create.getByLabel('Mã điểm cầu').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    expect((await admin.get('/api/v1/points')).body.total).toBe(69);

    // Deactivate a central body (asks first); the tree marks it.
    await page.getByLabel('Tìm theo tên hoặc mã').fill('tw-05');
    await page.getByRole('link', { name: 'Ủy ban Kiểm tra Trung ương' }).click();
    await page.waitForURL(/\/point\/tw-05$/);
    await page.getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await page.getByText('Điểm cầu đã ngừng hoạt động.').waitFor();
    expect((await admin.get('/api/v1/points/tw-05')).body.active).toBe(false);
    await page.locator('tr[data-code="tw-05"].inactive .inactive-badge').waitFor();
    await page.getByLabel('Trạng thái', { exact: true }).selectOption('inactive');
    await page.getByLabel('Tìm theo tên hoặc mã').fill('');
    await page.getByText('Tìm thấy 1 điểm cầu.').waitFor();
    await screenshot(page, '33-registry-deactivated');
    await expectAccessible(page, 'registry deactivated');
    expect(errors).toEqual([]);
  }, 240_000);
});

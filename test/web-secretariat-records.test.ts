import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, inDays } from './support/api.js';
import { ADMIN_PASSWORD, baseUrl, startTestApp, type TestApp } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { TestClient } from './support/sockets.js';
import { expectAccessible, newConsoleContext, screenshot } from './support/web.js';

/**
 * After a short briefing (two points check in, one reports its absence with
 * a reason, one never comes; two speeches; a roll call one point misses),
 * the secretariat reads the record in the browser, sorts it, downloads it
 * as CSV and Excel and reads both files back; then reads the audit log in
 * plain Vietnamese.
 */
const POINTS = [
  { code: 'ha-noi', name: 'Thành uỷ Hà Nội' },
  { code: 'hue', name: 'Thành uỷ Huế' },
  { code: 'ca-mau', name: 'Tỉnh uỷ Cà Mau' },
  { code: 'da-nang', name: 'Thành uỷ Đà Nẵng' },
] as const;
const TITLE = 'Giao ban công tác tổ chức tháng 11';
const REASON = 'Mất điện toàn tỉnh';

let t: TestApp;
let url: string;
let admin: Api;
let browser: Browser;
let sessionId: string;
const clients: TestClient[] = [];

/** The briefing, run through the API and the points' sockets as the consoles would. */
async function runBriefing(): Promise<void> {
  for (const p of POINTS) {
    const created = await admin.post('/api/v1/points', { ...p, kind: 'province' });
    expect(created.status).toBe(201);
  }
  const created = await admin.post('/api/v1/sessions', {
    title: TITLE,
    kind: 'monthly',
    urgent: true,
    startsAt: inDays(0, 1),
    endsAt: inDays(0, 3),
    invitedPointCodes: POINTS.map((p) => p.code),
    agenda: [{ title: 'Báo cáo kết quả tháng 11' }, { title: 'Thảo luận', plannedSpeeches: 2 }],
  });
  expect(created.status).toBe(201);
  sessionId = created.body.id;
  expect(
    (await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'checkin' })).status,
  ).toBe(200);
  const point = new Map<string, TestClient>();
  for (const code of ['ha-noi', 'hue', 'ca-mau']) {
    const { token } = (await admin.post(`/api/v1/points/${code}/credentials`)).body;
    const client = await TestClient.connect(url, token, sessionId);
    clients.push(client);
    await client.firstSnapshot;
    point.set(code, client);
  }
  const emit = async (code: string, event: string, payload: Record<string, unknown>) => {
    const ack = await (point.get(code) as TestClient).emit(event, { sessionId, ...payload });
    if (!ack.ok) throw new Error(`${code} ${event}: ${JSON.stringify(ack)}`);
    return ack.ok ? ack.data : null;
  };
  await emit('ha-noi', 'attendance:check-in', {
    delegates: [{ name: 'Nguyễn Văn An', title: 'Trưởng ban' }, { name: 'Lê Thị Bình' }],
  });
  await emit('hue', 'attendance:check-in', { delegates: [{ name: 'Trần Văn Cường' }] });
  await emit('ca-mau', 'attendance:absent', { reason: REASON });
  expect(
    (await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'live' })).status,
  ).toBe(200);

  const staff = await TestClient.connect(url, admin.token as string);
  clients.push(staff);
  expect((await staff.emit('session:join', { sessionId })).ok).toBe(true);
  for (const [code, agendaPosition] of [
    ['hue', 2],
    ['ha-noi', undefined],
  ] as const) {
    const entry = await emit(code, 'speaker:request', {
      topic: `Ý kiến của ${code}`,
      ...(agendaPosition ? { agendaPosition } : {}),
    });
    const granted = await staff.emit('speaker:grant', { sessionId, entryId: entry.entryId });
    expect(granted.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await staff.emit('speaker:end', { sessionId })).ok).toBe(true);
  }
  const call = await staff.emit('rollcall:start', { sessionId, seconds: 5 });
  if (!call.ok) throw new Error(JSON.stringify(call));
  const closed = staff.next('rollcall:closed', () => true, 20_000);
  await emit('ha-noi', 'rollcall:answer', { rollCallId: call.data.rollCallId });
  await closed;
  expect(
    (await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'ended' })).status,
  ).toBe(200);
  for (const c of clients) c.close();
}

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  url = baseUrl(t.app);
  admin = await new Api(t.app).loginAdmin();
  await runBriefing();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.close();
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

const pointOrder = (page: Page, table: string) =>
  page
    .locator(`${table} tbody tr`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));

/** Splits one CSV line (quoted fields may hold commas). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

describe('the records of a briefing', () => {
  it('the clerk reads the attendance in Vietnamese, sorts it, and downloads it as CSV and Excel', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await logIn(page);
    await page.goto(`${url}/admin/records`);
    await page.getByLabel('Chọn phiên họp').selectOption({ value: sessionId });
    await page.waitForURL(new RegExp(`/admin/records/${sessionId}$`));
    await page.getByRole('heading', { name: TITLE }).waitFor();

    const table = '.attendance-table';
    const status = (code: string) => page.locator(`${table} tr[data-code="${code}"] td`).first();
    await expect(status('ha-noi').textContent()).resolves.toBe('Có mặt');
    await expect(status('hue').textContent()).resolves.toBe('Có mặt');
    await expect(status('ca-mau').textContent()).resolves.toBe(`Vắng có lý doLý do: ${REASON}`);
    await expect(status('da-nang').textContent()).resolves.toBe('Vắng mặt');
    const summary = (name: string) => page.locator(`[data-summary="${name}"] dd`).textContent();
    await expect(summary('invited')).resolves.toBe('4');
    await expect(summary('present')).resolves.toBe('2');
    await expect(summary('excused')).resolves.toBe('1');
    await expect(page.locator(`${table} tr[data-code="ha-noi"]`).textContent()).resolves.toContain(
      'Nguyễn Văn An (Trưởng ban), Lê Thị Bình',
    );

    // Sorting by point name, then back; by status puts the present first.
    const header = (name: string) =>
      page.locator(`${table} thead th`).filter({ has: page.getByRole('button', { name }) });
    // The server lists by code; a click on a header sorts by that column.
    await expect(pointOrder(page, table)).resolves.toEqual(['ca-mau', 'da-nang', 'ha-noi', 'hue']);
    await page
      .locator(table)
      .getByRole('button', { name: /^Điểm cầu/ })
      .click();
    await expect(header('Điểm cầu').getAttribute('aria-sort')).resolves.toBe('ascending');
    // Đ comes after D and before H; "Tỉnh" after "Thành".
    await expect(pointOrder(page, table)).resolves.toEqual(['da-nang', 'ha-noi', 'hue', 'ca-mau']);
    await page
      .locator(table)
      .getByRole('button', { name: /^Điểm cầu/ })
      .click();
    await expect(header('Điểm cầu').getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(pointOrder(page, table)).resolves.toEqual(['ca-mau', 'hue', 'ha-noi', 'da-nang']);
    // Statuses in the record's order (present, late, excused, absent), here reversed.
    await page
      .locator(table)
      .getByRole('button', { name: /^Trạng thái/ })
      .click();
    await page
      .locator(table)
      .getByRole('button', { name: /^Trạng thái/ })
      .click();
    await expect(header('Trạng thái').getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(header('Điểm cầu').getAttribute('aria-sort')).resolves.toBe('none');
    await expect(pointOrder(page, table)).resolves.toEqual(['da-nang', 'ca-mau', 'ha-noi', 'hue']);
    await page
      .locator(table)
      .getByRole('button', { name: /^Đại biểu/ })
      .click();
    await page
      .locator(table)
      .getByRole('button', { name: /^Đại biểu/ })
      .click();
    await expect(pointOrder(page, table)).resolves.toEqual(['ha-noi', 'hue', 'ca-mau', 'da-nang']);
    await screenshot(page, '60-records-attendance');
    await expectAccessible(page, 'records');

    // The downloads, read back.
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Điểm danh' }),
    });
    const download = async (label: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        section.getByRole('button', { name: label }).click(),
      ]);
      return { name: file.suggestedFilename(), path: (await file.path()) as string };
    };
    const csv = await download('Tải CSV');
    expect(csv.name).toMatch(/\.csv$/);
    const lines = (await readFile(csv.path, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const head = csvFields(lines[0] as string);
    expect(head.join(',')).toMatch(/điểm cầu/i);
    expect(head).not.toContain('status');
    expect(head.join(',')).toMatch(/Trạng thái/);
    const statusColumn = head.findIndex((h) => /Trạng thái/.test(h));
    const csvStatus = (code: string) =>
      csvFields(lines.find((l) => csvFields(l).includes(code)) as string)[statusColumn];
    expect(csvStatus('ha-noi')).toBe('Có mặt');
    expect(csvStatus('ca-mau')).toBe('Vắng có lý do');
    expect(csvStatus('da-nang')).toBe('Vắng mặt');
    await expect(page.getByRole('status').filter({ hasText: csv.name }).count()).resolves.toBe(1);

    const xlsx = await download('Tải Excel (.xlsx)');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx.path);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    const xHead = rows.find((r) => r.some((c) => /Trạng thái/.test(c))) as string[];
    expect(xHead.join('|')).toMatch(/điểm cầu/i);
    const xStatus = xHead.findIndex((h) => /Trạng thái/.test(h));
    const xRow = (code: string) => rows.find((r) => r.includes(code)) as string[];
    expect(xRow('hue')[xStatus]).toBe('Có mặt');
    expect(xRow('ca-mau')[xStatus]).toBe('Vắng có lý do');
    expect(xRow('da-nang')[xStatus]).toBe('Vắng mặt');

    // The machine-readable form stays available.
    const en = await admin.get(`/api/v1/sessions/${sessionId}/attendance?format=csv&labels=en`);
    expect(en.status).toBe(200);
    const enLines = (en.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(enLines[0]).toMatch(/^code,name,/);
    expect(enLines[0]).toContain('status');
    const enHead = csvFields(enLines[0] as string);
    const enStatus = (code: string) =>
      csvFields(enLines.find((l) => l.startsWith(`${code},`)) as string)[enHead.indexOf('status')];
    expect([enStatus('hue'), enStatus('ca-mau'), enStatus('da-nang')]).toEqual([
      'present',
      'excused',
      'absent',
    ]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the speeches and roll calls, sortable, and the speeches downloadable', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await logIn(page);
    await page.goto(`${url}/admin/records/${sessionId}`);
    const table = '.speakers-table';
    await page.locator(`${table} tbody tr`).nth(1).waitFor();
    await expect(pointOrder(page, table)).resolves.toEqual(['hue', 'ha-noi']);
    await expect(page.locator(`${table} tr[data-code="hue"]`).textContent()).resolves.toContain(
      '2. Thảo luận',
    );
    await page
      .locator(table)
      .getByRole('button', { name: /^Bắt đầu/ })
      .click();
    await page
      .locator(table)
      .getByRole('button', { name: /^Bắt đầu/ })
      .click();
    await expect(pointOrder(page, table)).resolves.toEqual(['ha-noi', 'hue']);
    // The roll call: one of the three connected points answered… of four invited.
    const rollcall = page.locator('.rollcalls-table tbody tr').first();
    await expect(rollcall.textContent()).resolves.toMatch(/1\/4/);
    await expect(rollcall.textContent()).resolves.toContain('Thành uỷ Huế');
    await page.locator('.rollcalls-table').scrollIntoViewIfNeeded();
    await screenshot(page, '61-records-speakers');
    await expectAccessible(page, 'records speakers');
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'Lượt phát biểu' }),
    });
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Tải CSV' }).click(),
    ]);
    const text = await readFile((await file.path()) as string, 'utf8');
    expect(text).toContain('Ý kiến của hue');
    expect(text).toContain('Thành uỷ Hà Nội');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the audit log says in plain Vietnamese who created a point and who changed a status', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await logIn(page);
    await page.goto(`${url}/admin/audit`);
    const list = page.locator('ol.audit-list');
    await list.getByText(`Văn phòng (admin) đã tạo điểm cầu hue — Thành uỷ Huế`).waitFor();
    await list
      .getByText(
        `Văn phòng (admin) đã đổi trạng thái phiên họp '${TITLE}': Đã lên lịch → Đang điểm danh`,
      )
      .waitFor();
    await list
      .getByText(`Điểm cầu ca-mau — Tỉnh uỷ Cà Mau đã báo vắng, lý do: ${REASON}`)
      .waitFor();
    // The raw record one click away.
    const entry = list.locator('li[data-action="point.create"]').filter({ hasText: 'hue' });
    await entry.getByText('Chi tiết').click();
    await expect(entry.locator('pre').textContent()).resolves.toContain('"Thành uỷ Huế"');
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await screenshot(page, '62-audit');
    await expectAccessible(page, 'audit');

    // Only the sessions' entries.
    await page.getByLabel('Loại đối tượng').selectOption('session');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await list.locator('li[data-action="point.create"]').first().waitFor({ state: 'detached' });
    const actions = await list
      .locator('li')
      .evaluateAll((l) => l.map((e) => e.getAttribute('data-action')));
    expect(new Set(actions)).toEqual(new Set(['session.create', 'session.status']));
    expect(actions.filter((a) => a === 'session.status')).toHaveLength(3);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the clerk issues the record (biên bản PDF), downloads it and reads it back; after a change it says so and issues version 2', async () => {
    const { page, errors } = await newConsoleContext(browser);
    await logIn(page);
    await page.goto(`${url}/admin/records/${sessionId}`);
    const section = page.locator('section.record-pdf');
    await section.getByText('Chưa lập biên bản nào cho phiên họp này.').waitFor();
    await section.getByRole('button', { name: 'Lập biên bản' }).click();
    await section.locator('tr[data-record-version="1"]').waitFor();
    const stored = (await admin.get(`/api/v1/sessions/${sessionId}/record`)).body.versions[0];
    await expect(section.locator('tr[data-record-version="1"]').textContent()).resolves.toContain(
      stored.sha256,
    );
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '64-records-pdf');
    await expectAccessible(page, 'records pdf');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Tải biên bản PDF (phiên bản 1)' }).click(),
    ]);
    const path = (await file.path()) as string;
    const bytes = await readFile(path);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(stored.sha256);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' })
      .normalize('NFC')
      .replace(/\s+/g, ' ');
    for (const expected of [
      TITLE,
      'Thành uỷ Huế',
      'Trần Văn Cường',
      `Lý do: ${REASON}`,
      'Vắng có lý do',
    ]) {
      expect(text).toContain(expected);
    }
    // The registry changes a name: the page says the record is behind, and a new issue is version 2.
    expect(
      (await admin.patch('/api/v1/points/hue', { name: 'Thành uỷ Thừa Thiên Huế' })).status,
    ).toBe(200);
    await page.reload();
    await section.getByText(/Dữ liệu đã thay đổi sau khi lập phiên bản 1/).waitFor();
    await screenshot(page, '65-records-pdf-stale');
    await section.getByRole('button', { name: 'Lập lại biên bản' }).click();
    await section.locator('tr[data-record-version="2"]').waitFor();
    await expect(section.getByText(/Dữ liệu đã thay đổi/).count()).resolves.toBe(0);
    expect((await admin.patch('/api/v1/points/hue', { name: 'Thành uỷ Huế' })).status).toBe(200);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});

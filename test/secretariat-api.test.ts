import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { liveBriefing } from './support/briefing.js';

/**
 * What the secretariat's pages need from the API: the operator's contact and
 * the standing roster in the registry, an import preview that writes
 * nothing, credentials reissued in bulk with a short code, sessions
 * duplicated, invitations and feeds as iCalendar, and records in Excel with
 * Vietnamese labels.
 */
let t: TestApp;
let admin: Api;

beforeAll(async () => {
  t = await startTestApp({ listen: true, env: { SEED_POINTS: '2025' } });
  admin = await new Api(t.app).loginAdmin();
});

afterAll(async () => {
  await t?.close();
});

const roster = [{ name: 'Nguyễn Văn An', title: 'Trưởng Ban Tổ chức' }, { name: 'Trần Thị Bình' }];

describe('the registry keeps the operator contact and the standing roster', () => {
  it('stores them on edit, shows them, audits them, and prefills the check-in form', async () => {
    const edited = await admin.patch('/api/v1/points/hue', {
      operatorName: 'Lê Văn Kỹ',
      operatorPhone: '+84 234 3822 123',
      roster,
    });
    expect(edited.status).toBe(200);
    const hue = (await admin.get('/api/v1/points/hue')).body;
    expect([hue.operatorName, hue.operatorPhone, hue.roster]).toEqual([
      'Lê Văn Kỹ',
      '+84 234 3822 123',
      roster,
    ]);
    const { entries } = (await admin.get('/api/v1/audit?entityType=point&entityId=hue')).body;
    expect(entries[0].changes.roster.after).toEqual(roster);

    const point = await admin.point('hue');
    const prefill = (await point.get('/api/v1/attendance/last-delegates')).body;
    expect(prefill).toMatchObject({ source: 'roster', delegates: roster });
    const other = await admin.point('ha-noi');
    expect((await other.get('/api/v1/attendance/last-delegates')).body).toMatchObject({
      source: 'none',
      delegates: [],
    });
  });

  it('refuses a bad phone or roster with 400 and changes nothing', async () => {
    for (const body of [
      { operatorPhone: 'gọi tôi' },
      { roster: [{ name: '' }] },
      { roster: [{ name: 'A', rank: 'x' }] },
    ]) {
      const res = await admin.patch('/api/v1/points/hue', body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await admin.get('/api/v1/points/hue')).body.operatorPhone).toBe('+84 234 3822 123');
  });
});

describe('CSV import preview', () => {
  const csv = (rows: string[]) =>
    ['code,name,kind,parent_code,operator_name,operator_phone', ...rows].join('\n');

  it('a dry run answers what each line would do and writes nothing', async () => {
    const before = (await admin.get('/api/v1/points?limit=1')).body.total;
    const auditBefore = (await admin.get('/api/v1/audit?limit=1')).body.entries[0].id;
    const res = await admin.post(
      '/api/v1/points/import?dryRun=true',
      csv([
        'ha-noi,Thành ủy Hà Nội,province,trung-uong,Phạm Thị Hà,024 3825 1234',
        'xa-moi,Xã Mới,commune,ha-noi,,',
      ]),
      { 'content-type': 'text/csv' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1, unchanged: 0, dryRun: true });
    expect(res.body.rows).toEqual([
      { line: 2, code: 'ha-noi', name: 'Thành ủy Hà Nội', action: 'update' },
      { line: 3, code: 'xa-moi', name: 'Xã Mới', action: 'create' },
    ]);
    expect((await admin.get('/api/v1/points?limit=1')).body.total).toBe(before);
    expect((await admin.get('/api/v1/points/ha-noi')).body.operatorName).toBeNull();
    expect((await admin.get('/api/v1/audit?limit=1')).body.entries[0].id).toBe(auditBefore);

    const real = await admin.post(
      '/api/v1/points/import',
      csv(['ha-noi,Thành ủy Hà Nội,province,trung-uong,Phạm Thị Hà,024 3825 1234']),
      { 'content-type': 'text/csv' },
    );
    expect(real.body).toMatchObject({ updated: 1, dryRun: false });
    expect((await admin.get('/api/v1/points/ha-noi')).body).toMatchObject({
      operatorName: 'Phạm Thị Hà',
      operatorPhone: '024 3825 1234',
    });
  });

  it('a bad line is reported by line, in the dry run and for real, and nothing is written', async () => {
    const before = (await admin.get('/api/v1/points?limit=1')).body.total;
    for (const url of ['/api/v1/points/import?dryRun=true', '/api/v1/points/import']) {
      const res = await admin.post(
        url,
        csv([
          'xa-a,Xã A,commune,ha-noi,,',
          'xa-b,Xã B,village,ha-noi,,',
          'xa-c,Xã C,commune,,,abc',
        ]),
        { 'content-type': 'text/csv' },
      );
      expect([res.status, res.body.code]).toEqual([422, 'CSV_INVALID']);
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['line 3: kind', 'line 4: operator_phone']));
    }
    expect((await admin.get('/api/v1/points?limit=1')).body.total).toBe(before);
  });
});

describe('credentials: reissue and short codes', () => {
  it('reissuing revokes the earlier credentials at once; the short code works like the token', async () => {
    const first = (
      await admin.post('/api/v1/credentials', { pointCodes: ['lang-son', 'cao-bang'] })
    ).body.credentials;
    expect(first[0].shortCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // As an operator types it (the start page drops the spaces people add).
    const typed = first[0].shortCode.toLowerCase().replaceAll('-', '');
    expect((await admin.as(typed).get('/api/v1/auth/me')).body.point.code).toBe('lang-son');

    const second = await admin.post('/api/v1/credentials', {
      pointCodes: ['lang-son', 'cao-bang'],
      replace: true,
    });
    expect(second.status).toBe(201);
    for (const old of first) {
      expect((await admin.as(old.token).get('/api/v1/auth/me')).status).toBe(401);
      expect((await admin.as(old.shortCode).get('/api/v1/auth/me')).status).toBe(401);
    }
    const fresh = second.body.credentials[1];
    expect((await admin.as(fresh.shortCode).get('/api/v1/auth/me')).body.point.code).toBe(
      'cao-bang',
    );
    // The list shows both points' credentials with their last use, never a token.
    const langSon = async () =>
      (await admin.get('/api/v1/credentials?kind=province')).body.credentials.filter(
        (c: { code: string }) => c.code === 'lang-son',
      );
    const listed = await langSon();
    expect(listed).toHaveLength(2);
    expect(listed[0].revokedAt).toBeNull();
    expect(listed[1].revokedAt).not.toBeNull();
    // Last use is written in batches every few seconds.
    await expect
      .poll(async () => (await langSon())[1].lastUsedAt, { timeout: 20_000 })
      .not.toBeNull();
    expect((await langSon())[0].lastUsedAt).toBeNull();
    const valid = (await admin.get('/api/v1/credentials?kind=province&revoked=false')).body;
    expect(valid.credentials.every((c: { revokedAt: null }) => c.revokedAt === null)).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(fresh.token);
  });
});

describe('sessions duplicated, invitations and feeds as iCalendar', () => {
  let sessionId: string;
  // 08:00 in Vietnam, 40 days ahead.
  const day = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  const startsAt = new Date(`${day}T08:00:00+07:00`).toISOString();
  const endsAt = new Date(`${day}T11:00:00+07:00`).toISOString();

  beforeAll(async () => {
    await admin.user('chu-tri', 'chair');
    const created = await admin.post('/api/v1/sessions', {
      title: 'Giao ban tháng 1',
      kind: 'monthly',
      startsAt,
      endsAt,
      chairUsername: 'chu-tri',
      invitedPointCodes: ['trung-uong', 'hue', 'ha-noi'],
      agenda: [
        { title: 'Báo cáo tình hình', presenter: 'Vụ Tổng hợp', plannedMinutes: 30 },
        { title: 'Thảo luận', plannedSpeeches: 5 },
      ],
      speech: { seconds: 300 },
    });
    expect(created.status).toBe(201);
    expect(created.body.convener).toBe('Ban Tổ chức Trung ương');
    sessionId = created.body.id;
  });

  it('duplicates a session a month later with its agenda, chair, points and rules', async () => {
    const next = new Date(Date.parse(startsAt) + 28 * 86_400_000).toISOString();
    const res = await admin.post(`/api/v1/sessions/${sessionId}/duplicate`, {
      startsAt: next,
      title: 'Giao ban tháng 2',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Giao ban tháng 2',
      kind: 'monthly',
      status: 'scheduled',
      startsAt: next,
      endsAt: new Date(Date.parse(next) + 3 * 3_600_000).toISOString(),
      chair: { username: 'chu-tri' },
      speech: { seconds: 300 },
    });
    expect(res.body.agenda.map((a: { title: string }) => a.title)).toEqual([
      'Báo cáo tình hình',
      'Thảo luận',
    ]);
    expect(res.body.invitedPoints.map((p: { code: string }) => p.code)).toEqual([
      'ha-noi',
      'hue',
      'trung-uong',
    ]);
    // Duplicating onto the original's own time clashes, naming it.
    const clash = await admin.post(`/api/v1/sessions/${sessionId}/duplicate`, { startsAt });
    expect([clash.status, clash.body.code]).toEqual([409, 'SESSION_CLASH']);
    expect(clash.body.clashes[0].title).toBe('Giao ban tháng 1');
  });

  it('the invitation downloads as .ics with the time, convener, chair and agenda', async () => {
    const point = await admin.point('hue');
    const res = await point.get(`/api/v1/sessions/${sessionId}/invitation.ics`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/calendar');
    expect(String(res.headers['content-disposition'])).toContain('.ics');
    const ics = unfold(res.body);
    const utc = `${new Date(startsAt).toISOString().replaceAll(/[-:]/g, '').slice(0, 15)}Z`;
    expect(ics).toContain(`DTSTART:${utc}`);
    expect(utc.slice(9, 13)).toBe('0100'); // 08:00 in Vietnam is 01:00 UTC
    expect(ics).toContain('Giao ban tháng 1');
    expect(ics).toContain('Ban Tổ chức Trung ương');
    expect(ics).toContain('08:00');
    expect(ics).toContain('1. Báo cáo tình hình (trình bày: Vụ Tổng hợp\\; 30 phút)');
    expect(ics).toContain(`/point/${sessionId}`);
    // A point not invited cannot see it.
    const other = await admin.point('lang-son');
    expect((await other.get(`/api/v1/sessions/${sessionId}/invitation.ics`)).status).toBe(404);
  });

  it("a point's and a person's feed list their sessions by a secret URL; rotating ends the old one", async () => {
    const point = await admin.point('hue');
    const { url } = (await point.get('/api/v1/calendar-feed')).body;
    expect(url).toMatch(/\/api\/v1\/feeds\/[A-Za-z0-9_-]{20,}\.ics$/);
    expect((await point.get('/api/v1/calendar-feed')).body.url).toBe(url);
    const path = new URL(url).pathname;
    const feed = await fetch(local(url));
    expect(feed.status).toBe(200);
    const body = unfold(await feed.text());
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(body).toContain('Giao ban tháng 2');
    // The secretariat hands the same URL to the point's operators.
    expect((await admin.get('/api/v1/points/hue/calendar-feed')).body.url).toBe(url);
    // A point not invited to anything has an empty calendar.
    const lonely = await admin.point('dien-bien');
    const empty = await fetch(local((await lonely.get('/api/v1/calendar-feed')).body.url));
    expect(await empty.text()).not.toContain('BEGIN:VEVENT');

    const chair = await admin.login('chu-tri', 'chu-tri-password');
    const chairFeed = await fetch(local((await chair.get('/api/v1/calendar-feed')).body.url));
    expect(unfold(await chairFeed.text()).match(/BEGIN:VEVENT/g)).toHaveLength(2);

    const rotated = (await point.post('/api/v1/calendar-feed/rotate')).body.url;
    expect(rotated).not.toBe(url);
    expect((await fetch(`${baseUrl(t.app)}${path}`)).status).toBe(404);
    expect((await fetch(local(rotated))).status).toBe(200);
    expect((await fetch(`${baseUrl(t.app)}/api/v1/feeds/nope.ics`)).status).toBe(400);
  });
});

describe('records in Excel and CSV, Vietnamese by default', () => {
  it('the attendance and speeches open with Vietnamese headers and statuses; labels=en keeps the machine form', async () => {
    const url = baseUrl(t.app);
    const b = await liveBriefing(admin, url, ['son-la', 'lai-chau'], {
      day: 60,
      absent: ['quang-ninh'],
    });
    const lai = b.points.get('lai-chau');
    const entry = await lai?.emit('speaker:request', { sessionId: b.sessionId, topic: 'Nhân sự' });
    if (!entry?.ok) throw new Error(JSON.stringify(entry));
    await admin.post(`/api/v1/sessions/${b.sessionId}/status`, { status: 'ended' });
    for (const c of b.points.values()) c.close();

    const csv = await admin.get(`/api/v1/sessions/${b.sessionId}/attendance?format=csv`);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Mã điểm cầu,Tên điểm cầu,Loại,Trạng thái,Giờ điểm danh,/);
    const table: string[][] = parse(csv.body, { bom: true });
    const status = (code: string) => table.find((row) => row[0] === code)?.[3];
    expect([status('son-la'), status('quang-ninh')]).toEqual(['Có mặt', 'Vắng mặt']);
    expect(table.find((row) => row[0] === 'son-la')?.[2]).toBe('Tỉnh, thành phố');

    const xlsx = await fetch(`${url}/api/v1/sessions/${b.sessionId}/attendance?format=xlsx`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('Điểm danh');
    if (!sheet) throw new Error('no sheet');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 5)).toEqual([
      'Mã điểm cầu',
      'Tên điểm cầu',
      'Loại',
      'Trạng thái',
      'Giờ điểm danh',
    ]);
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    expect(rows.size).toBe(3);
    expect(rows.get('lai-chau')?.[3]).toBe('Có mặt');
    expect(rows.get('quang-ninh')?.[3]).toBe('Vắng mặt');
    // The check-in time is a date cell showing Vietnam's wall clock.
    const json = (await admin.get(`/api/v1/sessions/${b.sessionId}/attendance`)).body;
    const checkedIn = json.points.find((p: { code: string }) => p.code === 'son-la').checkedInAt;
    const cell = rows.get('son-la')?.[4] as Date;
    expect(Math.abs(cell.getTime() - (Date.parse(checkedIn) + 7 * 3_600_000))).toBeLessThan(1000);

    const en = await admin.get(`/api/v1/sessions/${b.sessionId}/attendance?format=csv&labels=en`);
    expect(en.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^code,name,kind,status,/);
    expect(en.body).toContain(',absent,');

    const speeches = await admin.get(`/api/v1/sessions/${b.sessionId}/speakers?format=csv`);
    const speechLines = speeches.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(speechLines[0]).toMatch(/^Mã điểm cầu,Điểm cầu,Trạng thái,Nội dung,/);
    expect(speechLines[1]).toContain('lai-chau,');
    expect(speechLines[1]).toContain('Chưa được phát biểu,Nhân sự');
    const bad = await admin.get(`/api/v1/sessions/${b.sessionId}/speakers?format=pdf`);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

/** A URL the server built for its own address, reached where the test server listens. */
function local(url: string): string {
  const u = new URL(url);
  return `${baseUrl(t.app)}${u.pathname}${u.search}`;
}

/** iCalendar folds long lines at 75 octets: join them back. */
function unfold(ics: string): string {
  return ics.replaceAll(/\r\n[ \t]/g, '');
}

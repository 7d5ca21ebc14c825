import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedFiles } from '../src/db/schema.js';
import { Api, inDays } from './support/api.js';
import { startTestApp, type TestApp } from './support/app.js';
import { docxBytes, exeBytes, pdfBytes, pngBytes, postForm } from './support/materials.js';

/**
 * Materials with receipts and the points' written reports, against the real
 * server and PostgreSQL: versions kept, each point's first download of each
 * version recorded once (also under concurrency) and shown on the readiness
 * board, other sessions' points kept out, bad files refused with nothing
 * stored; reports on time, late and missing, and the zip of them all.
 */
const MAX = 64 * 1024;
let t: TestApp;
let admin: Api;
let sessionId: string;
let otherSessionId: string;
const invited = ['hue', 'ha-noi', 'son-la', 'lang-son'];
const points = new Map<string, Api>();
let outsider: Api;
let mainId: string;
let imageId: string;

const storedCount = async () =>
  (await t.app.database.db.select({ n: count() }).from(storedFiles))[0]?.n;
const put = (api: Api, url: string, body: unknown) => api.request('PUT' as 'PATCH', url, body);
const download = (api: Api, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${api.token}` } });

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED_POINTS: '2025' },
    configure: (config) => {
      config.materials.maxBytes = MAX;
    },
  });
  admin = await new Api(t.app).loginAdmin();
  const session = (codes: string[], day: number) =>
    admin.post('/api/v1/sessions', {
      title: `Giao ban tài liệu ${day}`,
      kind: 'monthly',
      urgent: true,
      startsAt: inDays(day),
      endsAt: inDays(day, 3),
      invitedPointCodes: codes,
    });
  sessionId = (await session(invited, 3)).body.id;
  otherSessionId = (await session(['cao-bang'], 5)).body.id;
  for (const code of invited) points.set(code, await admin.point(code));
  outsider = await admin.point('cao-bang');
});

afterAll(async () => {
  await t?.close();
});

const base = () => `/api/v1/sessions/${sessionId}/materials`;
const pointApi = (code: string) => points.get(code) as Api;
const board = async () => {
  const res = await admin.get(`/api/v1/sessions/${sessionId}/attendance`);
  expect(res.status).toBe(200);
  return Object.fromEntries(
    (res.body.points as Array<{ code: string; materials: unknown }>).map((p) => [
      p.code,
      p.materials,
    ]),
  );
};

describe('materials with receipts', () => {
  it('keeps versions and records each point’s first download of each version, once', async () => {
    const first = await postForm(
      t.app,
      base(),
      admin.token as string,
      { title: 'Báo cáo sơ kết quý III' },
      {
        name: 'Báo cáo sơ kết – quý III.pdf',
        bytes: pdfBytes('v1'),
      },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.version).toBe(1);
    mainId = first.body.id;
    const image = await postForm(
      t.app,
      base(),
      admin.token as string,
      { title: 'Sơ đồ hội trường' },
      {
        name: 'sơ đồ.png',
        bytes: pngBytes,
      },
    );
    expect(image.status).toBe(201);
    imageId = image.body.id;
    expect(await board()).toMatchObject({ hue: { received: 0, of: 2 } });

    // hue takes version 1 before version 2 exists
    const v1 = await download(pointApi('hue'), `${base()}/${mainId}/download`);
    expect(v1.statusCode).toBe(200);
    expect(v1.rawPayload.toString('latin1')).toContain('% v1');
    expect(v1.headers['content-type']).toBe('application/pdf');
    expect(v1.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Báo cáo sơ kết – quý III.pdf')}`,
    );

    const second = await postForm(
      t.app,
      `${base()}/${mainId}/versions`,
      admin.token as string,
      {},
      {
        name: 'Báo cáo sơ kết (bản sửa).docx',
        bytes: docxBytes('v2'),
      },
    );
    expect([second.status, second.body.version]).toEqual([201, 2]);

    // hue twice at once, then once more: one receipt for version 2
    const hue = await Promise.all(
      [0, 1, 2].map(() => download(pointApi('hue'), `${base()}/${mainId}/download`)),
    );
    expect(hue.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(hue[0]?.rawPayload.toString('latin1')).toContain('v2');
    await download(pointApi('hue'), `${base()}/${mainId}/download`);
    expect((await download(pointApi('ha-noi'), `${base()}/${mainId}/download`)).statusCode).toBe(
      200,
    );
    expect((await download(pointApi('son-la'), `${base()}/${mainId}/download`)).statusCode).toBe(
      200,
    );
    expect((await download(pointApi('son-la'), `${base()}/${imageId}/download`)).statusCode).toBe(
      200,
    );
    // A point cannot ask for an earlier version; the secretariat can.
    expect(
      (await download(pointApi('ha-noi'), `${base()}/${mainId}/download?version=1`)).statusCode,
    ).toBe(404);
    const old = await download(admin, `${base()}/${mainId}/download?version=1`);
    expect([old.statusCode, old.rawPayload.toString('latin1').includes('% v1')]).toEqual([
      200,
      true,
    ]);

    // A HEAD fetches no file: lang-son has received nothing.
    const head = await t.app.inject({
      method: 'HEAD',
      url: `${base()}/${mainId}/download`,
      headers: { authorization: `Bearer ${pointApi('lang-son').token}` },
    });
    expect(head.statusCode).toBe(200);
    const receipts = (await admin.get(`${base()}/receipts`)).body;
    const byCode = Object.fromEntries(
      receipts.points.map(
        (p: {
          code: string;
          received: number;
          of: number;
          receipts: Array<{ title: string; version: number }>;
        }) => [
          p.code,
          {
            received: p.received,
            of: p.of,
            versions: p.receipts.map((r) => `${r.title}#${r.version}`).sort(),
          },
        ],
      ),
    );
    expect(byCode).toEqual({
      hue: {
        received: 1,
        of: 2,
        versions: ['Báo cáo sơ kết quý III#1', 'Báo cáo sơ kết quý III#2'],
      },
      'ha-noi': { received: 1, of: 2, versions: ['Báo cáo sơ kết quý III#2'] },
      'son-la': {
        received: 2,
        of: 2,
        versions: ['Báo cáo sơ kết quý III#2', 'Sơ đồ hội trường#1'],
      },
      'lang-son': { received: 0, of: 2, versions: [] },
    });
    expect(await board()).toEqual({
      hue: { received: 1, of: 2 },
      'ha-noi': { received: 1, of: 2 },
      'son-la': { received: 2, of: 2 },
      'lang-son': { received: 0, of: 2 },
    });

    // People see every version; a point the current one and when it received it.
    const staff = (await admin.get(base())).body.materials;
    expect(
      staff
        .find((m: { id: string }) => m.id === mainId)
        .versions.map((v: { version: number }) => v.version),
    ).toEqual([2, 1]);
    const seen = (await pointApi('ha-noi').get(base())).body.materials;
    expect(
      seen.map((m: { title: string; versions: unknown[]; receivedAt: string | null }) => [
        m.title,
        m.versions.length,
        m.receivedAt !== null,
      ]),
    ).toEqual([
      ['Báo cáo sơ kết quý III', 1, true],
      ['Sơ đồ hội trường', 1, false],
    ]);

    const audit = (await admin.get(`/api/v1/audit?entityType=material&entityId=${mainId}`)).body
      .entries;
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual([
      'material.upload',
      'material.version',
    ]);
  });

  it('keeps other sessions’ points out with 404', async () => {
    expect((await outsider.get(base())).status).toBe(404);
    expect((await download(outsider, `${base()}/${mainId}/download`)).statusCode).toBe(404);
    expect(
      (await outsider.get(`/api/v1/sessions/${otherSessionId}/materials`)).body.materials,
    ).toEqual([]);
    // the material through the other session's URL is not found either
    expect(
      (await download(outsider, `/api/v1/sessions/${otherSessionId}/materials/${mainId}/download`))
        .statusCode,
    ).toBe(404);
    expect((await outsider.get(`${base()}/receipts`)).status).toBe(403);
  });

  it('refuses too-large and wrong-type files with stable codes and stores nothing', async () => {
    const before = {
      stored: await storedCount(),
      list: (await admin.get(base())).body.materials.length,
    };
    const big = await postForm(
      t.app,
      base(),
      admin.token as string,
      { title: 'Quá lớn' },
      {
        name: 'lon.pdf',
        bytes: pdfBytes('big', MAX + 10),
      },
    );
    expect([big.status, big.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
    for (const name of ['tai-lieu.pdf', 'tai-lieu.docx', 'chuong-trinh.exe']) {
      const res = await postForm(
        t.app,
        base(),
        admin.token as string,
        { title: 'x' },
        { name, bytes: exeBytes },
      );
      expect([name, res.status, res.body.code]).toEqual([name, 415, 'FILE_TYPE_NOT_ALLOWED']);
    }
    const none = await postForm(t.app, base(), admin.token as string, { title: 'Không có tệp' });
    expect([none.status, none.body.code]).toEqual([400, 'FILE_MISSING']);
    const nul = await postForm(
      t.app,
      base(),
      admin.token as string,
      { title: 'a\u0000b' },
      {
        name: 'a.pdf',
        bytes: pdfBytes(),
      },
    );
    expect([nul.status, nul.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const byPoint = await postForm(
      t.app,
      base(),
      pointApi('hue').token as string,
      {},
      { name: 'a.pdf', bytes: pdfBytes() },
    );
    expect(byPoint.status).toBe(403);
    const json = await admin.post(base(), { title: 'json' });
    expect(json.status).toBe(415);
    expect({
      stored: await storedCount(),
      list: (await admin.get(base())).body.materials.length,
    }).toEqual(before);
  });

  it('a withdrawn material leaves the points’ list and the board', async () => {
    expect((await admin.delete(`${base()}/${imageId}`)).status).toBe(204);
    expect((await admin.delete(`${base()}/${imageId}`)).status).toBe(404);
    expect(
      (await pointApi('son-la').get(base())).body.materials.map((m: { id: string }) => m.id),
    ).toEqual([mainId]);
    expect((await download(pointApi('son-la'), `${base()}/${imageId}/download`)).statusCode).toBe(
      404,
    );
    expect(await board()).toMatchObject({
      'son-la': { received: 1, of: 1 },
      'lang-son': { received: 0, of: 1 },
    });
  });
});

describe('the points’ written reports', () => {
  const reports = () => `/api/v1/sessions/${sessionId}/reports`;

  it('records on time and late, lists who is missing, and zips the two', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      (await put(admin, `/api/v1/sessions/${sessionId}/report-deadline`, { deadline: future }))
        .status,
    ).toBe(200);
    expect(
      (
        await put(pointApi('hue'), `/api/v1/sessions/${sessionId}/report-deadline`, {
          deadline: null,
        })
      ).status,
    ).toBe(403);

    const draft = await postForm(t.app, reports(), pointApi('hue').token as string, {
      text: 'Bản nháp',
    });
    expect(draft.status).toBe(201);
    const onTime = await postForm(
      t.app,
      reports(),
      pointApi('hue').token as string,
      {
        text: 'Tỉnh Thừa Thiên Huế đã hoàn thành 95% chỉ tiêu.',
      },
      { name: 'Báo cáo Huế.pdf', bytes: pdfBytes('hue-report') },
    );
    expect([onTime.status, onTime.body.onTime]).toEqual([201, true]);

    const past = new Date(Date.now() - 60_000).toISOString();
    await put(admin, `/api/v1/sessions/${sessionId}/report-deadline`, { deadline: past });
    const late = await postForm(
      t.app,
      reports(),
      pointApi('ha-noi').token as string,
      {},
      {
        name: 'Báo cáo Hà Nội.docx',
        bytes: docxBytes('hn-report'),
      },
    );
    expect([late.status, late.body.onTime]).toEqual([201, false]);

    const empty = await postForm(t.app, reports(), pointApi('son-la').token as string, {
      text: '   ',
    });
    expect([empty.status, empty.body.code]).toEqual([400, 'REPORT_EMPTY']);
    const wrong = await postForm(
      t.app,
      reports(),
      pointApi('son-la').token as string,
      {},
      { name: 'x.pdf', bytes: exeBytes },
    );
    expect([wrong.status, wrong.body.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    expect((await postForm(t.app, reports(), outsider.token as string, { text: 'x' })).status).toBe(
      404,
    );
    // 200,000 × 3 bytes: over the field limit, refused rather than cut short.
    const long = await postForm(t.app, reports(), pointApi('son-la').token as string, {
      text: 'ầ'.repeat(200_000),
    });
    expect([long.status, long.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const list = (await admin.get(reports())).body;
    expect(list.deadline).toBe(past);
    expect(list.summary).toEqual({ invited: 4, reported: 2, onTime: 1, late: 1, missing: 2 });
    expect(
      list.reports.map(
        (r: { code: string; reported: boolean; onTime: boolean | null; earlier: number }) => [
          r.code,
          r.reported,
          r.onTime,
          r.earlier,
        ],
      ),
    ).toEqual([
      ['ha-noi', true, false, 0],
      ['hue', true, true, 1],
      ['lang-son', false, null, 0],
      ['son-la', false, null, 0],
    ]);
    const own = (await pointApi('hue').get(reports())).body;
    expect(own.reports.map((r: { code: string }) => r.code)).toEqual(['hue']);

    const zip = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sessions/${sessionId}/reports.zip`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const dir = mkdtempSync(path.join(tmpdir(), 'reports-'));
    const file = path.join(dir, 'reports.zip');
    writeFileSync(file, zip.rawPayload);
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort();
    const name = (code: string) => list.reports.find((r: { code: string }) => r.code === code).name;
    expect(names).toEqual(
      [
        `ha-noi - ${name('ha-noi')}/Báo cáo Hà Nội.docx`,
        `hue - ${name('hue')}/Báo cáo Huế.pdf`,
        `hue - ${name('hue')}/Báo cáo.txt`,
      ].sort(),
    );
    execFileSync('unzip', ['-tq', file]);
    const text = execFileSync('unzip', ['-p', file, `hue - ${name('hue')}/Báo cáo.txt`], {
      encoding: 'utf8',
    });
    expect(text).toBe('Tỉnh Thừa Thiên Huế đã hoàn thành 95% chỉ tiêu.');
    const pdf = execFileSync('unzip', ['-p', file, `hue - ${name('hue')}/Báo cáo Huế.pdf`]);
    expect(pdf.equals(pdfBytes('hue-report'))).toBe(true);
  });
});

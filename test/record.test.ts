import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { liveBriefing } from './support/briefing.js';
import { pdfBytes, postForm } from './support/materials.js';
import { TestClient, waitUntil } from './support/sockets.js';
import { SCREENSHOTS } from './support/web.js';
import { verifySignature, WebhookReceiver } from './support/webhook-receiver.js';

/**
 * The session's record as a PDF: after a briefing, its text (as pdftotext
 * reads it) holds the Vietnamese names, statuses, reasons, speeches and the
 * content hash exactly; the file's SHA-256 is the one stored; each issue is
 * a version of its own, and only the secretariat and the chair get it.
 */
let t: TestApp;
let admin: Api;
const receiver = new WebhookReceiver();
const SECRET = 'bí-mật-của-hệ-thống-tỉnh';
let url: string;
const open: TestClient[] = [];
const dir = mkdtempSync(join(tmpdir(), 'giaoban-record-'));

beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2025' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
  url = baseUrl(t.app);
  await receiver.start();
  const hook = await admin.post('/api/v1/webhooks', {
    url: receiver.url,
    secret: SECRET,
    events: ['conclusions.published', 'record.ready', 'session.status'],
  });
  expect(hook.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await receiver.stop();
  for (const c of open) c.close();
  await t?.close();
});

const pdfText = (pdf: Buffer) => {
  const file = join(dir, `${createHash('sha256').update(pdf).digest('hex')}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
  })
    .normalize('NFC')
    .replace(/\s+/g, ' ');
};
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** The raw bytes of a download (Api parses JSON and text only). */
const download = (api: Api, path: string) =>
  t.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${api.token}` } });

describe('the record of a briefing (biên bản)', () => {
  let sessionId: string;
  let chair: Api;
  let moderator: Api;

  beforeAll(async () => {
    chair = await admin.user('chu-tri-bb', 'chair');
    moderator = await admin.user('dieu-hanh-bb', 'moderator');
    const b = await liveBriefing(admin, url, ['ha-noi', 'hue'], {
      day: 5,
      chair: 'chu-tri-bb',
      moderators: ['dieu-hanh-bb'],
      absent: ['dak-lak', 'quang-ngai'],
    });
    sessionId = b.sessionId;
    for (const c of b.points.values()) open.push(c);
    const hue = b.points.get('hue') as TestClient;
    const haNoi = b.points.get('ha-noi') as TestClient;
    // Huế's list again, with the real names.
    expect(
      (
        await hue.emit('attendance:check-in', {
          sessionId,
          delegates: [
            { name: 'Nguyễn Thị Hồng Nhung', title: 'Phó Trưởng ban Tổ chức' },
            { name: 'Đặng Quốc Việt' },
          ],
        })
      ).ok,
    ).toBe(true);
    // Đắk Lắk sends its reason; Quảng Ngãi never connects.
    const { token } = (await admin.post('/api/v1/points/dak-lak/credentials')).body;
    const dakLak = await TestClient.connect(url, token, sessionId);
    open.push(dakLak);
    await dakLak.firstSnapshot;
    expect(
      (await dakLak.emit('attendance:absent', { sessionId, reason: 'Mất điện diện rộng do bão' }))
        .ok,
    ).toBe(true);
    // A roll call Hà Nội answers and Huế does not.
    const staff = await TestClient.connect(url, admin.token as string);
    open.push(staff);
    await staff.emit('session:join', { sessionId });
    const started = await staff.emit('rollcall:start', { sessionId, seconds: 5 });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const closed = staff.next('rollcall:closed', undefined, 15_000);
    expect(
      (await haNoi.emit('rollcall:answer', { sessionId, rollCallId: started.data.rollCallId })).ok,
    ).toBe(true);
    await closed;
    // A material, received by Huế only; Hà Nội's report, late against a deadline already past.
    const material = await postForm(
      t.app,
      `/api/v1/sessions/${sessionId}/materials`,
      admin.token as string,
      { title: 'Báo cáo công tác tổ chức xây dựng Đảng tháng 11' },
      { name: 'Báo cáo tháng 11.pdf', bytes: pdfBytes('thang-11') },
    );
    expect(material.status).toBe(201);
    const hueToken = (await admin.post('/api/v1/points/hue/credentials')).body.token;
    const got = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sessions/${sessionId}/materials/${material.body.id}/download`,
      headers: { authorization: `Bearer ${hueToken}` },
    });
    expect(got.statusCode).toBe(200);
    expect(
      (
        await admin.put(`/api/v1/sessions/${sessionId}/report-deadline`, {
          deadline: new Date(Date.now() - 60_000).toISOString(),
        })
      ).status,
    ).toBe(200);
    const haNoiToken = (await admin.post('/api/v1/points/ha-noi/credentials')).body.token;
    const report = await postForm(t.app, `/api/v1/sessions/${sessionId}/reports`, haNoiToken, {
      text: 'Kết quả thực hiện nhiệm vụ tháng 11',
    });
    expect(report.status).toBe(201);
    // Huế speaks.
    const asked = await hue.emit('speaker:request', { sessionId, topic: 'Công tác cán bộ cơ sở' });
    if (!asked.ok) throw new Error(JSON.stringify(asked));
    expect((await staff.emit('speaker:grant', { sessionId, entryId: asked.data.entryId })).ok).toBe(
      true,
    );
    await new Promise((r) => setTimeout(r, 1200));
    expect((await staff.emit('speaker:end', { sessionId })).ok).toBe(true);
    expect(
      (await admin.post(`/api/v1/sessions/${sessionId}/status`, { status: 'ended' })).status,
    ).toBe(200);
    // The chair's conclusions, approved.
    const draft = await chair.put(`/api/v1/sessions/${sessionId}/conclusions/draft`, {
      text: 'Các cấp ủy tập trung rà soát, kiện toàn đội ngũ cán bộ cơ sở trong quý IV.',
      revision: 0,
    });
    expect(draft.status).toBe(200);
    expect(
      (
        await chair.post(`/api/v1/sessions/${sessionId}/conclusions/approve`, {
          revision: draft.body.revision,
        })
      ).status,
    ).toBe(201);
  }, 60_000);

  it('holds the names, statuses, reasons and speeches exactly, and the hash printed is the content hash kept', async () => {
    const issued = await admin.post(`/api/v1/sessions/${sessionId}/record`);
    expect(issued.status).toBe(201);
    expect(issued.body.version).toBe(1);
    const res = await download(admin, `/api/v1/sessions/${sessionId}/record.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(sha256(pdf)).toBe(issued.body.sha256);
    const text = pdfText(pdf);
    // What the clerk prints: the first page as an image, to look at.
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(dir, 'record.pdf'), pdf);
    for (const page of [1, 2])
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-f',
        String(page),
        '-l',
        String(page),
        '-singlefile',
        join(dir, 'record.pdf'),
        join(SCREENSHOTS, `record-0${page}-pdf-page${page}`),
      ]);
    for (const expected of [
      'BIÊN BẢN HỘI NGHỊ GIAO BAN TRỰC TUYẾN',
      'Ban Tổ chức Trung ương',
      'Thành ủy Hà Nội',
      'Thành ủy Huế',
      'Nguyễn Thị Hồng Nhung (Phó Trưởng ban Tổ chức)',
      'Đặng Quốc Việt',
      'Tỉnh ủy Đắk Lắk',
      'Vắng có lý do',
      'Lý do: Mất điện diện rộng do bão',
      'Tỉnh ủy Quảng Ngãi',
      'Vắng mặt',
      'Có mặt',
      '1/4 điểm cầu trả lời; không trả lời: Tỉnh ủy Đắk Lắk, Thành ủy Huế, Tỉnh ủy Quảng Ngãi',
      'Công tác cán bộ cơ sở',
      'điều hành kết thúc',
      'Báo cáo công tác tổ chức xây dựng Đảng tháng 11',
      'Báo cáo tháng 11.pdf',
      'Nộp muộn',
      'Phiên họp không được ghi hình.',
      'Chưa nộp: Tỉnh ủy Đắk Lắk, Thành ủy Huế, Tỉnh ủy Quảng Ngãi.',
      'Các cấp ủy tập trung rà soát, kiện toàn đội ngũ cán bộ cơ sở trong quý IV.',
      '(Kết luận phiên bản 1, chu-tri-bb phê duyệt lúc',
      `Mã kiểm tra nội dung (SHA-256): ${issued.body.contentSha256}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Trang 1\/2 .*Trang 2\/2/);
    expect(text).toContain(
      'Được mời 4 điểm cầu; có mặt 2 (trong đó đến muộn 0); vắng 2 (trong đó có lý do 1).',
    );
  });

  it('an outside system learns of the end, the conclusions and the record by signed webhook, in order', async () => {
    const delivered = () => receiver.delivered().filter((r) => r.body?.sessionId === sessionId);
    await waitUntil(() => delivered().some((r) => r.body.type === 'record.ready'), 15_000);
    const got = delivered();
    expect(got.every((r) => verifySignature(SECRET, r))).toBe(true);
    const types = got.map(
      (r) => `${r.body.type}${r.body.data?.status ? `:${r.body.data.status}` : ''}`,
    );
    expect(types.indexOf('session.status:ended')).toBeLessThan(
      types.indexOf('conclusions.published'),
    );
    expect(types.indexOf('conclusions.published')).toBeLessThan(types.indexOf('record.ready'));
    const [first] = (await admin.get(`/api/v1/sessions/${sessionId}/record`)).body.versions.slice(
      -1,
    );
    expect(got.find((r) => r.body.type === 'record.ready')?.body.data.sha256).toBe(first.sha256);
  });

  it('finds a copy by its hash, file or content, and nothing for a changed one', async () => {
    const [latest] = (await admin.get(`/api/v1/sessions/${sessionId}/record`)).body.versions;
    const byFile = await admin.get(`/api/v1/records/verify?sha256=${latest.sha256}`);
    expect(byFile.body.matches).toEqual([
      expect.objectContaining({ sessionId, version: latest.version, matched: 'file' }),
    ]);
    const byContent = await admin.get(`/api/v1/records/verify?sha256=${latest.contentSha256}`);
    expect(byContent.body.matches[0]).toMatchObject({ sessionId, matched: 'content' });
    const pdf = (await download(admin, `/api/v1/sessions/${sessionId}/record.pdf`)).rawPayload;
    const tampered = Buffer.from(pdf);
    tampered.writeUInt8((tampered.at(-20) ?? 0) ^ 1, tampered.length - 20);
    const none = await admin.get(`/api/v1/records/verify?sha256=${sha256(tampered)}`);
    expect(none.body.matches).toEqual([]);
    expect((await admin.get('/api/v1/records/verify?sha256=xyz')).status).toBe(400);
  });

  it('a change after the issue shows as stale; issuing again makes version 2 and leaves version 1 as it was', async () => {
    const v1 = (await download(admin, `/api/v1/sessions/${sessionId}/record.pdf?version=1`))
      .rawPayload;
    // The registry renames a point: the record drawn now differs.
    expect(
      (await admin.patch('/api/v1/points/ha-noi', { name: 'Thành ủy Thủ đô Hà Nội' })).status,
    ).toBe(200);
    const listed = (await admin.get(`/api/v1/sessions/${sessionId}/record`)).body.versions;
    expect(listed[0]).toMatchObject({ version: 1, stale: true });
    const second = await chair.post(`/api/v1/sessions/${sessionId}/record`);
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    expect(second.body.contentSha256).not.toBe(listed[0].contentSha256);
    const again = (await download(admin, `/api/v1/sessions/${sessionId}/record.pdf?version=1`))
      .rawPayload;
    expect(sha256(again)).toBe(sha256(v1));
    expect(
      pdfText((await download(chair, `/api/v1/sessions/${sessionId}/record.pdf`)).rawPayload),
    ).toContain('Thành ủy Thủ đô Hà Nội');
    const versions = (await admin.get(`/api/v1/sessions/${sessionId}/record`)).body.versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0].stale).toBe(false);
    expect(
      (await download(admin, `/api/v1/sessions/${sessionId}/record.pdf?version=9`)).statusCode,
    ).toBe(404);
  });

  it('only the secretariat and the chair of the session get it', async () => {
    expect((await moderator.get(`/api/v1/sessions/${sessionId}/record`)).status).toBe(403);
    const otherChair = await admin.user('chu-tri-khac', 'chair');
    const other = await otherChair.get(`/api/v1/sessions/${sessionId}/record`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('NOT_FOUND');
    expect((await otherChair.post(`/api/v1/sessions/${sessionId}/record`)).status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/contract/index.js';
import { auditQuery, NO_FILTERS } from '../src/features/secretariat/records/audit-query.js';
import {
  type AuditContext,
  auditSentence,
} from '../src/features/secretariat/records/audit-sentences.js';
import { translate } from '../src/i18n/i18n.js';

const ADMIN_ID = '11111111-1111-4111-8111-111111111111';
const MOD_ID = '22222222-2222-4222-8222-222222222222';
const SESSION_ID = '33333333-3333-4333-8333-333333333333';

const context: AuditContext = {
  users: new Map([
    [ADMIN_ID, { username: 'admin', role: 'secretariat', displayName: null }],
    [MOD_ID, { username: 'dieuhanh', role: 'moderator', displayName: 'Nguyễn Văn A' }],
  ]),
  sessions: new Map([[SESSION_ID, 'Giao ban tháng 11']]),
  points: new Map([['ca-mau', 'Tỉnh uỷ Cà Mau']]),
  dateTime: (iso) => `<${iso}>`,
};
const vi = (entry: Partial<AuditEntry>) =>
  auditSentence(
    {
      id: 1,
      at: '2026-11-30T03:00:00.000Z',
      actor: { kind: 'user', id: ADMIN_ID, name: 'admin' },
      action: 'unknown',
      entityType: 'thing',
      entityId: 'x',
      sessionId: null,
      changes: {},
      ...entry,
    },
    (key, vars) => translate('vi', key, vars),
    context,
  );
const change = (before: unknown, after: unknown) => ({ before, after });

describe('the audit log in plain Vietnamese', () => {
  it('a point created by the secretariat', () => {
    expect(
      vi({
        action: 'point.create',
        entityType: 'point',
        entityId: 'hue',
        changes: {
          code: change(null, 'hue'),
          name: change(null, 'Thừa Thiên Huế'),
          kind: change(null, 'province'),
          active: change(null, true),
        },
      }),
    ).toBe('Văn phòng (admin) đã tạo điểm cầu hue — Thừa Thiên Huế');
  });

  it("a session's status change names the session and both statuses", () => {
    expect(
      vi({
        action: 'session.status',
        entityType: 'session',
        entityId: SESSION_ID,
        sessionId: SESSION_ID,
        changes: {
          status: change('scheduled', 'checkin'),
          checkinOpenedAt: change(null, '2026-11-30T02:00:00.000Z'),
        },
      }),
    ).toBe(
      "Văn phòng (admin) đã đổi trạng thái phiên họp 'Giao ban tháng 11': Đã lên lịch → Đang điểm danh",
    );
    expect(
      vi({
        action: 'session.status',
        entityId: SESSION_ID,
        sessionId: SESSION_ID,
        actor: { kind: 'user', id: MOD_ID, name: 'dieuhanh' },
        changes: { status: change('scheduled', 'cancelled'), reason: change(null, 'Bão số 9') },
      }),
    ).toBe(
      "Điều hành (dieuhanh) đã đổi trạng thái phiên họp 'Giao ban tháng 11': Đã lên lịch → Đã huỷ (lý do: Bão số 9)",
    );
  });

  it('edits list each changed field, before → after', () => {
    expect(
      vi({
        action: 'point.update',
        entityId: 'ca-mau',
        changes: { name: change('Tỉnh uỷ Cà Mau', 'Tỉnh ủy Cà Mau'), active: change(true, false) },
      }),
    ).toBe(
      'Văn phòng (admin) đã sửa điểm cầu ca-mau — Tỉnh ủy Cà Mau: tên: «Tỉnh uỷ Cà Mau» → «Tỉnh ủy Cà Mau»; đang hoạt động: Có → Không',
    );
    expect(
      vi({
        action: 'session.update',
        entityId: SESSION_ID,
        sessionId: SESSION_ID,
        changes: {
          startsAt: change('2026-12-01T01:00:00.000Z', '2026-12-01T02:00:00.000Z'),
          agenda: change([], [{ title: 'Báo cáo' }]),
        },
      }),
    ).toBe(
      "Văn phòng (admin) đã sửa phiên họp 'Giao ban tháng 11': giờ bắt đầu: <2026-12-01T01:00:00.000Z> → <2026-12-01T02:00:00.000Z>; chương trình",
    );
  });

  it('imports, credentials and deactivation', () => {
    expect(
      vi({
        action: 'point.import',
        entityId: 'hue',
        actor: { kind: 'system', id: null, name: 'system' },
        changes: { code: change(null, 'hue'), name: change(null, 'Huế') },
      }),
    ).toBe('Hệ thống đã thêm điểm cầu hue — Huế từ tệp CSV');
    expect(
      vi({ action: 'point.import', entityId: 'hue', changes: { name: change('Huế', 'TP Huế') } }),
    ).toBe('Văn phòng (admin) đã cập nhật điểm cầu hue — TP Huế từ tệp CSV: tên: «Huế» → «TP Huế»');
    expect(
      vi({
        action: 'credential.issue',
        entityType: 'credential',
        changes: { point: change(null, 'ca-mau'), tokenHash: change(null, '[secret]') },
      }),
    ).toBe('Văn phòng (admin) đã cấp mã truy cập cho điểm cầu ca-mau — Tỉnh uỷ Cà Mau');
    // As the server records a revocation: the point did not change, so the changes do not name it.
    expect(
      vi({
        action: 'credential.revoke',
        changes: { revokedAt: change(null, '2026-11-30T03:00:00Z') },
      }),
    ).toBe('Văn phòng (admin) đã thu hồi một mã truy cập');
    expect(
      vi({
        action: 'credential.revoke',
        changes: { point: change(null, 'ca-mau'), revokedAt: change(null, 'replaced') },
      }),
    ).toBe(
      'Văn phòng (admin) đã thu hồi mã truy cập cũ của điểm cầu ca-mau — Tỉnh uỷ Cà Mau khi cấp mã mới',
    );
    expect(
      vi({
        action: 'point.deactivate',
        entityId: 'ca-mau',
        changes: { active: change(true, false) },
      }),
    ).toBe('Văn phòng (admin) đã ngừng hoạt động điểm cầu ca-mau — Tỉnh uỷ Cà Mau');
  });

  it('accounts: created, disabled, password reset by the secretariat or changed by oneself', () => {
    expect(
      vi({
        action: 'user.create',
        entityId: MOD_ID,
        changes: {
          username: change(null, 'dieuhanh'),
          role: change(null, 'moderator'),
          passwordHash: change(null, '[secret]'),
        },
      }),
    ).toBe('Văn phòng (admin) đã tạo tài khoản dieuhanh (Điều hành)');
    expect(
      vi({
        action: 'user.update',
        entityId: MOD_ID,
        changes: { disabledAt: change(null, '2026-11-30T03:00:00Z') },
      }),
    ).toBe('Văn phòng (admin) đã thay đổi tài khoản dieuhanh: khoá tài khoản');
    expect(
      vi({
        action: 'user.update',
        entityId: MOD_ID,
        changes: {
          passwordHash: change('[secret]', '[secret]'),
          role: change('moderator', 'chair'),
        },
      }),
    ).toBe(
      'Văn phòng (admin) đã thay đổi tài khoản dieuhanh: đặt lại mật khẩu; vai trò: Điều hành → Chủ trì',
    );
    expect(
      vi({
        action: 'user.update',
        entityId: MOD_ID,
        actor: { kind: 'user', id: MOD_ID, name: 'dieuhanh' },
        changes: { passwordHash: change('[secret]', '[secret]') },
      }),
    ).toBe('Điều hành (dieuhanh) đã thay đổi tài khoản dieuhanh: tự đổi mật khẩu');
  });

  it("the points' own actions and the floor", () => {
    const point = { kind: 'point' as const, id: 'p', name: 'hue' };
    expect(
      vi({
        action: 'attendance.check-in',
        actor: point,
        entityId: 'hue',
        changes: {
          delegates: change(null, [{ name: 'A' }, { name: 'B' }]),
          checkedInAt: change(null, 'x'),
          late: change(null, true),
        },
      }),
    ).toBe('Điểm cầu hue đã điểm danh muộn (2 đại biểu)');
    expect(
      vi({
        action: 'attendance.absent',
        actor: point,
        entityId: 'ca-mau',
        changes: { absentReason: change(null, 'Mất điện') },
      }),
    ).toBe('Điểm cầu ca-mau — Tỉnh uỷ Cà Mau đã báo vắng, lý do: Mất điện');
    expect(vi({ action: 'speaker.grant', changes: { seconds: change(null, 180) } })).toBe(
      'Văn phòng (admin) đã trao quyền phát biểu (3 phút)',
    );
    expect(
      vi({
        action: 'speaker.end',
        actor: { kind: 'system', id: null, name: 'system' },
        changes: { reason: change(null, 'time') },
      }),
    ).toBe('Lượt phát biểu kết thúc do hết giờ');
    expect(
      vi({
        action: 'media.microphone',
        entityId: 'hue',
        changes: { microphone: change('auto', 'closed') },
      }),
    ).toBe('Văn phòng (admin) đã tắt micro của điểm cầu hue');
  });

  it('an action it does not know still gets a sentence, naming the action and the object', () => {
    expect(
      vi({
        action: 'hall.repaint',
        entityType: 'hall',
        entityId: 'trung-uong',
        actor: { kind: 'user', id: 'gone', name: 'olduser' },
      }),
    ).toBe('olduser đã thực hiện thao tác «hall.repaint» trên hall trung-uong');
  });

  it('every sentence has its English twin', () => {
    const en = auditSentence(
      {
        id: 1,
        at: '2026-11-30T03:00:00.000Z',
        actor: { kind: 'user', id: ADMIN_ID, name: 'admin' },
        action: 'point.create',
        entityType: 'point',
        entityId: 'hue',
        sessionId: null,
        changes: { code: change(null, 'hue'), name: change(null, 'Huế') },
      },
      (key, vars) => translate('en', key, vars),
      context,
    );
    expect(en).toBe('Secretariat (admin) created connection point hue — Huế');
  });
});

describe("the audit log's filters", () => {
  it('become the query: kind, session, since the start of a day in Hà Nội, older than the last entry', () => {
    expect(auditQuery(NO_FILTERS)).toBe('limit=50');
    const q = new URLSearchParams(
      auditQuery({ entityType: 'point', sessionId: SESSION_ID, since: '2026-11-30' }, 120),
    );
    expect(Object.fromEntries(q)).toEqual({
      limit: '50',
      entityType: 'point',
      sessionId: SESSION_ID,
      since: '2026-11-29T17:00:00.000Z',
      before: '120',
    });
  });

  it('the conference record in plain words: a material, a late report, conclusions, the record, recording, a webhook', () => {
    const inSession = { sessionId: SESSION_ID };
    expect(
      vi({
        ...inSession,
        action: 'material.version',
        entityType: 'material',
        changes: { title: change(null, 'Chương trình hội nghị'), version: change(null, 2) },
      }),
    ).toBe(
      'Văn phòng (admin) đã gửi phiên bản 2 của tài liệu «Chương trình hội nghị» (phiên họp «Giao ban tháng 11»)',
    );
    expect(
      vi({
        ...inSession,
        actor: { kind: 'point', id: null, name: 'ca-mau' },
        action: 'report.submit',
        entityType: 'report',
        changes: { onTime: change(null, false) },
      }),
    ).toBe('Điểm cầu ca-mau đã nộp báo cáo cho phiên họp «Giao ban tháng 11» (nộp muộn)');
    expect(
      vi({
        ...inSession,
        action: 'conclusions.approve',
        entityType: 'conclusions',
        changes: { version: change(null, 3) },
      }),
    ).toBe('Văn phòng (admin) đã phê duyệt kết luận phiên bản 3 của phiên họp «Giao ban tháng 11»');
    expect(
      vi({ ...inSession, action: 'record.issue', changes: { version: change(null, 1) } }),
    ).toBe('Văn phòng (admin) đã lập biên bản phiên bản 1 của phiên họp «Giao ban tháng 11»');
    expect(vi({ ...inSession, action: 'recording.stop' })).toBe(
      'Văn phòng (admin) đã dừng ghi hình phiên họp «Giao ban tháng 11»',
    );
    expect(
      vi({ action: 'webhook.delete', changes: { url: change('https://tinh.vn/hook', null) } }),
    ).toBe('Văn phòng (admin) đã xoá địa chỉ nhận webhook https://tinh.vn/hook');
  });
});

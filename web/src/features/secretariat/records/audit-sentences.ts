// The audit log in plain words: one sentence per entry, built from what the
// server records (action, entity, changed fields before → after). Pure: the
// page passes its translator and what it knows of people, points, sessions.
import type { AuditEntry, UserView } from '../../../../../src/contract/index.js';
import type { MessageKey } from '../../../i18n/i18n.js';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface AuditContext {
  /** Accounts by id (the secretariat's list): role and name of a person. */
  users: ReadonlyMap<string, Pick<UserView, 'username' | 'role' | 'displayName'>>;
  /** Session titles by id. */
  sessions: ReadonlyMap<string, string>;
  /** Point names by code. */
  points: ReadonlyMap<string, string>;
  dateTime: (iso: string) => string;
}

type Changes = AuditEntry['changes'];
const FIELD_KEYS: Record<string, MessageKey> = {
  name: 'records.audit.field.name',
  kind: 'records.audit.field.kind',
  parentCode: 'records.audit.field.parentCode',
  active: 'records.audit.field.active',
  operatorName: 'records.audit.field.operatorName',
  operatorPhone: 'records.audit.field.operatorPhone',
  roster: 'records.audit.field.roster',
  title: 'records.audit.field.title',
  startsAt: 'records.audit.field.startsAt',
  endsAt: 'records.audit.field.endsAt',
  urgent: 'records.audit.field.urgent',
  speech: 'records.audit.field.speech',
  chair: 'records.audit.field.chair',
  moderators: 'records.audit.field.moderators',
  agenda: 'records.audit.field.agenda',
  invitedPoints: 'records.audit.field.invitedPoints',
  convener: 'records.audit.field.convener',
  displayName: 'records.audit.field.displayName',
  role: 'records.audit.field.role',
  status: 'records.audit.field.status',
};
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

const after = (c: Changes, field: string): unknown => c[field]?.after;
const before = (c: Changes, field: string): unknown => c[field]?.before;
const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

/** Who did it: "Văn phòng (admin)", "Điểm cầu hue", "Hệ thống". */
export function actorText(actor: AuditEntry['actor'], t: Translate, ctx: AuditContext): string {
  if (actor.kind === 'system') return t('records.audit.actor.system');
  if (actor.kind === 'point') return t('records.audit.actor.point', { code: actor.name });
  const user = actor.id ? ctx.users.get(actor.id) : undefined;
  return user ? `${t(`role.${user.role}`)} (${actor.name})` : actor.name;
}

function pointText(code: string, name: unknown, ctx: AuditContext): string {
  const known = text(name) ?? ctx.points.get(code);
  return known ? `${code} — ${known}` : code;
}

function valueText(field: string, value: unknown, t: Translate, ctx: AuditContext): string {
  if (value === null || value === undefined || value === '') return t('records.audit.empty');
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (field === 'status' && typeof value === 'string') return statusText(value, t);
  if (field === 'role' && typeof value === 'string' && isRole(value)) return t(`role.${value}`);
  if (field === 'kind' && typeof value === 'string') return kindText(value, t);
  if (typeof value === 'string' && ISO.test(value)) return ctx.dateTime(value);
  if (typeof value === 'string' || typeof value === 'number') return `«${value}»`;
  if (Array.isArray(value)) return t('records.audit.items', { n: value.length });
  return t('records.audit.changed');
}

function statusText(value: unknown, t: Translate): string {
  const key = `status.${String(value)}` as MessageKey;
  return STATUS_KEYS.has(key) ? t(key) : String(value);
}
const STATUS_KEYS = new Set<string>(
  ['draft', 'scheduled', 'checkin', 'live', 'ended', 'archived', 'cancelled'].map(
    (s) => `status.${s}`,
  ),
);
const isRole = (v: string): v is UserView['role'] =>
  v === 'secretariat' || v === 'chair' || v === 'moderator' || v === 'observer';
const KINDS = ['central-hall', 'central-body', 'province', 'district', 'commune'];
function kindText(value: string, t: Translate): string {
  return KINDS.includes(value) ? t(`records.audit.kind.${value}` as MessageKey) : value;
}

/** "tên: «A» → «B»; hoạt động: Có → Không" for the listed (or all) changed fields. */
export function changesText(
  changes: Changes,
  t: Translate,
  ctx: AuditContext,
  skip: readonly string[] = [],
): string {
  return Object.entries(changes)
    .filter(([field]) => !skip.includes(field))
    .map(([field, { before: b, after: a }]) => {
      const label = FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field;
      const simple = (v: unknown) => v === null || typeof v !== 'object';
      return simple(b) && simple(a)
        ? `${label}: ${valueText(field, b, t, ctx)} → ${valueText(field, a, t, ctx)}`
        : label;
    })
    .join('; ');
}

function sessionTitle(entry: AuditEntry, ctx: AuditContext): string {
  const id = entry.sessionId ?? entry.entityId;
  // A session's own entries carry its title; others' `title` is theirs (a material's).
  const own = entry.entityType === 'session' ? text(after(entry.changes, 'title')) : null;
  return own ?? ctx.sessions.get(id) ?? text(after(entry.changes, 'title')) ?? '';
}

function userName(entry: AuditEntry, ctx: AuditContext): string {
  return (
    text(after(entry.changes, 'username')) ??
    ctx.users.get(entry.entityId)?.username ??
    entry.entityId
  );
}

/** One plain sentence for an entry; an action this page does not know gets a general one. */
export function auditSentence(entry: AuditEntry, t: Translate, ctx: AuditContext): string {
  const actor = actorText(entry.actor, t, ctx);
  const c = entry.changes;
  const point = (code: string) => pointText(code, after(c, 'name') ?? before(c, 'name'), ctx);
  const session = sessionTitle(entry, ctx);
  switch (entry.action) {
    case 'point.create':
      return t('records.audit.point.create', { actor, point: point(entry.entityId) });
    case 'point.import':
      return 'code' in c
        ? t('records.audit.point.importCreate', { actor, point: point(entry.entityId) })
        : t('records.audit.point.importUpdate', {
            actor,
            point: point(entry.entityId),
            changes: changesText(c, t, ctx),
          });
    case 'point.update':
      return t('records.audit.point.update', {
        actor,
        point: point(entry.entityId),
        changes: changesText(c, t, ctx),
      });
    case 'point.deactivate':
      return t('records.audit.point.deactivate', { actor, point: point(entry.entityId) });
    case 'credential.issue':
    case 'credential.revoke': {
      const code = text(after(c, 'point')) ?? text(before(c, 'point')) ?? '';
      const replaced = entry.action === 'credential.revoke' && after(c, 'revokedAt') === 'replaced';
      // A revocation's record may not name the point (it did not change).
      const fragment = entry.action === 'credential.issue' ? 'forPoint' : 'ofPoint';
      const ofPoint = code
        ? t(`records.audit.${fragment}`, { point: pointText(code, null, ctx) })
        : '';
      return t(replaced ? 'records.audit.credential.replaced' : `records.audit.${entry.action}`, {
        actor,
        ofPoint,
      });
    }
    case 'session.create':
      return t('records.audit.session.create', {
        actor,
        title: session,
        start: valueText('startsAt', after(c, 'startsAt'), t, ctx),
      });
    case 'session.update':
      return t('records.audit.session.update', {
        actor,
        title: session,
        changes: changesText(c, t, ctx),
      });
    case 'session.status': {
      const sentence = t('records.audit.session.status', {
        actor,
        title: session,
        from: statusText(before(c, 'status'), t),
        to: statusText(after(c, 'status'), t),
      });
      const reason = text(after(c, 'reason'));
      return reason ? `${sentence} ${t('records.audit.reason', { reason })}` : sentence;
    }
    case 'user.create':
      return t('records.audit.user.create', {
        actor,
        user: userName(entry, ctx),
        role: valueText('role', after(c, 'role'), t, ctx),
      });
    case 'user.update':
      return userUpdate(entry, actor, t, ctx);
    case 'attendance.check-in': {
      const delegates = after(c, 'delegates');
      const key = after(c, 'late') === true ? 'checkInLate' : 'checkIn';
      return t(`records.audit.attendance.${key}`, {
        point: pointText(entry.entityId, null, ctx),
        n: Array.isArray(delegates) ? delegates.length : 0,
      });
    }
    case 'attendance.update-delegates': {
      const delegates = after(c, 'delegates');
      return t('records.audit.attendance.delegates', {
        point: pointText(entry.entityId, null, ctx),
        n: Array.isArray(delegates) ? delegates.length : 0,
      });
    }
    case 'attendance.absent':
      return t('records.audit.attendance.absent', {
        point: pointText(entry.entityId, null, ctx),
        reason: text(after(c, 'absentReason')) ?? '',
      });
    case 'rollcall.start':
      return t('records.audit.rollcall.start', {
        actor,
        deadline: valueText('deadlineAt', after(c, 'deadlineAt'), t, ctx),
      });
    case 'speaker.invite':
      return t('records.audit.speaker.invite', {
        actor,
        point: pointText(text(after(c, 'point')) ?? '', null, ctx),
      });
    case 'speaker.move':
      return t('records.audit.speaker.move', {
        actor,
        from: text(before(c, 'position')) ?? '?',
        to: text(after(c, 'position')) ?? '?',
      });
    case 'speaker.reject': {
      const sentence = t('records.audit.speaker.reject', { actor });
      const reason = text(after(c, 'reason'));
      return reason ? `${sentence} ${t('records.audit.reason', { reason })}` : sentence;
    }
    case 'speaker.grant':
      return t('records.audit.speaker.grant', {
        actor,
        minutes: Math.round(Number(after(c, 'seconds') ?? 0) / 6) / 10,
      });
    case 'speaker.end':
      return speakerEnd(entry, actor, t);
    case 'media.microphone': {
      const state = text(after(c, 'microphone'));
      const key = state === 'open' ? 'micOpen' : state === 'closed' ? 'micClosed' : 'micAuto';
      return t(`records.audit.media.${key}`, {
        actor,
        point: pointText(entry.entityId, null, ctx),
      });
    }
    // The conference record.
    case 'material.upload':
    case 'material.version':
    case 'material.withdraw':
      return t(`records.audit.${entry.action}`, {
        actor,
        title: session,
        material: text(after(c, 'title')) ?? text(before(c, 'title')) ?? '',
        version: text(after(c, 'version')) ?? '',
      });
    case 'report.deadline': {
      const deadline = after(c, 'reportDeadline');
      return typeof deadline === 'string'
        ? t('records.audit.report.deadline', {
            actor,
            title: session,
            deadline: ctx.dateTime(deadline),
          })
        : t('records.audit.report.noDeadline', { actor, title: session });
    }
    case 'report.submit':
      return t(
        after(c, 'onTime') === false ? 'records.audit.report.late' : 'records.audit.report.submit',
        { actor, title: session },
      );
    case 'conclusions.approve':
    case 'conclusions.publish':
    case 'record.issue':
      return t(`records.audit.${entry.action}`, {
        actor,
        title: session,
        version: text(after(c, 'version')) ?? '',
      });
    case 'recording.start':
    case 'recording.stop':
    case 'recording.settings':
      return t(`records.audit.${entry.action}`, { actor, title: session });
    case 'webhook.create':
    case 'webhook.update':
    case 'webhook.delete':
      return t(`records.audit.${entry.action}`, {
        actor,
        url: text(after(c, 'url')) ?? text(before(c, 'url')) ?? '',
      });
    default:
      return t('records.audit.generic', {
        actor,
        action: entry.action,
        entity: `${entry.entityType} ${entry.entityId}`,
      });
  }
}

function userUpdate(entry: AuditEntry, actor: string, t: Translate, ctx: AuditContext): string {
  const c = entry.changes;
  const user = userName(entry, ctx);
  const self = entry.actor.kind === 'user' && entry.actor.id === entry.entityId;
  const parts: string[] = [];
  if ('disabledAt' in c)
    parts.push(
      t(after(c, 'disabledAt') ? 'records.audit.user.disabled' : 'records.audit.user.enabled'),
    );
  if ('passwordHash' in c)
    parts.push(t(self ? 'records.audit.user.ownPassword' : 'records.audit.user.password'));
  const rest = changesText(c, t, ctx, ['disabledAt', 'passwordHash', 'username']);
  if (rest) parts.push(rest);
  return t('records.audit.user.update', { actor, user, changes: parts.join('; ') });
}

function speakerEnd(entry: AuditEntry, actor: string, t: Translate): string {
  const reason = text(after(entry.changes, 'reason'));
  if (reason === 'time') return t('records.audit.speaker.endTime');
  if (reason === 'session') return t('records.audit.speaker.endSession');
  if (reason === 'speaker') return t('records.audit.speaker.endSpeaker', { actor });
  return t('records.audit.speaker.end', { actor });
}

import { eq } from 'drizzle-orm';
import type { SpeechDefaults } from '../../config.js';
import type { SessionKind, SessionStatus } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import type { Tx } from '../../db/executor.js';
import { sessions } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';
import type { Principal } from '../auth/principal.js';
import { checkClash, lockScheduling } from './clash.js';
import { EDITABLE, OPERATOR_TRANSITIONS, TRANSITIONS } from './lifecycle.js';
import {
  type AgendaInput,
  auditableSession,
  resolveChair,
  resolveModerators,
  writeAgenda,
  writeInvitations,
  writeModerators,
} from './members.js';
import { runsSession, type SessionRow } from './read.js';
import { checkCheckinWindow, checkNotice, checkTimes, type SchedulingRules } from './timing.js';

export type { SchedulingRules } from './timing.js';

export interface SessionInput {
  title: string;
  kind: SessionKind;
  startsAt: string;
  endsAt: string;
  urgent?: boolean | undefined;
  draft?: boolean | undefined;
  chairUsername?: string | null | undefined;
  moderatorUsernames?: string[] | undefined;
  agenda?: AgendaInput[] | undefined;
  invitedPointCodes?: string[] | undefined;
  speech?: Partial<SpeechDefaults> | undefined;
}

export type SessionChanges = Partial<Omit<SessionInput, 'draft'>>;

export async function createSession(
  db: Db,
  actor: Actor,
  input: SessionInput,
  rules: SchedulingRules,
): Promise<SessionRow> {
  const now = new Date();
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const urgent = input.urgent ?? false;
  checkTimes(startsAt, endsAt, now);
  if (!input.draft) checkNotice(startsAt, urgent, rules, now);
  return db.transaction(async (tx) => {
    await lockScheduling(tx);
    const chairId = await resolveChair(tx, input.chairUsername);
    const moderatorIds = await resolveModerators(tx, input.moderatorUsernames ?? []);
    const [session] = await tx
      .insert(sessions)
      .values({
        title: input.title,
        kind: input.kind,
        status: input.draft ? 'draft' : 'scheduled',
        startsAt,
        endsAt,
        urgent,
        chairId,
        speechSeconds: input.speech?.seconds ?? rules.speech.seconds,
        speechWarningSeconds: input.speech?.warningSeconds ?? rules.speech.warningSeconds,
        speechOverrun: input.speech?.overrun ?? rules.speech.overrun,
        createdBy: actor.kind === 'user' ? actor.id : null,
      })
      .returning();
    if (!session) throw new Error('insert returned nothing');
    await writeInvitations(tx, session.id, input.invitedPointCodes);
    await writeModerators(tx, session.id, moderatorIds);
    await writeAgenda(tx, session.id, input.agenda ?? []);
    if (!input.draft) await checkClash(tx, session);
    await recordAudit(tx, actor, {
      action: 'session.create',
      entityType: 'session',
      entityId: session.id,
      sessionId: session.id,
      after: await auditableSession(tx, session),
    });
    return session;
  });
}

async function lockedSession(tx: Tx, id: string): Promise<SessionRow> {
  const [row] = await tx.select().from(sessions).where(eq(sessions.id, id)).for('update');
  if (!row) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such session.');
  return row;
}

export async function updateSession(
  db: Db,
  actor: Actor,
  id: string,
  changes: SessionChanges,
  rules: SchedulingRules,
): Promise<SessionRow> {
  const now = new Date();
  return db.transaction(async (tx) => {
    await lockScheduling(tx);
    const before = await lockedSession(tx, id);
    if (!EDITABLE.has(before.status)) {
      throw new HttpProblem(
        409,
        ErrorCode.SESSION_LOCKED,
        `A ${before.status} session can no longer be edited.`,
      );
    }
    const auditBefore = await auditableSession(tx, before);
    const startsAt = changes.startsAt ? new Date(changes.startsAt) : before.startsAt;
    const endsAt = changes.endsAt ? new Date(changes.endsAt) : before.endsAt;
    const urgent = changes.urgent ?? before.urgent;
    const timesChanged =
      startsAt.getTime() !== before.startsAt.getTime() ||
      endsAt.getTime() !== before.endsAt.getTime();
    if (timesChanged) checkTimes(startsAt, endsAt, now);
    // Moving a booked session earlier needs the same notice as booking it; postponing does not.
    if (before.status !== 'draft' && startsAt < before.startsAt)
      checkNotice(startsAt, urgent, rules, now);

    const [after] = await tx
      .update(sessions)
      .set({
        title: changes.title ?? before.title,
        kind: changes.kind ?? before.kind,
        startsAt,
        endsAt,
        urgent,
        ...(changes.speech?.seconds !== undefined ? { speechSeconds: changes.speech.seconds } : {}),
        ...(changes.speech?.warningSeconds !== undefined
          ? { speechWarningSeconds: changes.speech.warningSeconds }
          : {}),
        ...(changes.speech?.overrun !== undefined ? { speechOverrun: changes.speech.overrun } : {}),
        ...(changes.chairUsername !== undefined
          ? { chairId: await resolveChair(tx, changes.chairUsername) }
          : {}),
        updatedAt: now,
      })
      .where(eq(sessions.id, id))
      .returning();
    if (!after) throw new Error('session vanished during update');
    if (changes.moderatorUsernames) {
      await writeModerators(tx, id, await resolveModerators(tx, changes.moderatorUsernames));
    }
    if (changes.agenda) await writeAgenda(tx, id, changes.agenda);
    if (changes.invitedPointCodes) await writeInvitations(tx, id, changes.invitedPointCodes);
    const peopleChanged =
      changes.chairUsername !== undefined || changes.moderatorUsernames !== undefined;
    if (after.status !== 'draft' && (timesChanged || changes.invitedPointCodes || peopleChanged))
      await checkClash(tx, after);
    await recordAudit(tx, actor, {
      action: 'session.update',
      entityType: 'session',
      entityId: id,
      sessionId: id,
      before: auditBefore,
      after: await auditableSession(tx, after),
    });
    return after;
  });
}

const STATUS_TIMESTAMP: Partial<Record<SessionStatus, keyof SessionRow>> = {
  checkin: 'checkinOpenedAt',
  live: 'startedAt',
  ended: 'endedAt',
  cancelled: 'cancelledAt',
};

/**
 * Moves a session along its lifecycle. The secretariat may make any legal
 * move; the session's chair and moderators open check-in, go live and end.
 * Check-in opens only within its window before the start; a cancellation
 * says why (stored, audited, and sent to the points).
 */
export async function changeStatus(
  db: Db,
  principal: Principal,
  actor: Actor,
  id: string,
  change: { status: SessionStatus; reason?: string | undefined },
  rules: SchedulingRules,
): Promise<SessionRow> {
  const target = change.status;
  const now = new Date();
  return db.transaction(async (tx) => {
    await lockScheduling(tx);
    const before = await lockedSession(tx, id);
    const isSecretariat = principal.kind === 'user' && principal.role === 'secretariat';
    if (
      !isSecretariat &&
      !(OPERATOR_TRANSITIONS.has(target) && (await runsSession(tx, principal, before)))
    ) {
      throw new HttpProblem(
        403,
        ErrorCode.FORBIDDEN,
        OPERATOR_TRANSITIONS.has(target)
          ? 'Only the secretariat, the chair and the moderators of this session may do this.'
          : `Only the secretariat may move a session to ${target}.`,
      );
    }
    const allowed = TRANSITIONS[before.status];
    if (!allowed.includes(target)) {
      throw new HttpProblem(
        409,
        ErrorCode.ILLEGAL_TRANSITION,
        `A ${before.status} session cannot become ${target}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}.`,
        { from: before.status, to: target, allowed },
      );
    }
    if (target === 'scheduled') {
      checkTimes(before.startsAt, before.endsAt, now);
      checkNotice(before.startsAt, before.urgent, rules, now);
      await checkClash(tx, before);
    }
    if (target === 'checkin') checkCheckinWindow(before.startsAt, rules, now);
    const reason = change.reason?.trim();
    if (target === 'cancelled' && !reason) {
      throw new HttpProblem(400, ErrorCode.VALIDATION_FAILED, 'A cancellation needs a reason.', {
        errors: [{ path: 'body/reason', message: 'say why the session is cancelled' }],
      });
    }
    const stamp = STATUS_TIMESTAMP[target];
    const [after] = await tx
      .update(sessions)
      .set({
        status: target,
        updatedAt: now,
        ...(stamp ? { [stamp]: now } : {}),
        ...(target === 'cancelled' ? { cancelReason: reason } : {}),
      })
      .where(eq(sessions.id, id))
      .returning();
    if (!after) throw new Error('session vanished during status change');
    await recordAudit(tx, actor, {
      action: 'session.status',
      entityType: 'session',
      entityId: id,
      sessionId: id,
      before: { status: before.status },
      after: {
        status: after.status,
        ...(stamp ? { [stamp]: now } : {}),
        ...(target === 'cancelled' ? { reason } : {}),
      },
    });
    return after;
  });
}

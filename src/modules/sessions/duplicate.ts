import type { Db } from '../../db/client.js';
import type { Actor } from '../audit/record.js';
import { type SessionRow, sessionDetail } from './read.js';
import type { SchedulingRules } from './timing.js';
import { createSession } from './write.js';

export interface DuplicateInput {
  startsAt: string;
  endsAt?: string | undefined;
  title?: string | undefined;
  draft?: boolean | undefined;
}

/**
 * A new session like an earlier one — "the same briefing, next month": its
 * kind, agenda, chair, moderators, speech rules, urgency and invited points
 * (those still active), at new times. Without `endsAt` it lasts as long as
 * the original. Booked like any new session: clash and notice rules apply.
 */
export async function duplicateSession(
  db: Db,
  actor: Actor,
  source: SessionRow,
  input: DuplicateInput,
  rules: SchedulingRules,
): Promise<SessionRow> {
  const detail = await sessionDetail(db, source);
  const duration = source.endsAt.getTime() - source.startsAt.getTime();
  const startsAt = new Date(input.startsAt);
  const endsAt = input.endsAt ?? new Date(startsAt.getTime() + duration).toISOString();
  const invited = detail.invitedPoints.filter((p) => p.active).map((p) => p.code);
  return createSession(
    db,
    actor,
    {
      title: input.title ?? source.title,
      kind: source.kind,
      startsAt: startsAt.toISOString(),
      endsAt,
      urgent: source.urgent,
      draft: input.draft,
      chairUsername: detail.chair?.username ?? null,
      moderatorUsernames: detail.moderators.map((m) => m.username),
      agenda: detail.agenda.map((a) => ({
        title: a.title,
        ...(a.presenter ? { presenter: a.presenter } : {}),
        ...(a.plannedMinutes ? { plannedMinutes: a.plannedMinutes } : {}),
        ...(a.plannedSpeeches !== null ? { plannedSpeeches: a.plannedSpeeches } : {}),
      })),
      // An invitation list whose points were all deactivated since: every active point, as on create.
      invitedPointCodes: invited.length > 0 ? invited : undefined,
      speech: {
        seconds: source.speechSeconds,
        warningSeconds: source.speechWarningSeconds,
        overrun: source.speechOverrun === 'warn' ? 'warn' : 'end',
      },
    },
    rules,
  );
}

import { and, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { RollCallView } from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import { untilDone } from '../../db/retry.js';
import { rollCallAnswers, rollCalls, sessionPoints } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Logger } from '../../logger.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { phase } from '../sessions/lifecycle.js';
import { invitedPoints, type SessionRow } from '../sessions/read.js';

type RollCallRow = typeof rollCalls.$inferSelect;

/**
 * Roll calls: a moderator asks every point to confirm within a deadline. The
 * call and its answers are rows; the timer that closes it is rebuilt from
 * them after a restart, and a deadline that passed meanwhile closes at once.
 * Closing retries until it is stored and announced: a failed statement at the
 * deadline must not leave the call open for good (and every new one refused).
 */
export class RollCallManager {
  readonly #db: Db;
  readonly #log: Logger;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** Open roll calls by session: this process is the only one that opens and closes them. */
  readonly #open = new Map<string, RollCallRow>();
  readonly #onClosed: (view: RollCallView) => void;
  /** Roll calls whose close went out to the clients (a retry must not send it twice). */
  readonly #announced = new Set<string>();
  #stopped = false;

  constructor(db: Db, log: Logger, onClosed: (view: RollCallView) => void) {
    this.#db = db;
    this.#log = log.child({ component: 'rollcall' });
    this.#onClosed = onClosed;
  }

  async start(
    session: SessionRow,
    actor: Actor,
    seconds: number,
    now = new Date(),
  ): Promise<RollCallView> {
    if (!phase.checkInOpen(session.status)) {
      throw new HttpProblem(
        409,
        ErrorCode.CHECKIN_CLOSED,
        `No roll call while the session is ${session.status}.`,
      );
    }
    const deadlineAt = new Date(now.getTime() + seconds * 1000);
    const { row, overdue } = await this.#db.transaction(async (tx) => {
      // A call past its deadline is over, whether or not its timer got to
      // store that yet: it must not block the next one.
      const overdue = await tx
        .update(rollCalls)
        .set({ closedAt: sql`${rollCalls.deadlineAt}` })
        .where(
          and(
            eq(rollCalls.sessionId, session.id),
            isNull(rollCalls.closedAt),
            lte(rollCalls.deadlineAt, now),
          ),
        )
        .returning();
      const [created] = await tx
        .insert(rollCalls)
        .values({
          sessionId: session.id,
          startedAt: now,
          deadlineAt,
          startedBy: actor.kind === 'user' ? actor.id : null,
        })
        .onConflictDoNothing()
        .returning();
      if (!created) {
        throw new HttpProblem(
          409,
          ErrorCode.ROLLCALL_OPEN,
          'A roll call is already running in this session.',
        );
      }
      await recordAudit(tx, actor, {
        action: 'rollcall.start',
        entityType: 'rollcall',
        entityId: created.id,
        sessionId: session.id,
        after: { deadlineAt },
      });
      return { row: created, overdue };
    });
    for (const call of overdue) {
      void untilDone(() => this.#announce(call), {
        log: this.#log,
        what: 'announcing an overdue roll call',
        context: { sessionId: call.sessionId, rollCallId: call.id },
        stopped: () => this.#stopped,
      });
    }
    this.#schedule(row);
    this.#open.set(row.sessionId, row);
    this.#log.info({ sessionId: session.id, rollCallId: row.id, seconds }, 'roll call started');
    return this.view(row);
  }

  /** A point confirms presence; answering twice keeps the first answer. */
  async answer(
    session: SessionRow,
    rollCallId: string,
    pointId: string,
    now = new Date(),
  ): Promise<Date> {
    const [call] = await this.#db
      .select()
      .from(rollCalls)
      .where(and(eq(rollCalls.id, rollCallId), eq(rollCalls.sessionId, session.id)));
    if (!call)
      throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such roll call in this session.');
    if (call.closedAt || now > call.deadlineAt) {
      throw new HttpProblem(409, ErrorCode.ROLLCALL_CLOSED, 'This roll call is closed.');
    }
    await this.#db
      .insert(rollCallAnswers)
      .values({ rollCallId, pointId, answeredAt: now })
      .onConflictDoNothing();
    const [answer] = await this.#db
      .select({ answeredAt: rollCallAnswers.answeredAt })
      .from(rollCallAnswers)
      .where(and(eq(rollCallAnswers.rollCallId, rollCallId), eq(rollCallAnswers.pointId, pointId)));
    return answer?.answeredAt ?? now;
  }

  /** Every roll call of a session with its result, newest first. */
  async list(sessionId: string): Promise<RollCallView[]> {
    const calls = await this.#db
      .select()
      .from(rollCalls)
      .where(eq(rollCalls.sessionId, sessionId))
      .orderBy(desc(rollCalls.startedAt));
    return Promise.all(calls.map((c) => this.view(c)));
  }

  /** The open roll call of a session, if any, with every point's answer. */
  async current(sessionId: string): Promise<RollCallView | null> {
    const open = this.#open.get(sessionId);
    return open ? this.view(open) : null;
  }

  /**
   * The open roll call as one point sees it: only its own answer (the full
   * list would make every point's snapshot as large as the session).
   */
  async currentFor(sessionId: string, point: { pointId: string; pointCode: string }) {
    const open = this.#open.get(sessionId);
    if (!open) return null;
    const [[answer], answeredCount, invitedCount] = await Promise.all([
      this.#db
        .select({ answeredAt: rollCallAnswers.answeredAt })
        .from(rollCallAnswers)
        .where(
          and(eq(rollCallAnswers.rollCallId, open.id), eq(rollCallAnswers.pointId, point.pointId)),
        ),
      this.#db.$count(rollCallAnswers, eq(rollCallAnswers.rollCallId, open.id)),
      this.#db.$count(sessionPoints, eq(sessionPoints.sessionId, sessionId)),
    ]);
    return {
      rollCallId: open.id,
      sessionId,
      startedAt: open.startedAt.toISOString(),
      deadlineAt: open.deadlineAt.toISOString(),
      closedAt: null,
      answered: answer
        ? [{ code: point.pointCode, answeredAt: answer.answeredAt.toISOString() }]
        : [],
      notAnswered: answer ? [] : [point.pointCode],
      answeredCount,
      invitedCount,
    } satisfies RollCallView;
  }

  async view(call: RollCallRow): Promise<RollCallView> {
    const [invited, answers] = await Promise.all([
      invitedPoints(this.#db, call.sessionId),
      this.#db
        .select({ pointId: rollCallAnswers.pointId, answeredAt: rollCallAnswers.answeredAt })
        .from(rollCallAnswers)
        .where(eq(rollCallAnswers.rollCallId, call.id)),
    ]);
    const answered = new Map(answers.map((a) => [a.pointId, a.answeredAt]));
    return {
      rollCallId: call.id,
      sessionId: call.sessionId,
      startedAt: call.startedAt.toISOString(),
      deadlineAt: call.deadlineAt.toISOString(),
      closedAt: call.closedAt?.toISOString() ?? null,
      answered: invited
        .filter((p) => answered.has(p.id))
        .map((p) => ({ code: p.code, answeredAt: (answered.get(p.id) as Date).toISOString() })),
      notAnswered: invited.filter((p) => !answered.has(p.id)).map((p) => p.code),
      answeredCount: invited.filter((p) => answered.has(p.id)).length,
      invitedCount: invited.length,
    };
  }

  #schedule(call: RollCallRow): void {
    const delay = Math.max(0, call.deadlineAt.getTime() - Date.now());
    const timer = setTimeout(() => {
      this.#timers.delete(call.id);
      void untilDone(() => this.#close(call.id), {
        log: this.#log,
        what: 'closing roll call',
        context: { sessionId: call.sessionId, rollCallId: call.id },
        stopped: () => this.#stopped,
      });
    }, delay);
    timer.unref();
    this.#timers.set(call.id, timer);
  }

  /** Idempotent: stores the close (if not yet), then announces it (if not yet). */
  async #close(rollCallId: string): Promise<void> {
    // A roll call ends at its deadline (answers after it are refused), also
    // when the server was down as the deadline passed.
    await this.#db
      .update(rollCalls)
      .set({ closedAt: sql`${rollCalls.deadlineAt}` })
      .where(and(eq(rollCalls.id, rollCallId), isNull(rollCalls.closedAt)));
    const [closed] = await this.#db.select().from(rollCalls).where(eq(rollCalls.id, rollCallId));
    if (closed) await this.#announce(closed);
  }

  async #announce(closed: RollCallRow): Promise<void> {
    if (this.#announced.has(closed.id) || this.#stopped) return;
    const view = await this.view(closed);
    if (this.#announced.has(closed.id)) return;
    this.#announced.add(closed.id);
    if (this.#open.get(closed.sessionId)?.id === closed.id) this.#open.delete(closed.sessionId);
    this.#log.info(
      {
        sessionId: view.sessionId,
        rollCallId: closed.id,
        answered: view.answered.length,
        notAnswered: view.notAnswered.length,
      },
      'roll call closed',
    );
    this.#onClosed(view);
  }

  /** After a start: re-arm the timers of roll calls still open. */
  async recover(): Promise<number> {
    const open = await this.#db.select().from(rollCalls).where(isNull(rollCalls.closedAt));
    for (const call of open) {
      this.#open.set(call.sessionId, call);
      this.#schedule(call);
    }
    return open.length;
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

/**
 * A roll call as the points are told of it, all at once: the counts without
 * the lists (every point's entry sent to every point grows with the square
 * of the points: 869 MB per roll call at 3,400). A point knows its own
 * answer from its acknowledgement, and its snapshot carries it.
 */
export function forPoints(view: RollCallView): RollCallView {
  return { ...view, answered: [], notAnswered: [] };
}

import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { untilDone } from '../../db/retry.js';
import { attendance, connectionIntervals } from '../../db/schema.js';
import type { Logger } from '../../logger.js';

interface Presence {
  intervalId: number;
  sockets: Set<string>;
}

const keyOf = (sessionId: string, pointId: string) => `${sessionId}:${pointId}`;

/**
 * Which points are connected to which sessions, and since when. A point may
 * have several sockets (two devices, a reconnect racing the old socket's
 * close): one interval covers them all, so reconnects never duplicate time.
 */
export class PresenceTracker {
  readonly #db: Db;
  readonly #log: Logger;
  readonly #entries = new Map<string, Presence>();
  /** Connected points per session, kept alongside #entries (asked on every snapshot). */
  readonly #connected = new Map<string, number>();
  /** Per point and session, operations run one after another. */
  readonly #queues = new Map<string, Promise<unknown>>();
  #stopped = false;

  constructor(db: Db, log: Logger) {
    this.#db = db;
    this.#log = log.child({ component: 'presence' });
  }

  /**
   * Intervals a crash left open end where their point was last seen (at most
   * one flush period stale), not at restart time. Run before accepting sockets.
   */
  static async closeAbandoned(db: Db): Promise<number> {
    const closed = await db
      .update(connectionIntervals)
      .set({ closedAt: sql`${connectionIntervals.lastSeenAt}` })
      .where(isNull(connectionIntervals.closedAt))
      .returning({ id: connectionIntervals.id });
    return closed.length;
  }

  #serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => {});
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    return next;
  }

  isConnected(sessionId: string, pointId: string): boolean {
    return this.#entries.has(keyOf(sessionId, pointId));
  }

  connectedCount(sessionId: string): number {
    return this.#connected.get(sessionId) ?? 0;
  }

  #count(sessionId: string, delta: 1 | -1): void {
    const n = (this.#connected.get(sessionId) ?? 0) + delta;
    if (n > 0) this.#connected.set(sessionId, n);
    else this.#connected.delete(sessionId);
  }

  /**
   * A socket of the point joined the session. Returns true if the point was
   * not connected before. The first connection also puts the operator on
   * duty (`onDutyOnTime`: by T−60 min), in the same statement.
   */
  socketJoined(
    sessionId: string,
    pointId: string,
    socketId: string,
    onDutyOnTime: boolean,
    now = new Date(),
  ) {
    const key = keyOf(sessionId, pointId);
    return this.#serial(key, async () => {
      const entry = this.#entries.get(key);
      if (entry) {
        entry.sockets.add(socketId);
        return false;
      }
      const result = await this.#db.execute(sql`
        with opened as (
          insert into ${connectionIntervals} (session_id, point_id, opened_at, last_seen_at)
          values (${sessionId}, ${pointId}, ${now}, ${now})
          returning id
        ), on_duty as (
          insert into ${attendance} (session_id, point_id, on_duty_at, on_duty_on_time, updated_at)
          values (${sessionId}, ${pointId}, ${now}, ${onDutyOnTime}, ${now})
          on conflict (session_id, point_id) do update
            set on_duty_at = excluded.on_duty_at, on_duty_on_time = excluded.on_duty_on_time
            where ${attendance}.on_duty_at is null
        )
        select id::text as id from opened`);
      const id = (result as unknown as { rows: Array<{ id: string }> }).rows[0]?.id;
      if (!id) throw new Error('interval insert returned nothing');
      this.#entries.set(key, { intervalId: Number(id), sockets: new Set([socketId]) });
      this.#count(sessionId, 1);
      this.#log.info({ sessionId, pointId }, 'point connected');
      return true;
    });
  }

  /**
   * A socket of the point left. When it was the last one the interval closes;
   * `dropped` (the point lost its connection, rather than the server closing
   * it) counts a disconnect. Returns true if the point is now disconnected.
   * The close is stored even if the database fails at that moment (retried):
   * an interval left open would count connection time nobody had.
   */
  socketLeft(
    sessionId: string,
    pointId: string,
    socketId: string,
    dropped: boolean,
    now = new Date(),
  ) {
    const key = keyOf(sessionId, pointId);
    return this.#serial(key, async () => {
      const entry = this.#entries.get(key);
      if (!entry?.sockets.delete(socketId) || entry.sockets.size > 0) return false;
      this.#entries.delete(key);
      this.#count(sessionId, -1);
      await untilDone(
        () => this.#closeInterval(entry.intervalId, sessionId, pointId, dropped, now),
        {
          log: this.#log,
          what: 'closing a connection interval',
          context: { sessionId, pointId },
          stopped: () => this.#stopped,
        },
      );
      this.#log.info({ sessionId, pointId, dropped }, 'point disconnected');
      return true;
    });
  }

  /** Idempotent: the disconnect counts only with the close that stored it. */
  async #closeInterval(
    intervalId: number,
    sessionId: string,
    pointId: string,
    dropped: boolean,
    now: Date,
  ): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const closed = await tx
        .update(connectionIntervals)
        .set({ closedAt: now, lastSeenAt: now })
        .where(and(eq(connectionIntervals.id, intervalId), isNull(connectionIntervals.closedAt)))
        .returning({ id: connectionIntervals.id });
      if (dropped && closed.length > 0) {
        await tx
          .insert(attendance)
          .values({ sessionId, pointId, disconnects: 1 })
          .onConflictDoUpdate({
            target: [attendance.sessionId, attendance.pointId],
            set: { disconnects: sql`${attendance.disconnects} + 1`, updatedAt: now },
          });
      }
    });
  }

  /**
   * The session is over (ended or cancelled): its points' intervals close at
   * `now` and no later leave counts as a disconnect. Sockets may stay in the
   * session's room to read the record; they are no longer attending.
   */
  async endSession(sessionId: string, now = new Date()): Promise<void> {
    const prefix = keyOf(sessionId, '');
    const ids: number[] = [];
    for (const [key, entry] of this.#entries) {
      if (!key.startsWith(prefix)) continue;
      this.#entries.delete(key);
      ids.push(entry.intervalId);
    }
    this.#connected.delete(sessionId);
    if (ids.length === 0) return;
    await untilDone(() => this.#closeIntervals(ids, now), {
      log: this.#log,
      what: 'closing the intervals of an ended session',
      context: { sessionId, intervals: ids.length },
      stopped: () => this.#stopped,
    });
    this.#log.info({ sessionId, intervals: ids.length }, 'session over: presence closed');
  }

  async #closeIntervals(ids: number[], now: Date): Promise<void> {
    for (let i = 0; i < ids.length; i += 5000) {
      await this.#db
        .update(connectionIntervals)
        .set({ closedAt: now, lastSeenAt: now })
        .where(
          and(
            inArray(connectionIntervals.id, ids.slice(i, i + 5000)),
            isNull(connectionIntervals.closedAt),
          ),
        );
    }
  }

  /** One UPDATE for every open interval: connected points were seen now. */
  async flush(now = new Date()): Promise<void> {
    const ids = [...this.#entries.values()].map((e) => e.intervalId);
    for (let i = 0; i < ids.length; i += 5000) {
      await this.#db
        .update(connectionIntervals)
        .set({ lastSeenAt: now })
        .where(
          and(
            inArray(connectionIntervals.id, ids.slice(i, i + 5000)),
            isNull(connectionIntervals.closedAt),
          ),
        );
    }
  }

  /** Waits for queued joins and leaves, then closes every open interval at `now` (graceful stop). */
  async closeAll(now = new Date()): Promise<void> {
    // Retries stop: a database that is down at shutdown leaves the intervals
    // to closeAbandoned() at the next start, which closes them at last seen.
    this.#stopped = true;
    await Promise.allSettled([...this.#queues.values()]);
    const ids = [...this.#entries.values()].map((e) => e.intervalId);
    this.#entries.clear();
    this.#connected.clear();
    await this.#closeIntervals(ids, now);
  }
}

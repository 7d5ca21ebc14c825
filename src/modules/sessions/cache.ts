import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sessionPoints } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Principal } from '../auth/principal.js';
import { canRead, findSession, runsSession, type SessionRow, sessionBrief } from './read.js';

export interface LiveSession {
  row: SessionRow;
  /** Ids of the invited points. */
  invited: ReadonlySet<string>;
  /** The session as room snapshots carry it. */
  brief: Awaited<ReturnType<typeof sessionBrief>>;
}

/**
 * Sessions as the live side reads them on every socket event: thousands of
 * points check in within a minute and must not each re-read the session and
 * its invitations. Entries are dropped when the session changes (domain
 * events) and expire after a few seconds in any case.
 */
export class SessionCache {
  readonly #db: Db;
  readonly #ttlMs: number;
  readonly #entries = new Map<
    string,
    { loadedAt: number; value: Promise<LiveSession | undefined> }
  >();

  constructor(db: Db, ttlMs = 5_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  get(id: string): Promise<LiveSession | undefined> {
    const entry = this.#entries.get(id);
    if (entry && Date.now() - entry.loadedAt < this.#ttlMs) return entry.value;
    // Concurrent misses share one load.
    const value = this.#load(id);
    this.#entries.set(id, { loadedAt: Date.now(), value });
    value.catch(() => this.#entries.delete(id));
    return value;
  }

  /** The session if the principal may see it (people: any; a point: where invited, once announced), else 404. */
  async readable(principal: Principal, id: string): Promise<LiveSession> {
    const live = await this.get(id);
    if (!live || !(await canRead(principal, live.row, (pointId) => live.invited.has(pointId)))) {
      throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such session.');
    }
    return live;
  }

  /**
   * The session if the principal runs it (the secretariat, its chair, its
   * moderators; checked against the database on every act), else 403.
   */
  async ranBy(principal: Principal, id: string, act = 'Only those running the session do this.') {
    const live = await this.readable(principal, id);
    if (!(await runsSession(this.#db, principal, live.row))) {
      throw new HttpProblem(403, ErrorCode.FORBIDDEN, act);
    }
    return live;
  }

  invalidate(id: string): void {
    this.#entries.delete(id);
  }

  async #load(id: string): Promise<LiveSession | undefined> {
    const row = await findSession(this.#db, id);
    if (!row) return undefined;
    const [invited, brief] = await Promise.all([
      this.#db
        .select({ pointId: sessionPoints.pointId })
        .from(sessionPoints)
        .where(eq(sessionPoints.sessionId, id)),
      sessionBrief(this.#db, row),
    ]);
    return { row, invited: new Set(invited.map((i) => i.pointId)), brief };
  }
}

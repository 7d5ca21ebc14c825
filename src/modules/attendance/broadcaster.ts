import type { Db } from '../../db/client.js';
import { untilDone } from '../../db/retry.js';
import type { Logger } from '../../logger.js';
import { type AppServer, rooms } from '../../realtime/dispatch.js';
import { findSession } from '../sessions/read.js';
import { type BoardContext, loadBoard, loadSummary } from './board.js';
import type { PresenceTracker } from './presence.js';

/** Changes within this window go out as one `attendance:updated` per session. */
const COALESCE_MS = 250;
const ALL = '*';

/**
 * Tells the people watching a session (moderators, chair, secretariat,
 * observers) which points changed. Only to them: sending every point's
 * change to every point would be N² messages during a check-in storm.
 */
export class AttendanceBroadcaster {
  readonly #pending = new Map<string, Set<string>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  /** Moves with every change: the board's HTTP entity tag is built on it. */
  readonly #versions = new Map<string, number>();
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly io: AppServer,
    private readonly presence: PresenceTracker,
    private readonly boardContext: (sessionId: string) => BoardContext,
    private readonly log: Logger,
  ) {}

  /** Every point's row changed (the session ended: nobody is connected any more). */
  changedAll(sessionId: string): void {
    this.changed(sessionId, ALL);
  }

  version(sessionId: string): number {
    return this.#versions.get(sessionId) ?? 0;
  }

  changed(sessionId: string, pointId: string): void {
    if (this.#stopped) return;
    this.#versions.set(sessionId, this.version(sessionId) + 1);
    const pending = this.#pending.get(sessionId) ?? new Set<string>();
    pending.add(pointId);
    this.#pending.set(sessionId, pending);
    if (this.#timers.has(sessionId)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(sessionId);
      const pointIds = [...(this.#pending.get(sessionId) ?? [])];
      this.#pending.delete(sessionId);
      // The board must catch up with what is stored, even if a read fails.
      void untilDone(() => this.#flush(sessionId, pointIds), {
        log: this.log,
        what: 'attendance broadcast',
        context: { sessionId },
        stopped: () => this.#stopped,
      });
    }, COALESCE_MS);
    timer.unref();
    this.#timers.set(sessionId, timer);
  }

  async #flush(sessionId: string, pointIds: string[]): Promise<void> {
    const session = await findSession(this.db, sessionId);
    if (!session || pointIds.length === 0 || this.#stopped) return;
    const ctx = this.boardContext(sessionId);
    const [points, summary] = await Promise.all([
      loadBoard(this.db, session, ctx, pointIds.includes(ALL) ? undefined : pointIds),
      loadSummary(this.db, sessionId, this.presence.connectedCount(sessionId)),
    ]);
    this.io.to(rooms.staff(sessionId)).emit('attendance:updated', { sessionId, points, summary });
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#pending.clear();
  }
}

import { randomBytes } from 'node:crypto';
import Type, { type Static } from 'typebox';
import type { AttendanceSummary, PointAttendance } from '../../contract/index.js';

/**
 * The readiness board and the attendance record as HTTP serves them at
 * national scale: one computation per version of a session's board, however
 * many people poll it; `ETag` / `If-None-Match` so an unchanged board costs a
 * 304; and pages and filters so a console need not take 3,400 rows at once.
 *
 * A board's version moves with every change the broadcaster hears of, and
 * with time (connected seconds and network figures move by themselves): a
 * polled board is at most `TIME_BUCKET_MS` behind, and the socket's
 * `attendance:updated` is live.
 */
const TIME_BUCKET_MS = 2_000;
/** Another process (or a restart) never answers 304 to this one's tags. */
const BOOT = randomBytes(4).toString('hex');
const KEPT = 64;

export const BoardQuery = Type.Object({
  status: Type.Optional(
    Type.Array(Type.Enum(['present', 'late', 'absent', 'excused']), {
      description: 'repeat or comma-separate: status=absent,excused',
    }),
  ),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'code or name contains' }),
  ),
  kind: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000 })),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type BoardFilter = Static<typeof BoardQuery>;

interface Board {
  summary: AttendanceSummary;
  points: PointAttendance[];
}

export class BoardCache {
  readonly #entries = new Map<string, { tag: string; board: Promise<Board> }>();

  /** The entity tag of a session's board now. */
  tag(version: string, now = Date.now()): string {
    return `W/"${BOOT}-${version}-${Math.floor(now / TIME_BUCKET_MS)}"`;
  }

  /** The board for this tag: computed once, shared by every request for it. */
  get(sessionId: string, tag: string, load: () => Promise<Board>): Promise<Board> {
    const cached = this.#entries.get(sessionId);
    if (cached?.tag === tag) return cached.board;
    const board = load();
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, { tag, board });
    board.catch(() => {
      if (this.#entries.get(sessionId)?.board === board) this.#entries.delete(sessionId);
    });
    // Oldest out: a bounded cache, one board per session.
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= KEPT) break;
      this.#entries.delete(key);
    }
    return board;
  }
}

/** The rows asked for, and how many match before paging. */
export function filterBoard(points: PointAttendance[], f: BoardFilter) {
  const needle = f.q?.toLocaleLowerCase('vi');
  const matching = points.filter(
    (p) =>
      (!f.status || f.status.length === 0 || f.status.includes(p.status)) &&
      (!f.kind || p.kind === f.kind) &&
      (!needle || p.code.includes(needle) || p.name.toLocaleLowerCase('vi').includes(needle)),
  );
  const page = matching.slice(f.offset, f.limit === undefined ? undefined : f.offset + f.limit);
  return { points: page, total: matching.length };
}

/** Whether the client's `If-None-Match` holds this tag. */
export function notModified(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === tag || t === '*');
}

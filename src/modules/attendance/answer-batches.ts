import type { AppServer } from '../../realtime/dispatch.js';
import { rooms } from '../../realtime/dispatch.js';

/** Answers within this window go out as one `rollcall:answered`. */
const BATCH_MS = 250;

/**
 * Roll-call answers as the people running the session (and the hall) watch
 * them arrive: in batches, like the board's `attendance:updated` — 3,400
 * answers in a few seconds are a dozen messages per watcher, not 3,400.
 */
export class AnswerBatches {
  readonly #io: AppServer;
  readonly #pending = new Map<
    string,
    { sessionId: string; answers: Array<{ code: string; answeredAt: string }> }
  >();
  readonly #timers = new Set<NodeJS.Timeout>();
  #stopped = false;

  constructor(io: AppServer) {
    this.#io = io;
  }

  add(sessionId: string, rollCallId: string, answer: { code: string; answeredAt: string }) {
    if (this.#stopped) return;
    const batch = this.#pending.get(rollCallId);
    if (batch) {
      // A repeated answer (idempotent, the same time) is told once.
      if (!batch.answers.some((a) => a.code === answer.code)) batch.answers.push(answer);
      return;
    }
    this.#pending.set(rollCallId, { sessionId, answers: [answer] });
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const done = this.#pending.get(rollCallId);
      this.#pending.delete(rollCallId);
      if (!done) return;
      this.#io.to(rooms.staff(done.sessionId)).emit('rollcall:answered', {
        sessionId: done.sessionId,
        rollCallId,
        answers: done.answers,
      });
    }, BATCH_MS);
    timer.unref();
    this.#timers.add(timer);
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#pending.clear();
  }
}

import { untilDone } from '../../db/retry.js';
import type { Logger } from '../../logger.js';

export interface TimedSpeech {
  sessionId: string;
  entryId: string;
  endsAt: Date;
  /** floor:warning goes out this long before endsAt (0: no early warning). */
  warningSeconds: number;
  warnedAt: Date | null;
  /** 'end': the floor ends at endsAt; 'warn': it only warns then. */
  overrun: 'end' | 'warn';
}

export interface FloorClockHandlers {
  /** Early warning (`overrun: false`), or the limit reached with overrun 'warn' (`overrun: true`). */
  warn(speech: TimedSpeech, overrun: boolean): Promise<void>;
  /** The limit reached with overrun 'end': end the speech at `speech.endsAt`. */
  timeUp(speech: TimedSpeech): Promise<void>;
}

/**
 * The timers of the speeches in progress, one pair per session. Rebuilt from
 * the database after a start; a limit that passed while the server was down
 * fires at once (and the speech ends at its limit, not at restart). A timer
 * whose statement fails (a dropped connection, a cancelled statement) tries
 * again until it takes effect: a speech must not outlive its limit because
 * the database hiccuped at that second. The handlers are idempotent.
 */
export class FloorClock {
  readonly #timers = new Map<string, NodeJS.Timeout[]>();
  #stopped = false;

  constructor(
    private readonly handlers: FloorClockHandlers,
    private readonly log: Logger,
  ) {}

  schedule(speech: TimedSpeech): void {
    this.cancel(speech.sessionId);
    const now = Date.now();
    const end = speech.endsAt.getTime();
    const warnAt = end - speech.warningSeconds * 1000;
    const timers: NodeJS.Timeout[] = [];
    const run = (what: string, task: () => Promise<void>) => () => {
      void untilDone(task, {
        log: this.log,
        what: `floor ${what}`,
        context: { sessionId: speech.sessionId, entryId: speech.entryId },
        stopped: () => this.#stopped,
      });
    };
    if (speech.warningSeconds > 0 && !speech.warnedAt && end > now) {
      timers.push(
        setTimeout(
          run('warning', () => this.handlers.warn(speech, false)),
          Math.max(0, warnAt - now),
        ),
      );
    }
    timers.push(
      setTimeout(
        run('limit', () =>
          speech.overrun === 'end'
            ? this.handlers.timeUp(speech)
            : this.handlers.warn(speech, true),
        ),
        Math.max(0, end - now),
      ),
    );
    for (const t of timers) t.unref();
    this.#timers.set(speech.sessionId, timers);
  }

  cancel(sessionId: string): void {
    for (const t of this.#timers.get(sessionId) ?? []) clearTimeout(t);
    this.#timers.delete(sessionId);
  }

  stop(): void {
    this.#stopped = true;
    for (const sessionId of [...this.#timers.keys()]) this.cancel(sessionId);
  }
}

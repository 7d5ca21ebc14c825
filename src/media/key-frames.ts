/**
 * Chrome answers at most one key-frame request per camera every 300 ms (its
 * encoder's minimum keyframe interval, all simulcast layers at once), and
 * mediasoup asks again only after a second. Resuming a video consumer, or
 * moving it to another simulcast layer, makes mediasoup ask at once: when the
 * floor moved, the wall switched the new speaker up at once and each point
 * resumed after its own ack, so the points' requests fell inside Chrome's
 * 300 ms and their first frame waited a second for mediasoup's retry.
 */

/** Bursts apart by more than Chrome's 300 ms, with room for jitter on the way. */
export const KEY_FRAME_SPACING_MS = 350;
/**
 * How long after the last offer went out a burst waits for acks. An ack
 * later than that waits a spacing more; all waiting this long still see the
 * first frame within about half a second of the floor moving.
 */
export const KEY_FRAME_GATHER_MS = 350;

interface Asked {
  run: () => Promise<unknown>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * When the consumers of one video producer may ask its sender for a key
 * frame: together, in bursts at least KEY_FRAME_SPACING_MS apart, so that one
 * key frame serves a burst and the next burst's request falls where Chrome
 * answers it. A burst waits for the acks of the offers just sent for this
 * producer (up to KEY_FRAME_GATHER_MS after the last of them went out), so a
 * floor move's wall switch and the points' resumes share one key frame.
 * Constant work per consumer and one timer per producer, whatever the room's size.
 */
export class KeyFrameGate {
  readonly #spacingMs: number;
  readonly #gatherMs: number;
  #asked: Asked[] = [];
  /** Offers out whose ack will ask (see expect()), and when the last went out. */
  #expected = 0;
  #lastExpectAt = Number.NEGATIVE_INFINITY;
  #lastBurstAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #gathering = false;
  #deciding = false;
  #closed = false;

  constructor(spacingMs = KEY_FRAME_SPACING_MS, gatherMs = KEY_FRAME_GATHER_MS) {
    this.#spacingMs = spacingMs;
    this.#gatherMs = gatherMs;
  }

  /** An offer went out whose acceptance will ask(); call the release when it does or fails (idempotent). */
  expect(): () => void {
    this.#expected++;
    this.#lastExpectAt = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#expected--;
      this.#decideSoon();
    };
  }

  /**
   * Runs `action` (a resume, a layer switch) with the next burst; `release`:
   * the expect() this answers. Settles as the action does.
   */
  ask(action: () => Promise<unknown>, release?: () => void): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.#asked.push({ run: action, resolve, reject });
    });
    if (release) release();
    else this.#decideSoon();
    return done;
  }

  /** The producer closed: runs what waits (its consumers closed too) and stops timing. */
  close(): void {
    this.#closed = true;
    this.#burst();
  }

  /**
   * Decides once the current reconcile pass is through: it asks for the
   * wall's layer switch before it has sent (and expect()ed) the points' offers.
   */
  #decideSoon(): void {
    if (this.#deciding) return;
    this.#deciding = true;
    setImmediate(() => {
      this.#deciding = false;
      this.#decide();
    });
  }

  #decide(): void {
    if (this.#asked.length === 0) return;
    if (this.#closed) {
      this.#burst();
      return;
    }
    if (this.#timer) {
      // A gathering burst goes as soon as every offer out has answered.
      if (this.#gathering && this.#expected === 0) this.#burst();
      return;
    }
    const now = performance.now();
    const free = this.#lastBurstAt + this.#spacingMs;
    const gatherUntil = this.#lastExpectAt + this.#gatherMs;
    if (now < free) {
      this.#timer = setTimeout(() => this.#burst(), free - now);
    } else if (this.#expected > 0 && now < gatherUntil) {
      this.#gathering = true;
      this.#timer = setTimeout(() => this.#burst(), gatherUntil - now);
    } else {
      this.#burst();
    }
  }

  #burst(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#gathering = false;
    const asked = this.#asked;
    this.#asked = [];
    if (asked.length === 0) return;
    this.#lastBurstAt = performance.now();
    for (const { run, resolve, reject } of asked)
      Promise.resolve()
        .then(run)
        .then(() => resolve(), reject);
  }
}

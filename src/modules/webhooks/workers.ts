import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { Logger } from '../../logger.js';
import { DELIVERY_QUEUE, type DeliveryJob } from './delivery.js';

/**
 * `concurrency` delivery loops over pg-boss's fetch/complete/fail. pg-boss's
 * own `work()` sleeps a polling interval after every job when it fetches one
 * at a time; with key_strict_fifo one session's deliveries come one per
 * fetch, so they would trickle out at about one per interval. These loops
 * fetch again at once after a job, sleep only when there is nothing due,
 * and are woken when this process enqueues. Each loop holds one delivery,
 * so a slow endpoint takes one loop, never the others.
 */
export class DeliveryWorkers {
  readonly #boss: PgBoss;
  readonly #handle: (job: JobWithMetadata<DeliveryJob>) => Promise<void>;
  readonly #log: Logger;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #sleepers = new Set<() => void>();
  #loops: Promise<void>[] = [];
  #stopping = false;

  constructor(
    boss: PgBoss,
    handle: (job: JobWithMetadata<DeliveryJob>) => Promise<void>,
    options: { concurrency: number; pollMs: number; log: Logger },
  ) {
    this.#boss = boss;
    this.#handle = handle;
    this.#log = options.log;
    this.#concurrency = options.concurrency;
    this.#pollMs = options.pollMs;
  }

  start(): void {
    for (let i = 0; i < this.#concurrency; i++) this.#loops.push(this.#run());
  }

  /**
   * New jobs were queued here: one idle loop looks now instead of at its next
   * poll (waking all of them on every enqueue of a burst would only make them
   * race for the same job). A loop that finds a job wakes the next one.
   */
  wake(): void {
    const [first] = this.#sleepers;
    first?.();
  }

  /** Lets the deliveries in flight finish (up to `timeoutMs`), then stops fetching. */
  async stop(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    for (const wake of this.#sleepers) wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.#loops),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let job: JobWithMetadata<DeliveryJob> | undefined;
      try {
        [job] = await this.#boss.fetch<DeliveryJob>(DELIVERY_QUEUE, {
          batchSize: 1,
          includeMetadata: true,
        });
        if (job) {
          // There may be more (other endpoints or sessions): let another loop look.
          this.wake();
          await this.#settle(job);
        }
      } catch (err) {
        this.#log.error({ err }, 'webhook worker: fetching or settling a job failed');
        job = undefined;
      }
      if (!job && !this.#stopping) await this.#sleep();
    }
  }

  async #settle(job: JobWithMetadata<DeliveryJob>): Promise<void> {
    try {
      await this.#handle(job);
    } catch (err) {
      // pg-boss schedules the retry (backoff) or, after the last one, fails it for good.
      await this.#boss.fail(DELIVERY_QUEUE, job, { message: (err as Error).message });
      return;
    }
    await this.#boss.complete(DELIVERY_QUEUE, job);
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#pollMs);
      this.#sleepers.add(done);
    });
  }
}

import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MediaConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { MediaWorker } from './media-worker.js';

interface WorkerPoolEvents {
  /** A worker died; its routers and transports are gone. Its slot is being refilled. */
  workerdied: [index: number, error: Error];
  /** A worker (first start or replacement) is running in slot `index`. */
  workerready: [worker: MediaWorker];
  closed: [];
}

export interface WorkerPoolOptions {
  config: MediaConfig;
  log: Logger;
  /** First delay before respawning a dead worker; doubles per failed attempt up to 5 s. */
  respawnDelayMs?: number;
}

const MAX_RESPAWN_DELAY_MS = 5_000;

/**
 * A fixed number of mediasoup workers (by default one per core). A slot whose
 * worker dies is refilled in the background; until it is, the pool is not ready.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly size: number;
  readonly #slots: Array<MediaWorker | undefined>;
  readonly #config: MediaConfig;
  readonly #log: Logger;
  readonly #respawnDelayMs: number;
  #next = 0;
  #closed = false;
  #closing: Promise<void> | undefined;
  #deaths = 0;

  static async create({ config, log, respawnDelayMs }: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(config, log, respawnDelayMs ?? 250);
    try {
      // Started one after another: each spawn is cheap, and a bad setting
      // (e.g. a port in use) then fails on the first worker with a clear error.
      for (let index = 0; index < pool.size; index++) await pool.#start(index);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  private constructor(config: MediaConfig, log: Logger, respawnDelayMs: number) {
    super();
    this.size = config.workers;
    this.#slots = new Array(config.workers).fill(undefined);
    this.#config = config;
    this.#log = log.child({ component: 'worker-pool' });
    this.#respawnDelayMs = respawnDelayMs;
  }

  /** Workers currently running. */
  get live(): number {
    return this.#slots.filter((w) => w && !w.closed).length;
  }

  /** Every slot has a running worker. */
  get ready(): boolean {
    return !this.#closed && this.live === this.size;
  }

  /** Workers that died since start (each was or is being replaced). */
  get deaths(): number {
    return this.#deaths;
  }

  get closed(): boolean {
    return this.#closed;
  }

  workers(): MediaWorker[] {
    return this.#slots.filter((w): w is MediaWorker => w !== undefined && !w.closed);
  }

  /** A running worker, round-robin. Throws when none is running. */
  pick(): MediaWorker {
    const running = this.workers();
    if (running.length === 0) throw new Error('no mediasoup worker is running');
    const worker = running[this.#next++ % running.length] as MediaWorker;
    return worker;
  }

  async #start(index: number): Promise<MediaWorker> {
    const worker = await MediaWorker.create({ index, config: this.#config, log: this.#log });
    if (this.#closed) {
      await worker.close();
      throw new Error('worker pool closed while starting a worker');
    }
    this.#slots[index] = worker;
    worker.once('died', (error) => this.#onDied(worker, error));
    this.emit('workerready', worker);
    return worker;
  }

  #onDied(worker: MediaWorker, error: Error): void {
    if (this.#closed) return;
    this.#deaths++;
    if (this.#slots[worker.index] === worker) this.#slots[worker.index] = undefined;
    this.emit('workerdied', worker.index, error);
    void this.#respawn(worker.index);
  }

  async #respawn(index: number): Promise<void> {
    let delay = this.#respawnDelayMs;
    for (let attempt = 1; ; attempt++) {
      // A short pause first: if the whole process is being stopped (Ctrl-C
      // reaches the workers too), shutdown wins and nothing is respawned.
      await sleep(delay);
      if (this.#closed) return;
      try {
        const worker = await this.#start(index);
        this.#log.warn({ worker: index, pid: worker.pid, attempt }, 'mediasoup worker replaced');
        return;
      } catch (error) {
        if (this.#closed) return;
        this.#log.error(
          { err: error, worker: index, attempt },
          'could not replace mediasoup worker',
        );
        delay = Math.min(delay * 2, MAX_RESPAWN_DELAY_MS);
      }
    }
  }

  /** Stops every worker and waits for the processes to exit. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    const workers = this.#slots.filter((w): w is MediaWorker => w !== undefined);
    this.#slots.fill(undefined);
    await Promise.all(workers.map((w) => w.close()));
    this.#log.info({ workers: workers.length }, 'mediasoup workers closed');
    this.emit('closed');
  }
}

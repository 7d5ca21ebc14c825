import type { types } from 'mediasoup';
import { ErrorCode, HttpProblem } from '../http/problem.js';
import { mediaCodecs } from './codecs.js';
import { type MediaWorker, UDP_BUFFER_BYTES } from './media-worker.js';
import type { WorkerPool } from './worker-pool.js';

export interface RouterSlot {
  worker: MediaWorker;
  router: types.Router;
  speakers: types.ActiveSpeakerObserver;
}

/** Pipes between workers: one carries many producers, in bursts (see UDP_BUFFER_BYTES). */
export const PIPE_LISTEN: types.TransportListenInfo = {
  protocol: 'udp',
  ip: '127.0.0.1',
  recvBufferSize: UDP_BUFFER_BYTES,
  sendBufferSize: UDP_BUFFER_BYTES,
};

/**
 * A session's routers: at most one per worker, created on first use, and the
 * pipes between them, each producer crossing to a given router at most once.
 */
export class RoomRouters {
  readonly #sessionId: string;
  readonly #pool: WorkerPool;
  readonly #onDominantSpeaker: (pointId: string) => void;
  readonly #slots = new Map<number, Promise<RouterSlot>>();
  /** Workers routers were put on (kept after a router closes, to tell who a dead worker affects). */
  readonly #usedWorkers = new Set<number>();
  readonly #pipes = new Map<string, Promise<void>>();

  constructor(sessionId: string, pool: WorkerPool, onDominantSpeaker: (pointId: string) => void) {
    this.#sessionId = sessionId;
    this.#pool = pool;
    this.#onDominantSpeaker = onDominantSpeaker;
  }

  /** Worker indexes with routers of this session (or that had, until the last reset). */
  workerIndexes(): number[] {
    return [...this.#usedWorkers];
  }

  slot(worker: MediaWorker): Promise<RouterSlot> {
    let slot = this.#slots.get(worker.index);
    if (!slot) {
      this.#usedWorkers.add(worker.index);
      slot = (async () => {
        const router = await worker.worker.createRouter({
          mediaCodecs,
          appData: { sessionId: this.#sessionId, workerIndex: worker.index },
        });
        const speakers = await router.createActiveSpeakerObserver({ interval: 300 });
        speakers.on('dominantspeaker', ({ producer }) => {
          const pointId = producer.appData.pointId;
          if (typeof pointId === 'string') this.#onDominantSpeaker(pointId);
        });
        router.observer.once('close', () => this.#slots.delete(worker.index));
        return { worker, router, speakers };
      })();
      slot.catch(() => this.#slots.delete(worker.index));
      this.#slots.set(worker.index, slot);
    }
    return slot;
  }

  /** The slot of the live worker a router of ours is on. */
  slotOf(router: types.Router): Promise<RouterSlot> {
    const worker = this.#pool.workers().find((w) => w.index === router.appData.workerIndex);
    if (!worker || router.closed)
      throw new HttpProblem(409, ErrorCode.CONFLICT, 'The media worker was replaced; start again.');
    return this.slot(worker);
  }

  /** A router on the live worker carrying the fewest of the given routers' users. */
  async leastLoaded(inUse: Iterable<types.Router>): Promise<types.Router> {
    const load = new Map<number, number>();
    for (const router of inUse) {
      const index = router.appData.workerIndex;
      if (typeof index === 'number' && !router.closed) load.set(index, (load.get(index) ?? 0) + 1);
    }
    const workers = this.#pool.workers();
    if (workers.length === 0)
      throw new HttpProblem(503, ErrorCode.UNAVAILABLE, 'No media worker is running.');
    const worker = workers.reduce((best, w) =>
      (load.get(w.index) ?? 0) < (load.get(best.index) ?? 0) ? w : best,
    );
    return (await this.slot(worker)).router;
  }

  /** Pipes a producer to another worker's router, once per producer and router. */
  async pipe(from: types.Router, producerId: string, to: types.Router): Promise<void> {
    if (from === to) return;
    const key = `${producerId}:${to.id}`;
    let pipe = this.#pipes.get(key);
    if (!pipe) {
      pipe = from
        .pipeToRouter({ producerId, router: to, listenInfo: PIPE_LISTEN })
        .then(() => undefined);
      pipe.catch(() => this.#pipes.delete(key));
      this.#pipes.set(key, pipe);
    }
    await pipe;
  }

  /** The producer closed: its pipes went with it. */
  forgetPipesOf(producerId: string): void {
    for (const key of [...this.#pipes.keys()])
      if (key.startsWith(`${producerId}:`)) this.#pipes.delete(key);
  }

  /** Closes every router (and so every transport and pipe); the next use starts afresh. */
  async closeAll(): Promise<void> {
    const slots = await Promise.allSettled([...this.#slots.values()]);
    for (const s of slots) if (s.status === 'fulfilled') s.value.router.close();
    this.#slots.clear();
    this.#usedWorkers.clear();
    this.#pipes.clear();
  }
}

import type { Logger } from '../logger.js';
import { MediaRoom } from './media-room.js';
import { type NetworkFigures, sampleNetwork } from './network.js';
import type { MicOverride } from './routing.js';
import type { WorkerPool } from './worker-pool.js';

/** Peers whose network figures are read at the same time. */
const SAMPLE_CONCURRENCY = 8;

export interface MediaServiceHooks {
  /** Who holds the floor in a session right now, and moderators' microphone decisions (when its room opens). */
  roomState(
    sessionId: string,
  ): Promise<{ floorPointId: string | null; micOverrides: ReadonlyMap<string, MicOverride> }>;
  /** The loudest microphone of a session changed. */
  activeSpeaker(sessionId: string, point: { pointId: string; code: string }): void;
  /** A room lost its routers (worker failure): its clients must start again. */
  reset(room: MediaRoom): void;
  /** Fresh figures of a point's connection. */
  network(sessionId: string, pointId: string, figures: NetworkFigures): void;
}

/**
 * The media rooms of the sessions in progress, opened on first use (one at a
 * time per session, however many clients ask at once), driven by floor
 * events and worker failures.
 */
export class MediaService {
  readonly #pool: WorkerPool;
  readonly #log: Logger;
  readonly #hooks: MediaServiceHooks;
  readonly #opening = new Map<string, Promise<MediaRoom>>();
  readonly #rooms = new Map<string, MediaRoom>();
  readonly #figures = new Map<string, NetworkFigures>();
  readonly #sampler: NodeJS.Timeout;
  #sampling = false;
  /** What network sampling costs: rounds, rounds skipped (the previous still running), the last one's size and time. */
  readonly samplerStats = { runs: 0, skipped: 0, lastPeers: 0, lastSeconds: 0 };
  #closed = false;

  constructor(pool: WorkerPool, log: Logger, hooks: MediaServiceHooks, sampleEveryMs: number) {
    this.#pool = pool;
    this.#log = log.child({ component: 'media' });
    this.#hooks = hooks;
    pool.on('workerdied', (index) => {
      void this.#workerDied(index).catch((err) =>
        this.#log.error({ err, worker: index }, 'media reset failed'),
      );
    });
    this.#sampler = setInterval(() => {
      void this.#sample().catch((err) => this.#log.warn({ err }, 'network sampling failed'));
    }, sampleEveryMs);
    this.#sampler.unref();
  }

  /** The session's room, opened if needed. */
  room(sessionId: string): Promise<MediaRoom> {
    const open = this.#rooms.get(sessionId);
    if (open) return Promise.resolve(open);
    let opening = this.#opening.get(sessionId);
    if (!opening) {
      opening = (async () => {
        const room = await MediaRoom.create({
          sessionId,
          pool: this.#pool,
          log: this.#log,
          ...(await this.#hooks.roomState(sessionId)),
        });
        room.on('activespeaker', (point) => this.#hooks.activeSpeaker(sessionId, point));
        room.once('closed', () => this.#rooms.delete(sessionId));
        this.#rooms.set(sessionId, room);
        return room;
      })().finally(() => this.#opening.delete(sessionId));
      this.#opening.set(sessionId, opening);
    }
    return opening;
  }

  /** The room if it is open; nothing is opened. */
  existing(sessionId: string): MediaRoom | undefined {
    return this.#rooms.get(sessionId);
  }

  rooms(): MediaRoom[] {
    return [...this.#rooms.values()];
  }

  async floorChanged(sessionId: string, pointId: string | null): Promise<void> {
    await this.#rooms.get(sessionId)?.setFloor(pointId);
  }

  closeRoom(sessionId: string): void {
    this.#rooms.get(sessionId)?.close();
  }

  networkOf(sessionId: string, pointId: string): NetworkFigures | null {
    return this.#figures.get(`${sessionId}:${pointId}`) ?? null;
  }

  async #workerDied(index: number): Promise<void> {
    for (const room of this.#rooms.values()) {
      if (!room.workerIndexes().includes(index)) continue;
      this.#log.warn(
        { sessionId: room.sessionId, worker: index },
        'media worker died: resetting the room',
      );
      await room.reset();
      this.#hooks.reset(room);
    }
  }

  /**
   * One round of network figures for every peer: a few peers at a time (each
   * costs the worker three stats requests), and never two rounds at once — a
   * round still running when the next is due makes that one skip.
   */
  async #sample(): Promise<void> {
    if (this.#closed) return;
    if (this.#sampling) {
      this.samplerStats.skipped++;
      return;
    }
    this.#sampling = true;
    const started = performance.now();
    const jobs = [...this.#rooms.values()].flatMap((room) =>
      room.peers().map((peer) => ({ room, peer })),
    );
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !this.#closed) {
        const { room, peer } = jobs[next++] as (typeof jobs)[number];
        const figures = await sampleNetwork(peer).catch(() => null);
        if (!figures) continue;
        this.#figures.set(`${room.sessionId}:${peer.pointId}`, figures);
        this.#hooks.network(room.sessionId, peer.pointId, figures);
      }
    };
    try {
      await Promise.all(Array.from({ length: SAMPLE_CONCURRENCY }, worker));
    } finally {
      this.#sampling = false;
      this.samplerStats.runs++;
      this.samplerStats.lastPeers = jobs.length;
      this.samplerStats.lastSeconds = (performance.now() - started) / 1000;
    }
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#sampler);
    for (const room of [...this.#rooms.values()]) room.close();
  }
}

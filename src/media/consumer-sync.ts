import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import type { MediaPeer, ProducedMedia } from './media-peer.js';
import type { RoomRouters } from './room-routers.js';
import { interestingPoints, type Layer, type RoutingContext, reach, route } from './routing.js';

/** The peers of a room, indexed the ways a change needs them. */
export interface PeerIndex {
  all(): Iterable<MediaPeer>;
  halls(): Iterable<MediaPeer>;
  ofPoint(pointId: string): Iterable<MediaPeer>;
  producer(producerId: string): ProducedMedia | undefined;
}

/** Pairs looked at between two turns of the event loop: a pass never holds it for long. */
const PAIRS_PER_TURN = 200;
/**
 * Consumers made at once. mediasoup's JavaScript side spends about half a
 * millisecond of the main thread on each (cloning parameters, encoding the
 * request); a floor change at 3,400 points makes 6,800 of them, so they go
 * in small batches with a turn of the event loop between.
 */
const CONSUMES_PER_TURN = 16;

/**
 * Keeps every receiving peer's consumers in line with the routing policy,
 * incrementally: a change marks what it touched — a producer (a new one, or
 * one whose audience changed: the floor, a microphone, the wall's page) or a
 * receiver (ready to receive, or back after a dropped line) — and the next
 * pass looks only at the pairs those can form, as the policy's `reach` and
 * `interestingPoints` narrow them. A new point's camera is looked at against
 * the halls, not the room; a floor change against the room once, for the
 * two speakers' producers. Passes run one at a time; marks made during a
 * pass go into the next; a pass yields to the event loop every few hundred
 * pairs, so sockets and HTTP keep flowing while a big room changes.
 */
export class ConsumerSync {
  readonly #peers: PeerIndex;
  readonly #routers: RoomRouters;
  readonly #ctx: RoutingContext;
  readonly #log: Logger;
  /** Producers to look at, and whether each is new (no consumer can exist yet). */
  readonly #media = new Map<ProducedMedia, boolean>();
  readonly #receivers = new Set<MediaPeer>();
  #everything = false;
  #queue: Promise<void> = Promise.resolve();
  #next: Promise<void> | undefined;
  #closed = false;
  /** Pairs looked at by the last pass (benchmarks and tests read it). */
  lastPassPairs = 0;

  constructor(options: {
    peers: PeerIndex;
    routers: RoomRouters;
    ctx: RoutingContext;
    log: Logger;
  }) {
    this.#peers = options.peers;
    this.#routers = options.routers;
    this.#ctx = options.ctx;
    this.#log = options.log;
  }

  /** Every pair, once (recovery after a reset, tools); the usual path marks what changed. */
  everything(): Promise<void> {
    this.#everything = true;
    return this.#schedule();
  }

  producer(media: ProducedMedia, fresh = false): Promise<void> {
    this.#media.set(media, (this.#media.get(media) ?? true) && fresh);
    return this.#schedule();
  }

  /** Every producer of a point: its audience changed (floor, microphone, the wall's page). */
  point(pointId: string): Promise<void> {
    for (const peer of this.#peers.ofPoint(pointId))
      for (const media of peer.producers.values()) this.#media.set(media, false);
    return this.#schedule();
  }

  receiver(peer: MediaPeer): Promise<void> {
    this.#receivers.add(peer);
    return this.#schedule();
  }

  close(): void {
    this.#closed = true;
  }

  #schedule(): Promise<void> {
    if (this.#next) return this.#next;
    // Never rejects (callers fire and forget it): a failed pass is logged, the next heals.
    const next = this.#queue
      .then(() => {
        this.#next = undefined;
        return this.#pass();
      })
      .catch((err) => this.#log.error({ err }, 'consumer pass failed'));
    this.#next = next;
    this.#queue = next;
    return next;
  }

  async #pass(): Promise<void> {
    if (this.#closed) return;
    const everything = this.#everything;
    const receivers = everything ? [...this.#peers.all()] : [...this.#receivers];
    const media = everything ? [] : [...this.#media];
    this.#everything = false;
    this.#receivers.clear();
    this.#media.clear();
    const work: Array<() => Promise<void>> = [];
    let pairs = 0;
    const turn = async () => {
      if (++pairs % PAIRS_PER_TURN === 0) await yieldToEventLoop();
    };

    const done = new Set<MediaPeer>();
    for (const receiver of receivers) {
      if (!receiver.receiving) continue;
      done.add(receiver);
      // Consumers already closed under it (their producer went): forget them.
      for (const [producerId, consumer] of receiver.consumers)
        if (consumer.closed) this.drop(receiver, producerId, consumer);
      for (const produced of this.#wantedBy(receiver, everything)) {
        this.#pair(receiver, produced, work);
        await turn();
      }
    }
    for (const [produced, fresh] of media) {
      if (produced.producer.closed) continue;
      for (const receiver of this.#audienceOf(produced, fresh)) {
        if (done.has(receiver)) continue;
        this.#pair(receiver, produced, work);
        await turn();
      }
    }
    this.lastPassPairs = pairs;
    for (let i = 0; i < work.length; i += CONSUMES_PER_TURN) {
      await Promise.all(work.slice(i, i + CONSUMES_PER_TURN).map((consume) => consume()));
      if (i + CONSUMES_PER_TURN < work.length) await yieldToEventLoop();
    }
  }

  /**
   * The producers a receiver can possibly want, and those it holds now
   * (changes made while it could not receive may not have reached it).
   * Everything: every producer.
   */
  *#wantedBy(receiver: MediaPeer, everything: boolean): Iterable<ProducedMedia> {
    const interest = everything ? 'all' : interestingPoints(receiver, this.#ctx);
    const seen = new Set<ProducedMedia>();
    const peers: Iterable<MediaPeer> =
      interest === 'all'
        ? this.#peers.all()
        : new Set([
            ...this.#peers.halls(),
            ...[...interest].flatMap((p) => [...this.#peers.ofPoint(p)]),
          ]);
    for (const peer of peers)
      for (const media of peer.producers.values()) {
        seen.add(media);
        yield media;
      }
    for (const producerId of [...receiver.consumers.keys()]) {
      const media = this.#peers.producer(producerId);
      if (media && !seen.has(media)) yield media;
    }
  }

  /** The receivers that can possibly want a producer, and those that hold it now. */
  #audienceOf(produced: ProducedMedia, fresh: boolean): Iterable<MediaPeer> {
    const to = reach(produced.peer, produced.source, this.#ctx);
    if (to.everyone) return this.#peers.all();
    const audience = new Set<MediaPeer>(to.halls ? this.#peers.halls() : []);
    if (to.self) audience.add(produced.peer);
    // Its audience shrank (a floor ended, a microphone closed, off the wall's page):
    // the receivers holding it now drop it. A new producer has none.
    if (!fresh)
      for (const peer of this.#peers.all())
        if (peer.consumers.has(produced.producer.id)) audience.add(peer);
    return audience;
  }

  #pair(receiver: MediaPeer, media: ProducedMedia, work: Array<() => Promise<void>>): void {
    if (!receiver.receiving || media.producer.closed) return;
    const wanted = route(receiver, media.peer, media.source, this.#ctx);
    const existing = receiver.consumers.get(media.producer.id);
    if (!wanted) {
      if (existing) this.drop(receiver, media.producer.id, existing);
      return;
    }
    if (existing) {
      this.#setLayer(media, existing, wanted.layer);
      return;
    }
    work.push(() =>
      this.#consume(receiver, media, wanted.layer).catch((err) => {
        if (!receiver.closed && !media.producer.closed)
          this.#log.warn({ err, point: receiver.code }, 'could not consume');
      }),
    );
  }

  async #consume(receiver: MediaPeer, media: ProducedMedia, layer: Layer): Promise<void> {
    const { producer } = media;
    const transport = receiver.recvTransport;
    const caps = receiver.rtpCapabilities;
    if (!transport || !caps || receiver.closed || media.producer.closed) return;
    // Before the first await, so the pass's other key-frame asks wait for this offer's ack.
    const release = media.keyFrames?.expect();
    let offered = false;
    try {
      await this.#routers.pipe(media.peer.router, producer.id, receiver.router);
      if (receiver.consumers.has(producer.id)) return;
      if (!receiver.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) return;
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: caps,
        paused: true,
        ...(producer.type === 'simulcast'
          ? { preferredLayers: { spatialLayer: layer === 'low' ? 0 : 2 } }
          : {}),
        appData: { layer, code: media.peer.code, source: media.source },
      });
      receiver.adopt(producer.id, consumer, () => this.drop(receiver, producer.id, consumer));
      // Not awaited: a console on a slow line takes up to the offer timeout to
      // answer, and the pass (so the next floor change for everyone) must not wait.
      void this.#offer(receiver, media, consumer, release);
      offered = true;
    } finally {
      if (!offered) release?.();
    }
  }

  /**
   * Offers the consumer to its client; resumes it once the client is ready
   * (a video one with its producer's next key-frame burst), else drops it.
   */
  async #offer(
    receiver: MediaPeer,
    media: ProducedMedia,
    consumer: types.Consumer,
    release?: () => void,
  ): Promise<void> {
    const accepted = await receiver.channel
      .offer({
        consumerId: consumer.id,
        producerId: media.producer.id,
        kind: consumer.kind,
        rtpParameters: consumer.rtpParameters,
        code: media.peer.code,
        source: media.source,
      })
      .catch(() => false);
    if (!accepted || consumer.closed) {
      release?.();
      return this.drop(receiver, media.producer.id, consumer);
    }
    await this.#keyFrameAsk(media, () => consumer.resume(), release).catch((err) => {
      if (!consumer.closed) this.#log.warn({ err, point: receiver.code }, 'could not resume');
    });
  }

  /** Closes a consumer (if not yet) and tells its client, once. */
  drop(receiver: MediaPeer, producerId: string, consumer: types.Consumer): void {
    if (receiver.consumers.get(producerId) === consumer) receiver.consumers.delete(producerId);
    if (consumer.appData.dropped) return;
    consumer.appData.dropped = true;
    consumer.close();
    receiver.channel.notify('consumer:closed', { consumerId: consumer.id });
  }

  /** Not awaited by the pass: a switch asks for a key frame, so it waits for its producer's burst. */
  #setLayer(media: ProducedMedia, consumer: types.Consumer, layer: Layer): void {
    if (consumer.type !== 'simulcast' || consumer.appData.layer === layer) return;
    consumer.appData.layer = layer;
    const change = () => consumer.setPreferredLayers({ spatialLayer: layer === 'low' ? 0 : 2 });
    void this.#keyFrameAsk(media, change).catch((err) => {
      if (!consumer.closed)
        this.#log.warn({ err, consumerId: consumer.id }, 'could not set layers');
    });
  }

  /** A video consumer's resume or layer switch asks the sender for a key frame: with its producer's burst. */
  #keyFrameAsk(media: ProducedMedia, action: () => Promise<unknown>, release?: () => void) {
    return media.keyFrames ? media.keyFrames.ask(action, release) : action();
  }
}

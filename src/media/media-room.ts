import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { ErrorCode, HttpProblem } from '../http/problem.js';
import type { Logger } from '../logger.js';
import { withoutUnofferedExtensions } from './codecs.js';
import { KEY_FRAME_SPACING_MS, KeyFrameGate } from './key-frames.js';
import { MediaPeer, type PeerChannel, type ProducedMedia } from './media-peer.js';
import { PIPE_LISTEN, RoomRouters } from './room-routers.js';
import { type Layer, type MediaSource, micOpen, type RoutingContext, route } from './routing.js';
import type { WorkerPool } from './worker-pool.js';

interface MediaRoomEvents {
  /** The loudest microphone changed (mediasoup's active-speaker observer). */
  activespeaker: [point: { pointId: string; code: string }];
  closed: [];
}

const forbidden = (detail: string) => new HttpProblem(403, ErrorCode.FORBIDDEN, detail);

/**
 * A session's media: one router per worker it uses, peers spread over the
 * workers (the least loaded first), producers piped between routers at most
 * once each, and consumers kept in line with the routing policy.
 */
export class MediaRoom extends EventEmitter<MediaRoomEvents> {
  readonly sessionId: string;
  readonly #log: Logger;
  readonly #routers: RoomRouters;
  readonly #peers = new Map<string, MediaPeer>();
  readonly #ctx: { floorPointId: string | null; micOverride: Map<string, 'open' | 'closed'> };
  #queue: Promise<void> = Promise.resolve();
  #next: Promise<void> | undefined;
  #closed = false;

  static async create(options: {
    sessionId: string;
    pool: WorkerPool;
    log: Logger;
    floorPointId: string | null;
    micOverrides?: ReadonlyMap<string, 'open' | 'closed'>;
  }): Promise<MediaRoom> {
    return new MediaRoom(options);
  }

  private constructor(options: {
    sessionId: string;
    pool: WorkerPool;
    log: Logger;
    floorPointId: string | null;
    micOverrides?: ReadonlyMap<string, 'open' | 'closed'>;
  }) {
    super();
    this.sessionId = options.sessionId;
    this.#routers = new RoomRouters(options.sessionId, options.pool, (pointId) =>
      this.#activeSpeaker(pointId),
    );
    this.#log = options.log.child({ sessionId: options.sessionId, component: 'media-room' });
    this.#ctx = {
      floorPointId: options.floorPointId,
      micOverride: new Map(options.micOverrides),
    };
  }

  #activeSpeaker(pointId: string): void {
    const peer = [...this.#peers.values()].find((p) => p.pointId === pointId);
    if (peer) this.emit('activespeaker', { pointId, code: peer.code });
  }

  get closed(): boolean {
    return this.#closed;
  }

  get context(): RoutingContext {
    return this.#ctx;
  }

  peers(): MediaPeer[] {
    return [...this.#peers.values()];
  }

  peer(id: string): MediaPeer | undefined {
    return this.#peers.get(id);
  }

  /** Worker indexes this room has (or had, until its last reset) routers on. */
  workerIndexes(): number[] {
    return this.#routers.workerIndexes();
  }

  // ---- peers -------------------------------------------------------------------

  #routerFor(): Promise<types.Router> {
    return this.#routers.leastLoaded([...this.#peers.values()].map((p) => p.router));
  }

  /** Adds a peer (or returns it), on the least loaded worker. */
  async join(spec: {
    id: string;
    pointId: string;
    code: string;
    isHall: boolean;
    channel: PeerChannel;
  }): Promise<MediaPeer> {
    if (this.#closed) throw new HttpProblem(409, ErrorCode.CONFLICT, 'The media room is closed.');
    const existing = this.#peers.get(spec.id);
    if (existing) {
      // After a worker failure the peer's router is gone: place it anew.
      if (existing.router.closed) existing.router = await this.#routerFor();
      return existing;
    }
    const peer = new MediaPeer({ ...spec, router: await this.#routerFor() });
    this.#peers.set(peer.id, peer);
    peer.once('closed', () => {
      this.#peers.delete(peer.id);
      void this.reconcile();
    });
    this.#log.info(
      { point: peer.code, worker: peer.router.appData.workerIndex },
      'media peer joined',
    );
    return peer;
  }

  leave(peerId: string): void {
    this.#peers.get(peerId)?.close();
  }

  // ---- transports and producers -----------------------------------------

  async createWebRtcTransport(
    peer: MediaPeer,
    direction: 'send' | 'recv',
  ): Promise<types.WebRtcTransport> {
    const slot = await this.#routers.slotOf(peer.router);
    const transport = await peer.router.createWebRtcTransport({
      webRtcServer: slot.worker.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { peerId: peer.id, direction, webrtc: true },
    });
    this.#attach(peer, direction, transport);
    return transport;
  }

  /** Plain RTP (no ICE/DTLS), for room systems behind a gateway, tests and benchmarks. */
  async createPlainTransport(
    peer: MediaPeer,
    direction: 'send' | 'recv',
    options: { comedia: boolean; rtcpMux: boolean },
  ): Promise<types.PlainTransport> {
    const transport = await peer.router.createPlainTransport({
      listenInfo: PIPE_LISTEN,
      comedia: options.comedia,
      rtcpMux: options.rtcpMux,
      appData: { peerId: peer.id, direction },
    });
    this.#attach(peer, direction, transport);
    return transport;
  }

  #attach(peer: MediaPeer, direction: 'send' | 'recv', transport: types.Transport): void {
    const previous = direction === 'send' ? peer.sendTransport : peer.recvTransport;
    previous?.close();
    if (direction === 'send') peer.sendTransport = transport;
    else {
      peer.recvTransport = transport;
      peer.consumers.clear();
    }
  }

  async produce(
    peer: MediaPeer,
    transportId: string,
    input: { kind: types.MediaKind; rtpParameters: types.RtpParameters; source: MediaSource },
  ): Promise<types.Producer> {
    const transport = peer.sendTransport;
    if (!transport || transport.id !== transportId) throw forbidden('Not your sending transport.');
    const producer = await transport.produce({
      kind: input.kind,
      rtpParameters: withoutUnofferedExtensions(input.rtpParameters),
      // The worker, too, asks no more often than Chrome answers (receivers'
      // own requests, layer changes): one request per window, sent at its end.
      ...(input.kind === 'video' ? { keyFrameRequestDelay: KEY_FRAME_SPACING_MS } : {}),
      appData: { pointId: peer.pointId, source: input.source },
    });
    // One producer per source: a new camera replaces the old one, once the new
    // one exists (parameters mediasoup refuses leave the old one running).
    for (const [id, media] of peer.producers) {
      if (media.source === input.source) {
        media.producer.close();
        peer.producers.delete(id);
      }
    }
    const media: ProducedMedia = { producer, source: input.source, peer };
    if (input.kind === 'video') media.keyFrames = new KeyFrameGate();
    peer.producers.set(producer.id, media);
    producer.observer.once('close', () => {
      peer.producers.delete(producer.id);
      media.keyFrames?.close();
      this.#routers.forgetPipesOf(producer.id);
    });
    // Decided before the first await: a floor change meanwhile sees it.
    const mic = input.source === 'mic' ? peer.setMic(media, micOpen(peer, this.#ctx)) : undefined;
    if (input.kind === 'audio') {
      const slot = await this.#routers.slotOf(peer.router);
      await slot.speakers.addProducer({ producerId: producer.id }).catch(() => {});
    }
    await mic;
    void this.reconcile();
    return producer;
  }

  closeProducer(peer: MediaPeer, producerId: string): void {
    const media = peer.producers.get(producerId);
    if (!media) throw forbidden('Not your producer.');
    media.producer.close();
    void this.reconcile();
  }

  // ---- the policy's inputs -------------------------------------------------

  /** The floor moved (in-process floor event): open and close microphones, switch consumers. */
  async setFloor(pointId: string | null): Promise<void> {
    this.#ctx.floorPointId = pointId;
    // A fresh grant opens the speaker's microphone, even if a moderator had closed it before.
    if (pointId && this.#ctx.micOverride.get(pointId) === 'closed')
      this.#ctx.micOverride.delete(pointId);
    await this.#applyMicrophones();
    await this.reconcile();
  }

  /** A moderator opens ('open') or silences ('closed') a point's microphone; null: back to the floor rule. */
  async setMic(pointId: string, state: 'open' | 'closed' | null): Promise<void> {
    if (state) this.#ctx.micOverride.set(pointId, state);
    else this.#ctx.micOverride.delete(pointId);
    await this.#applyMicrophones();
    await this.reconcile();
  }

  /** A technical test run starts or stops: the peer's camera and microphone come back to it alone. */
  async setEcho(peer: MediaPeer, on: boolean): Promise<void> {
    peer.echo = on;
    await Promise.all(
      [...peer.producers.values()]
        .filter((media) => media.source === 'mic')
        .map((media) => peer.setMic(media, micOpen(peer, this.#ctx))),
    );
    await this.reconcile();
  }

  /** Each microphone as the policy says, changed (and told) once however close the calls come. */
  async #applyMicrophones(): Promise<void> {
    const changes: Array<Promise<void>> = [];
    for (const peer of this.#peers.values())
      for (const media of peer.producers.values())
        if (media.source === 'mic') changes.push(peer.setMic(media, micOpen(peer, this.#ctx)));
    await Promise.all(changes);
  }

  // ---- consumers -------------------------------------------------------------

  /**
   * Brings every receiving peer's consumers in line with the policy. Passes
   * run one at a time; calls during a pass share the next one.
   */
  reconcile(): Promise<void> {
    if (this.#next) return this.#next;
    // Never rejects (callers fire and forget it): a failed pass is logged, the next heals.
    const next = this.#queue
      .then(async () => {
        this.#next = undefined;
        if (this.#closed) return;
        const produced = [...this.#peers.values()].flatMap((p) => [...p.producers.values()]);
        await Promise.all(
          [...this.#peers.values()]
            .filter((q) => q.receiving)
            .map((q) => this.#reconcilePeer(q, produced)),
        );
      })
      .catch((err) => this.#log.error({ err }, 'reconcile failed'));
    this.#next = next;
    this.#queue = next;
    return next;
  }

  async #reconcilePeer(receiver: MediaPeer, produced: ProducedMedia[]): Promise<void> {
    const live = new Set(produced.map((m) => m.producer.id));
    for (const [producerId, consumer] of receiver.consumers) {
      if (!live.has(producerId)) this.#dropConsumer(receiver, producerId, consumer);
    }
    await Promise.all(
      produced.map(async (media) => {
        const wanted = route(receiver, media.peer, media.source, this.#ctx);
        const existing = receiver.consumers.get(media.producer.id);
        if (!wanted) {
          if (existing) this.#dropConsumer(receiver, media.producer.id, existing);
          return;
        }
        if (existing) return this.#setLayer(media, existing, wanted.layer);
        try {
          await this.#consume(receiver, media, wanted.layer);
        } catch (err) {
          if (!receiver.closed && !media.producer.closed)
            this.#log.warn({ err, point: receiver.code }, 'could not consume');
        }
      }),
    );
  }

  async #consume(receiver: MediaPeer, media: ProducedMedia, layer: Layer): Promise<void> {
    const { producer } = media;
    const transport = receiver.recvTransport;
    const caps = receiver.rtpCapabilities;
    if (!transport || !caps) return;
    // Before the first await, so the pass's other key-frame asks wait for this offer's ack.
    const release = media.keyFrames?.expect();
    let offered = false;
    try {
      await this.#routers.pipe(media.peer.router, producer.id, receiver.router);
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
      receiver.adopt(producer.id, consumer, () =>
        this.#dropConsumer(receiver, producer.id, consumer),
      );
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
      return this.#dropConsumer(receiver, media.producer.id, consumer);
    }
    await this.#keyFrameAsk(media, () => consumer.resume(), release).catch((err) => {
      if (!consumer.closed) this.#log.warn({ err, point: receiver.code }, 'could not resume');
    });
  }

  /** Closes a consumer (if not yet) and tells its client, once. */
  #dropConsumer(receiver: MediaPeer, producerId: string, consumer: types.Consumer): void {
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

  // ---- failures and the end ------------------------------------------------

  /**
   * A worker the room used died: its routers, transports and pipes are gone,
   * and the producers of other workers lost their pipes. Every peer starts
   * again (the service tells its client `media:reset`); peers are kept.
   */
  async reset(): Promise<void> {
    for (const peer of this.#peers.values()) peer.resetMedia();
    await this.#routers.closeAll();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const peer of [...this.#peers.values()]) peer.close();
    void this.#routers.closeAll();
    this.emit('closed');
  }
}

import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { ErrorCode, HttpProblem } from '../http/problem.js';
import type { Logger } from '../logger.js';
import { withoutUnofferedExtensions } from './codecs.js';
import { ConsumerSync } from './consumer-sync.js';
import { KEY_FRAME_SPACING_MS, KeyFrameGate } from './key-frames.js';
import { MediaPeer, type PeerChannel, type ProducedMedia } from './media-peer.js';
import { PIPE_LISTEN, RoomRouters } from './room-routers.js';
import { type MediaSource, micOpen, type RoutingContext } from './routing.js';
import type { WorkerPool } from './worker-pool.js';

interface MediaRoomEvents {
  /** The loudest microphone changed (mediasoup's active-speaker observer). */
  activespeaker: [point: { pointId: string; code: string }];
  /** A producer started (server-side consumers such as the recorder follow these). */
  producer: [media: ProducedMedia];
  /** A worker failure closed the room's routers; peers start again. */
  reset: [];
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
  /** The same peers by point, and the central hall's apart: a change looks only at those it concerns. */
  readonly #byPoint = new Map<string, Set<MediaPeer>>();
  readonly #halls = new Set<MediaPeer>();
  readonly #produced = new Map<string, ProducedMedia>();
  readonly #ctx: {
    floorPointId: string | null;
    micOverride: Map<string, 'open' | 'closed'>;
    wallPage: Set<string> | null;
  };
  readonly #sync: ConsumerSync;
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
      wallPage: null,
    };
    const byPoint = this.#byPoint;
    const halls = this.#halls;
    const peers = this.#peers;
    this.#sync = new ConsumerSync({
      peers: {
        all: () => peers.values(),
        halls: () => halls,
        ofPoint: (pointId) => byPoint.get(pointId) ?? [],
        producer: (producerId) => this.#produced.get(producerId),
      },
      routers: this.#routers,
      ctx: this.#ctx,
      log: this.#log,
    });
  }

  #activeSpeaker(pointId: string): void {
    const [peer] = this.#byPoint.get(pointId) ?? [];
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
    const ofPoint = this.#byPoint.get(peer.pointId) ?? new Set<MediaPeer>();
    ofPoint.add(peer);
    this.#byPoint.set(peer.pointId, ofPoint);
    if (peer.isHall) this.#halls.add(peer);
    // Its consumers go with its transports, and its producers' consumers
    // elsewhere close with them: nothing else to route.
    peer.once('closed', () => {
      this.#peers.delete(peer.id);
      this.#halls.delete(peer);
      ofPoint.delete(peer);
      if (ofPoint.size === 0 && this.#byPoint.get(peer.pointId) === ofPoint)
        this.#byPoint.delete(peer.pointId);
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
    this.#produced.set(producer.id, media);
    producer.observer.once('close', () => {
      peer.producers.delete(producer.id);
      this.#produced.delete(producer.id);
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
    void this.#sync.producer(media, true);
    this.emit('producer', media);
    return producer;
  }

  closeProducer(peer: MediaPeer, producerId: string): void {
    const media = peer.producers.get(producerId);
    if (!media) throw forbidden('Not your producer.');
    // Its consumers close with it.
    media.producer.close();
  }

  // ---- the policy's inputs -------------------------------------------------

  /** The floor moved (in-process floor event): open and close microphones, switch consumers. */
  async setFloor(pointId: string | null): Promise<void> {
    const previous = this.#ctx.floorPointId;
    this.#ctx.floorPointId = pointId;
    // A fresh grant opens the speaker's microphone, even if a moderator had closed it before.
    if (pointId && this.#ctx.micOverride.get(pointId) === 'closed')
      this.#ctx.micOverride.delete(pointId);
    const concerned = [previous, pointId].filter((p): p is string => p !== null);
    await this.#applyMicrophones(concerned);
    await Promise.all(concerned.map((p) => this.#sync.point(p)));
  }

  /** A moderator opens ('open') or silences ('closed') a point's microphone; null: back to the floor rule. */
  async setMic(pointId: string, state: 'open' | 'closed' | null): Promise<void> {
    if (state) this.#ctx.micOverride.set(pointId, state);
    else this.#ctx.micOverride.delete(pointId);
    await this.#applyMicrophones([pointId]);
    await this.#sync.point(pointId);
  }

  /**
   * The points the hall's wall shows (null: every point). Only the cameras
   * entering or leaving the page change; the floor holder is forwarded
   * whatever the page.
   */
  async setWallPage(pointIds: Iterable<string> | null): Promise<void> {
    const before = this.#ctx.wallPage;
    const after = pointIds === null ? null : new Set(pointIds);
    this.#ctx.wallPage = after;
    const changed = new Set<string>();
    if (before === null || after === null) {
      // From or to "every point": every point not on both.
      for (const pointId of this.#byPoint.keys())
        if (!(before ?? after)?.has(pointId)) changed.add(pointId);
    } else {
      for (const p of before) if (!after.has(p)) changed.add(p);
      for (const p of after) if (!before.has(p)) changed.add(p);
    }
    await Promise.all([...changed].map((p) => this.#sync.point(p)));
  }

  get wallPage(): ReadonlySet<string> | null {
    return this.#ctx.wallPage;
  }

  /** A technical test run starts or stops: the peer's camera and microphone come back to it alone. */
  async setEcho(peer: MediaPeer, on: boolean): Promise<void> {
    peer.echo = on;
    await Promise.all(
      [...peer.producers.values()]
        .filter((media) => media.source === 'mic')
        .map((media) => peer.setMic(media, micOpen(peer, this.#ctx))),
    );
    for (const media of peer.producers.values()) void this.#sync.producer(media);
    await this.#sync.receiver(peer);
  }

  /** The points' microphones as the policy says, changed (and told) once however close the calls come. */
  async #applyMicrophones(pointIds: string[]): Promise<void> {
    const changes: Array<Promise<void>> = [];
    for (const pointId of pointIds)
      for (const peer of this.#byPoint.get(pointId) ?? [])
        for (const media of peer.producers.values())
          if (media.source === 'mic') changes.push(peer.setMic(media, micOpen(peer, this.#ctx)));
    await Promise.all(changes);
  }

  // ---- consumers -------------------------------------------------------------

  /**
   * Brings every receiving peer's consumers in line with the policy, all of
   * them (after a reset, from tools). Changes themselves mark only what they
   * touched (see ConsumerSync).
   */
  reconcile(): Promise<void> {
    return this.#sync.everything();
  }

  /** A peer is ready to receive (its receiving transport and capabilities), or back after a drop. */
  refreshReceiver(peer: MediaPeer): Promise<void> {
    return this.#sync.receiver(peer);
  }

  /** Pairs the last consumer pass looked at (benchmarks). */
  get lastPassPairs(): number {
    return this.#sync.lastPassPairs;
  }

  // ---- server-side consumers (the recorder) -------------------------------

  /** Every producer of the room now. */
  producers(): ProducedMedia[] {
    return [...this.#produced.values()];
  }

  /** A router of the room for a server-side consumer: the central hall's (its media needs no pipe), else the least loaded. */
  async serverRouter(): Promise<types.Router> {
    for (const hall of this.#halls) if (!hall.router.closed) return hall.router;
    return this.#routerFor();
  }

  /** Makes a producer of the room consumable on `router` (piped from its worker once). */
  async bringTo(router: types.Router, producerId: string): Promise<void> {
    const media = this.#produced.get(producerId);
    if (!media) throw new HttpProblem(409, ErrorCode.CONFLICT, 'The producer is gone.');
    await this.#routers.pipe(media.peer.router, producerId, router);
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
    this.emit('reset');
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sync.close();
    for (const peer of [...this.#peers.values()]) peer.close();
    void this.#routers.closeAll();
    this.emit('closed');
  }
}

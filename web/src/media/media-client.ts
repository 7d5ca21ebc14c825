// A point's media through mediasoup-client: one sending and one receiving
// transport, camera (simulcast) and microphone out, whatever the server
// offers in. It heals itself: `media:reset`, a reconnection the server did
// not recover, and ICE failures all lead back to working media without the
// operator doing anything.
import { Device, type types } from 'mediasoup-client';
import type {
  ConsumerOffer,
  MediaSource,
  ServerToClientEvents,
  TransportOptions,
} from '../../../src/contract/index.js';
import type { LiveSession } from '../api/live-session.js';

/** A stream the server sends this console. */
export interface RemoteMedia {
  consumerId: string;
  code: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
  paused: boolean;
}

export type MediaState = 'idle' | 'starting' | 'ready' | 'failed';

/** Three layers: the video wall takes the lowest, the floor the highest. */
const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 400_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

export class MediaClient {
  readonly #live: LiveSession;
  #send: types.Transport | undefined;
  #recv: types.Transport | undefined;
  #recvReady: Promise<types.Transport> | undefined;
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #consumers = new Map<string, { consumer: types.Consumer; remote: RemoteMedia }>();
  #tracks: Partial<Record<MediaSource, MediaStreamTrack>> = {};
  #state: MediaState = 'idle';
  #generation = 0;
  #closed = false;
  #remotes: RemoteMedia[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #off: Array<() => void> = [];
  /** Last failure, for the screen (an error code or message). */
  lastError: string | null = null;

  constructor(live: LiveSession) {
    this.#live = live;
    const socket = live.socket;
    const onOffer: ServerToClientEvents['media:consumer:new'] = (offer, ack) => {
      this.#consume(offer).then(
        () => ack({ ok: true, data: { ready: true } }),
        (error) => ack({ ok: false, error: { code: 'BAD_REQUEST', message: String(error) } }),
      );
    };
    const onClosed: ServerToClientEvents['media:consumer:closed'] = ({ consumerId }) =>
      this.#dropConsumer(consumerId);
    const onPaused: ServerToClientEvents['media:consumer:paused'] = ({ consumerId }) =>
      this.#setPaused(consumerId, true);
    const onResumed: ServerToClientEvents['media:consumer:resumed'] = ({ consumerId }) =>
      this.#setPaused(consumerId, false);
    const onReset = () => this.restart();
    // A recovered reconnection keeps the media (the server kept the peer); any
    // other is a new socket the server knows nothing of.
    const onConnect = () => {
      if (this.#state !== 'idle' && !socket.recovered) this.restart();
    };
    socket.on('media:consumer:new', onOffer);
    socket.on('media:consumer:closed', onClosed);
    socket.on('media:consumer:paused', onPaused);
    socket.on('media:consumer:resumed', onResumed);
    socket.on('media:reset', onReset);
    socket.on('connect', onConnect);
    this.#off.push(() => {
      socket.off('media:consumer:new', onOffer);
      socket.off('media:consumer:closed', onClosed);
      socket.off('media:consumer:paused', onPaused);
      socket.off('media:consumer:resumed', onResumed);
      socket.off('media:reset', onReset);
      socket.off('connect', onConnect);
    });
  }

  get state(): MediaState {
    return this.#state;
  }

  get remotes(): RemoteMedia[] {
    return this.#remotes;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The transports, for WebRTC statistics (technical test, network figures). */
  get transports(): { send?: types.Transport; recv?: types.Transport } {
    return { send: this.#send, recv: this.#recv };
  }

  /** Starts media with these tracks (any may be missing: a hall without a screen share). */
  async start(tracks: Partial<Record<MediaSource, MediaStreamTrack>>): Promise<void> {
    this.#tracks = { ...tracks };
    await this.#setUp();
  }

  /** Sends another track for a source (a new camera or microphone, a screen share); null stops it. */
  async setTrack(source: MediaSource, track: MediaStreamTrack | null): Promise<void> {
    if (track) this.#tracks[source] = track;
    else delete this.#tracks[source];
    const producer = this.#producers.get(source);
    if (!this.#send || this.#state !== 'ready') return;
    if (!track) {
      producer?.close();
      this.#producers.delete(source);
      if (producer) await this.#live.emit('media:producer:close', { producerId: producer.id });
      return;
    }
    if (producer && !producer.closed) await producer.replaceTrack({ track });
    else await this.#produce(this.#send, source, track);
  }

  /** The technical test's loop: the server sends this console's own media back (or stops). */
  async echo(on: boolean): Promise<void> {
    await this.#live.emit('media:test', { sessionId: this.#live.sessionId, echo: on });
  }

  /** Drops every transport and consumer and sets media up again from the start. */
  restart(): void {
    if (this.#closed) return;
    this.#teardown();
    this.#setUp().catch(() => {});
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#teardown();
    for (const off of this.#off) off();
    this.#listeners.clear();
  }

  #changed(): void {
    this.#remotes = [...this.#consumers.values()].map((c) => c.remote);
    for (const listener of this.#listeners) listener();
  }

  #teardown(): void {
    this.#generation++;
    this.#send?.close();
    this.#recv?.close();
    this.#send = undefined;
    this.#recv = undefined;
    this.#recvReady = undefined;
    this.#producers.clear();
    for (const { consumer } of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    this.#state = 'idle';
    this.#changed();
  }

  async #setUp(): Promise<void> {
    const generation = ++this.#generation;
    const live = this.#live;
    const sessionId = live.sessionId;
    this.#state = 'starting';
    this.#changed();
    try {
      const { routerRtpCapabilities } = await live.emit('media:capabilities', { sessionId });
      const device = new Device();
      await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
      if (generation !== this.#generation) return;

      this.#recvReady = live
        .emit('media:transport:create', {
          sessionId,
          direction: 'recv',
          rtpCapabilities: device.recvRtpCapabilities as never,
        })
        .then((options) => {
          const transport = device.createRecvTransport(options as types.TransportOptions);
          this.#wire(transport);
          this.#recv = transport;
          return transport;
        });
      await this.#recvReady;

      const options: TransportOptions = await live.emit('media:transport:create', {
        sessionId,
        direction: 'send',
      });
      if (generation !== this.#generation) return;
      const send = device.createSendTransport(options as types.TransportOptions);
      this.#wire(send);
      send.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
        live
          .emit('media:produce', {
            transportId: send.id,
            kind,
            source: appData.source as MediaSource,
            rtpParameters: rtpParameters as never,
          })
          .then(({ producerId }) => done({ id: producerId }), fail);
      });
      this.#send = send;
      for (const [source, track] of Object.entries(this.#tracks) as Array<
        [MediaSource, MediaStreamTrack]
      >) {
        if (track.readyState === 'live') await this.#produce(send, source, track);
      }
      if (generation !== this.#generation) return;
      this.#state = 'ready';
      this.lastError = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#state = 'failed';
      this.lastError = error instanceof Error ? error.message : String(error);
      // Try again shortly: the session may not be open yet, or the line is down.
      setTimeout(() => {
        if (generation === this.#generation && !this.#closed && this.#live.socket.connected)
          this.restart();
      }, 3_000);
    }
    this.#changed();
  }

  async #produce(send: types.Transport, source: MediaSource, track: MediaStreamTrack) {
    const producer = await send.produce({
      track,
      ...(source === 'camera' ? { encodings: CAMERA_ENCODINGS } : {}),
      ...(source === 'screen' ? { encodings: [{ maxBitrate: 1_500_000 }] } : {}),
      // The tracks outlive a media reset: the transport goes, the camera stays.
      stopTracks: false,
      appData: { source },
    });
    this.#producers.set(source, producer);
  }

  /** DTLS through the server, and ICE restarts when the path fails. */
  #wire(transport: types.Transport): void {
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      this.#live
        .emit('media:transport:connect', {
          transportId: transport.id,
          dtlsParameters: dtlsParameters as never,
        })
        .then(() => done(), fail);
    });
    let retry: ReturnType<typeof setTimeout> | undefined;
    transport.on('connectionstatechange', (state) => {
      clearTimeout(retry);
      if (state === 'failed') void this.#restartIce(transport);
      // 'disconnected' often heals by itself; restart ICE if it has not in a few seconds.
      if (state === 'disconnected')
        retry = setTimeout(() => {
          if (transport.connectionState === 'disconnected') void this.#restartIce(transport);
        }, 3_000);
    });
  }

  async #restartIce(transport: types.Transport): Promise<void> {
    if (transport.closed || !this.#live.socket.connected) return;
    try {
      const { iceParameters } = await this.#live.emit('media:ice:restart', {
        transportId: transport.id,
      });
      await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
    } catch {
      // The server no longer knows the transport: start over.
      this.restart();
    }
  }

  async #consume(offer: ConsumerOffer & { sessionId: string }): Promise<void> {
    const transport = await (this.#recvReady ??
      Promise.reject(new Error('no receiving transport')));
    const consumer = await transport.consume({
      id: offer.consumerId,
      producerId: offer.producerId,
      kind: offer.kind,
      rtpParameters: offer.rtpParameters as types.RtpParameters,
    });
    this.#consumers.set(consumer.id, {
      consumer,
      remote: {
        consumerId: consumer.id,
        code: offer.code,
        source: offer.source,
        kind: consumer.kind,
        track: consumer.track,
        paused: false,
      },
    });
    this.#changed();
  }

  #dropConsumer(consumerId: string): void {
    const entry = this.#consumers.get(consumerId);
    if (!entry) return;
    entry.consumer.close();
    this.#consumers.delete(consumerId);
    this.#changed();
  }

  #setPaused(consumerId: string, paused: boolean): void {
    const entry = this.#consumers.get(consumerId);
    if (!entry) return;
    entry.remote = { ...entry.remote, paused };
    this.#changed();
  }
}

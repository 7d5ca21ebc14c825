import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { ConsumerOffer, MediaNotices, MediaSource } from '../contract/index.js';
import type { KeyFrameGate } from './key-frames.js';
import type { Endpoint } from './routing.js';

export interface ProducedMedia {
  producer: types.Producer;
  source: MediaSource;
  peer: MediaPeer;
  /** Video: when its consumers may ask the sender for a key frame. */
  keyFrames?: KeyFrameGate;
  /** Microphone: open or closed as last decided (see MediaPeer.setMic). */
  micOpen?: boolean;
  /** Microphone: whether the producer runs (heard, or echoed in a test run). */
  flowing?: boolean;
}

export interface PeerChannel {
  /** Offers a consumer to the client; resolves true once the client is ready for it. */
  offer(offer: ConsumerOffer): Promise<boolean>;
  /** Tells the client something about its consumers or microphone. */
  notify(...notice: MediaNotice): void;
}

/** One of the notices as [event, payload]: implementations narrow the payload by the event. */
export type MediaNotice = {
  [N in keyof MediaNotices]: [event: N, payload: MediaNotices[N]];
}[keyof MediaNotices];

interface MediaPeerEvents {
  closed: [];
}

/**
 * One connected console of a point (or a plain-RTP endpoint such as a room
 * system behind a gateway) in a session's media room: its router, its two
 * transports, what it produces and what it consumes.
 */
export class MediaPeer extends EventEmitter<MediaPeerEvents> implements Endpoint {
  readonly id: string;
  readonly pointId: string;
  readonly code: string;
  readonly isHall: boolean;
  readonly channel: PeerChannel;
  readonly producers = new Map<string, ProducedMedia>();
  /** By producer id: at most one consumer of each producer. */
  readonly consumers = new Map<string, types.Consumer>();
  router: types.Router;
  rtpCapabilities: types.RtpCapabilities | undefined;
  sendTransport: types.Transport | undefined;
  recvTransport: types.Transport | undefined;
  /** In a technical test run (media:test): its media comes back to it. */
  echo = false;
  #closed = false;

  constructor(spec: {
    id: string;
    pointId: string;
    code: string;
    isHall: boolean;
    router: types.Router;
    channel: PeerChannel;
  }) {
    super();
    this.id = spec.id;
    this.pointId = spec.pointId;
    this.code = spec.code;
    this.isHall = spec.isHall;
    this.router = spec.router;
    this.channel = spec.channel;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Ready to receive: a receiving transport and the client's capabilities. */
  get receiving(): boolean {
    return !this.#closed && this.recvTransport !== undefined && this.rtpCapabilities !== undefined;
  }

  transport(id: string): types.Transport | undefined {
    if (this.sendTransport?.id === id) return this.sendTransport;
    if (this.recvTransport?.id === id) return this.recvTransport;
    return undefined;
  }

  /** Keeps a consumer of `producerId`, tells the client when its producer pauses or resumes. */
  adopt(producerId: string, consumer: types.Consumer, onProducerClose: () => void): void {
    this.consumers.set(producerId, consumer);
    const consumerId = consumer.id;
    consumer.on('producerclose', onProducerClose);
    consumer.on('producerpause', () => this.channel.notify('consumer:paused', { consumerId }));
    consumer.on('producerresume', () => this.channel.notify('consumer:resumed', { consumerId }));
    consumer.on('transportclose', () => this.consumers.delete(producerId));
  }

  /**
   * Opens or closes one of its microphones for the others (`heard`) and tells
   * the client, once per change. The producer flows when heard, or in a test
   * run (its sound then reaches only the point itself). Decided at once:
   * mediasoup's `paused` follows only when the worker answers, and deciding
   * on it let two changes a moment apart (a floor end, then a grant) both
   * pause and notify.
   */
  setMic(media: ProducedMedia, heard: boolean): Promise<void> {
    const { producer } = media;
    const flowing = heard || this.echo;
    if (producer.closed || (media.micOpen === heard && media.flowing === flowing))
      return Promise.resolve();
    // A new producer is not paused.
    const wasFlowing = media.flowing ?? true;
    const change =
      flowing === wasFlowing ? Promise.resolve() : flowing ? producer.resume() : producer.pause();
    const notify = media.micOpen !== heard;
    media.micOpen = heard;
    media.flowing = flowing;
    return change.then(
      () => {
        if (notify) this.channel.notify('mic', { muted: !heard });
      },
      (err) => {
        if (!producer.closed) throw err;
      },
    );
  }

  /** Forgets transports, producers and consumers (their router is gone or being replaced). */
  resetMedia(): void {
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = undefined;
    this.recvTransport = undefined;
    this.producers.clear();
    this.consumers.clear();
  }

  /** Closes everything the peer owns. Idempotent; emits 'closed'. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.resetMedia();
    this.emit('closed');
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import type { ProducedMedia } from './media-peer.js';
import type { MediaRoom } from './media-room.js';
import { AUDIO_PT, ffmpegArgs, freeUdpPair, probeSeconds, sdp } from './recorder-ffmpeg.js';
import { AudioRelay } from './rtp-relay.js';

/** ffmpeg has bound its ports well before this (it reads a local SDP file). */
const FFMPEG_READY_MS = 700;
/** ffmpeg finishes its files on SIGINT; past this it is killed. */
const STOP_TIMEOUT_MS = 5000;
const STDERR_LINES = 5;

export interface RecordedSegment {
  seq: number;
  file: string;
  startMs: number;
  durationMs: number;
  bytes: number;
}

export interface RecorderEnd {
  /** Why the part ended: 'stopped', 'reset' (the worker died), 'camera' (the hall's camera changed), 'failed'. */
  reason: string;
  failed: boolean;
  /** For a failure: ffmpeg's last words. */
  detail?: string;
  endedAt: Date;
}

interface RecorderEvents {
  /** A segment file was closed and is playable. */
  segment: [segment: RecordedSegment];
  closed: [end: RecorderEnd];
}

interface Slots {
  hall: { transport: types.PlainTransport; relay: AudioRelay; consumer?: types.Consumer };
  floor: { transport: types.PlainTransport; relay: AudioRelay; consumer?: types.Consumer };
  video?: { transport: types.PlainTransport; consumer: types.Consumer } | undefined;
}

export interface RecorderOptions {
  room: MediaRoom;
  /** The part's directory (exists, writable). */
  dir: string;
  ffmpegPath: string;
  /** Measures each closed segment. */
  ffprobePath: string;
  segmentSeconds: number;
  log: Logger;
}

/**
 * One part of a session's recording: one ffmpeg run fed by plain transports
 * of a router of the room. Two audio slots — the central hall's microphone
 * and the floor holder's (switched at each floor change) — reach ffmpeg
 * through relays that keep them flowing, and are mixed; the hall's camera is
 * copied as is. ffmpeg writes segments of webm; each closed segment is
 * announced. A worker failure, ffmpeg's exit or a change of the hall's camera
 * ends the part ('closed'); the owner starts the next one.
 */
export class Recorder extends EventEmitter<RecorderEvents> {
  /** How the part ended; settles once (also when it failed before its owner listened). */
  readonly ended: Promise<RecorderEnd>;
  #settle!: (end: RecorderEnd) => void;
  #startedAt: Date;
  readonly hasVideo: boolean;
  readonly #room: MediaRoom;
  readonly #router: types.Router;
  readonly #log: Logger;
  readonly #dir: string;
  readonly #ffprobe: string;
  readonly #slots: Slots;
  readonly #ffmpeg: ChildProcess;
  readonly #stderr: string[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #segments = new Set<string>();
  #floorPointId: string | null;
  #scan: Promise<void> = Promise.resolve();
  #exited: Promise<void>;
  #closing: Promise<void> | undefined;
  #closed = false;

  static async create(options: RecorderOptions): Promise<Recorder> {
    const { room } = options;
    const router = await room.serverRouter();
    const hallCamera = room.producers().find((m) => m.peer.isHall && m.source === 'camera');
    const [hallPorts, floorPorts, videoPorts] = await Promise.all([
      freeUdpPair(),
      freeUdpPair(),
      hallCamera ? freeUdpPair() : Promise.resolve(0),
    ]);
    const plain = (rtcpMux: boolean) =>
      router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
        rtcpMux,
        comedia: false,
        appData: { recorder: true },
      });
    const audioSlot = async (ffmpegPort: number) => {
      const relay = await AudioRelay.create({ targetPort: ffmpegPort, payloadType: AUDIO_PT });
      const transport = await plain(true);
      await transport.connect({ ip: '127.0.0.1', port: relay.port });
      return { transport, relay };
    };
    const hall = await audioSlot(hallPorts);
    const floor = await audioSlot(floorPorts);
    let video: { transport: types.PlainTransport; consumer: types.Consumer } | undefined;
    if (hallCamera) {
      const transport = await plain(false);
      await transport.connect({ ip: '127.0.0.1', port: videoPorts, rtcpPort: videoPorts + 1 });
      await room.bringTo(router, hallCamera.producer.id);
      const consumer = await transport.consume({
        producerId: hallCamera.producer.id,
        rtpCapabilities: router.rtpCapabilities,
        paused: true,
        appData: { recorder: true },
      });
      video = { transport, consumer };
    }
    const sdpPath = path.join(options.dir, 'input.sdp');
    await writeFile(sdpPath, sdp({ hallPorts, floorPorts, videoPorts, video: video?.consumer }));
    const args = ffmpegArgs(options, sdpPath, video !== undefined);
    // Its messages go to a file beside its segments, not a pipe: if this
    // server dies, a pipe would break and kill ffmpeg before it finished
    // the file it was writing (SIGPIPE); the log also stays with the part.
    const logFd = openSync(path.join(options.dir, 'ffmpeg.log'), 'a');
    const ffmpeg = spawn(options.ffmpegPath, args, {
      cwd: options.dir,
      stdio: ['ignore', 'ignore', logFd],
    });
    closeSync(logFd);
    const recorder = new Recorder(options, router, { hall, floor, video }, ffmpeg);
    // If this server dies, the next one finds the ffmpeg it left by this (see endOrphan).
    if (ffmpeg.pid)
      await writeFile(path.join(options.dir, 'ffmpeg.pid'), String(ffmpeg.pid)).catch(() => {});
    await recorder.#begin();
    return recorder;
  }

  private constructor(
    options: RecorderOptions,
    router: types.Router,
    slots: Slots,
    ffmpeg: ChildProcess,
  ) {
    super();
    this.#room = options.room;
    this.#router = router;
    this.#dir = options.dir;
    this.#ffprobe = options.ffprobePath;
    this.#slots = slots;
    this.#ffmpeg = ffmpeg;
    this.#floorPointId = options.room.context.floorPointId;
    this.hasVideo = slots.video !== undefined;
    this.#log = options.log.child({ component: 'recorder', dir: path.basename(options.dir) });
    this.#startedAt = new Date();
    this.ended = new Promise((resolve) => {
      this.#settle = resolve;
    });
    this.#exited = new Promise((resolve) => {
      ffmpeg.once('error', (err) => {
        this.#stderr.push(String(err.message));
        resolve();
      });
      ffmpeg.once('exit', () => resolve());
    });
    // ffmpeg ending by itself is a failure: nobody asked it to.
    void this.#exited.then(() => {
      if (!this.#closing) void this.#finish('failed', true);
    });
    router.observer.once('close', () => void this.close('reset'));
    options.room.once('closed', this.#onRoomClosed);
    options.room.on('producer', this.#onProducer);
    const segmentEvery = options.segmentSeconds * 1000;
    // With the video copied, a segment can only end on a key frame: ask for one in time.
    this.#timers.push(
      setInterval(
        () => void this.#slots.video?.consumer.requestKeyFrame().catch(() => {}),
        Math.max(1000, segmentEvery / 2),
      ),
      setInterval(() => void this.#scanSegments(), Math.min(2000, segmentEvery / 2)),
    );
  }

  async #begin(): Promise<void> {
    await sleep(FFMPEG_READY_MS);
    if (this.#closing) return;
    this.#startedAt = new Date();
    this.#slots.hall.relay.start();
    this.#slots.floor.relay.start();
    await this.#fillSlot('hall');
    await this.#fillSlot('floor');
    const video = this.#slots.video;
    if (video) {
      await video.consumer.resume();
      await video.consumer.requestKeyFrame();
      video.consumer.once('producerclose', () => void this.close('camera'));
    }
    this.#log.info({ video: this.hasVideo, floor: this.#floorPointId }, 'recording part started');
  }

  /** Wall clock of the part's time zero: when its media started flowing to ffmpeg. */
  get startedAt(): Date {
    return this.#startedAt;
  }

  readonly #onRoomClosed = () => void this.close('stopped');

  /** The producer that should feed a slot now: the hall's microphone, or the floor holder's. */
  #wanted(slot: 'hall' | 'floor'): ProducedMedia | undefined {
    const floor = this.#floorPointId;
    return this.#room
      .producers()
      .find(
        (m) =>
          m.source === 'mic' &&
          !m.producer.closed &&
          (slot === 'hall' ? m.peer.isHall : floor !== null && m.peer.pointId === floor),
      );
  }

  /** Consumes the producer a slot should carry, on the slot's transport (the relay smooths the switch). */
  async #fillSlot(slot: 'hall' | 'floor'): Promise<void> {
    const s = this.#slots[slot];
    const wanted = slot === 'floor' && this.#floorPointId === null ? undefined : this.#wanted(slot);
    if (s.consumer && !s.consumer.closed && s.consumer.producerId === wanted?.producer.id) return;
    s.consumer?.close();
    s.consumer = undefined;
    if (!wanted || this.#closing) return;
    try {
      await this.#room.bringTo(this.#router, wanted.producer.id);
      const consumer = await s.transport.consume({
        producerId: wanted.producer.id,
        rtpCapabilities: this.#router.rtpCapabilities,
        appData: { recorder: true },
      });
      // A floor change meanwhile may have filled the slot already.
      if (s.consumer || this.#closing) {
        consumer.close();
        return;
      }
      s.consumer = consumer;
      consumer.once('producerclose', () => {
        if (s.consumer === consumer) s.consumer = undefined;
      });
    } catch (err) {
      if (!this.#closing) this.#log.warn({ err, slot }, 'recorder could not consume');
    }
  }

  readonly #onProducer = (media: ProducedMedia): void => {
    if (this.#closing) return;
    if (media.source === 'mic') {
      if (media.peer.isHall) void this.#fillSlot('hall');
      else if (media.peer.pointId === this.#floorPointId) void this.#fillSlot('floor');
    } else if (media.source === 'camera' && media.peer.isHall) {
      // A new camera of the hall: a new part (its picture may have another size).
      void this.close('camera');
    }
  };

  /** The floor moved: the floor slot follows (null: silence). */
  async setFloor(pointId: string | null): Promise<void> {
    this.#floorPointId = pointId;
    await this.#fillSlot('floor');
  }

  /** Segments ffmpeg has closed (its list), announced once each and in order: one scan at a time. */
  #scanSegments(): Promise<void> {
    this.#scan = this.#scan.then(() => this.#scanOnce()).catch(() => {});
    return this.#scan;
  }

  async #scanOnce(): Promise<void> {
    const list = await readFile(path.join(this.#dir, 'segments.csv'), 'utf8').catch(() => '');
    for (const line of list.split('\n')) {
      const [file, start, end] = line.trim().split(',');
      if (!file || start === undefined || end === undefined || this.#segments.has(file)) continue;
      this.#segments.add(file);
      const where = path.join(this.#dir, file);
      const bytes = await stat(where).then(
        (s) => s.size,
        () => 0,
      );
      const seq = Number(/(\d+)\.webm$/.exec(file)?.[1] ?? this.#segments.size - 1);
      const startMs = Math.round(Number(start) * 1000);
      // The list's end is the video's; the sound may run on a little (a part's last file).
      const listed = Number(end) - Number(start);
      const probed = await probeSeconds(this.#ffprobe, where).catch(() => listed);
      const durationMs = Math.round(Math.max(listed, probed) * 1000);
      this.emit('segment', { seq, file, startMs, durationMs, bytes });
    }
  }

  /** ffmpeg's last lines, for a failure's reason. */
  async stderrTail(): Promise<string> {
    const log = await readFile(path.join(this.#dir, 'ffmpeg.log'), 'utf8').catch(() => '');
    const lines = log
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return [...lines, ...this.#stderr].slice(-STDERR_LINES).join('\n');
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The part is ending or has ended (ffmpeg exited, or close() was called). */
  get ending(): boolean {
    return this.#closing !== undefined;
  }

  /** Ends the part: ffmpeg finishes its files, the transports close, 'closed' follows. Idempotent. */
  close(reason = 'stopped'): Promise<void> {
    return this.#finish(reason, false);
  }

  #finish(reason: string, failed: boolean): Promise<void> {
    this.#closing ??= (async () => {
      for (const t of this.#timers) clearInterval(t);
      this.#room.off('producer', this.#onProducer);
      this.#room.off('closed', this.#onRoomClosed);
      if (this.#ffmpeg.exitCode === null && this.#ffmpeg.signalCode === null) {
        // One SIGINT: ffmpeg finishes its files (the relays keep its reads
        // returning until it has; a second SIGINT would abort the trailer).
        this.#ffmpeg.kill('SIGINT');
        const killer = setTimeout(() => this.#ffmpeg.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await this.#exited;
        clearTimeout(killer);
      }
      const { hall, floor, video } = this.#slots;
      for (const t of [hall.transport, floor.transport, video?.transport]) t?.close();
      hall.relay.close();
      floor.relay.close();
      await this.#scanSegments();
      this.#closed = true;
      const end: RecorderEnd = { reason: failed ? 'failed' : reason, failed, endedAt: new Date() };
      if (failed)
        end.detail = (await this.stderrTail()) || `ffmpeg exited (${this.#ffmpeg.exitCode})`;
      this.#log[failed ? 'error' : 'info'](
        { reason: end.reason, detail: end.detail, segments: this.#segments.size },
        'recording part ended',
      );
      this.#settle(end);
      this.emit('closed', end);
    })();
    return this.#closing;
  }
}

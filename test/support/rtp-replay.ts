import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';

/**
 * Real media for many fake points at little cost: ffmpeg encodes once (Opus,
 * and VP8 at three sizes for simulcast), the RTP packets are kept in memory,
 * and each fake point replays them from one UDP socket with its own SSRCs,
 * continuous sequence numbers and timestamps.
 */
export interface CapturedPacket {
  /** ms since the first packet. */
  at: number;
  data: Buffer;
}

export interface Capture {
  packets: CapturedPacket[];
  durationMs: number;
  clockRate: number;
}

export const OPUS_PT = 100;
export const VP8_PT = 101;

const LAYERS = [
  { size: '160x120', bitrate: '100k' },
  { size: '320x240', bitrate: '300k' },
  { size: '640x480', bitrate: '800k' },
] as const;

async function capture(kind: 'audio' | 'video', layer: number, seconds: number): Promise<Capture> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  const packets: CapturedPacket[] = [];
  let first = 0;
  socket.on('message', (data) => {
    const pt = (data[1] ?? 0) & 0x7f;
    if (data.length < 12 || (pt >= 72 && pt <= 76)) return; // RTCP
    const now = performance.now();
    if (packets.length === 0) first = now;
    packets.push({ at: now - first, data: Buffer.from(data) });
  });
  const source =
    kind === 'video'
      ? ['-f', 'lavfi', '-i', `testsrc=size=${LAYERS[layer]?.size}:rate=30:duration=${seconds}`]
      : ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`];
  const codec =
    kind === 'video'
      ? [
          '-c:v',
          'libvpx',
          '-b:v',
          LAYERS[layer]?.bitrate ?? '300k',
          '-deadline',
          'realtime',
          '-cpu-used',
          '8',
          '-g',
          '30',
          '-payload_type',
          String(VP8_PT),
        ]
      : ['-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-payload_type', String(OPUS_PT)];
  const ff = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      ...source,
      ...codec,
      '-f',
      'rtp',
      `rtp://127.0.0.1:${port}?pkt_size=1200`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await new Promise((resolve) => ff.once('exit', resolve));
  socket.close();
  if (packets.length === 0) throw new Error(`ffmpeg produced no ${kind} RTP`);
  // Pace by capture time (the RTP timestamps), as a real sender does, not by
  // when ffmpeg happened to deliver: the SFU maps RTP time to wall time from
  // sender reports, and simulcast layer switches rely on that mapping.
  const clockRate = kind === 'video' ? 90000 : 48000;
  const ts0 = packets[0]?.data.readUInt32BE(4) ?? 0;
  for (const p of packets) p.at = (((p.data.readUInt32BE(4) - ts0) >>> 0) / clockRate) * 1000;
  const frameMs = kind === 'video' ? 1000 / 30 : 20;
  return { packets, durationMs: (packets.at(-1)?.at ?? 0) + frameMs, clockRate };
}

let captures: Promise<{ audio: Capture; video: Capture[] }> | undefined;

/** Two seconds of each, encoded once per process. */
export function mediaCaptures() {
  captures ??= (async () => {
    const [audio, ...video] = await Promise.all([
      capture('audio', 0, 2),
      capture('video', 0, 2),
      capture('video', 1, 2),
      capture('video', 2, 2),
    ]);
    return { audio, video };
  })();
  return captures;
}

/** The SSRCs one fake point sends: Opus, and VP8 in three simulcast layers. */
export interface PointSsrcs {
  audio: number;
  video: readonly [number, number, number];
}

export function pointSsrcs(): PointSsrcs {
  const base = randomInt(1_000_000, 2_000_000_000);
  return { audio: base, video: [base + 1, base + 2, base + 3] };
}

/** What a fake point's microphone and camera producers are told they receive. */
export function pointRtpParameters(ssrcs: PointSsrcs) {
  return {
    mic: {
      codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: ssrcs.audio }],
    },
    camera: {
      codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }],
      encodings: ssrcs.video.map((ssrc) => ({ ssrc })),
    },
  };
}

/** A replayer sending a fake point's four streams to `target`. */
export async function pointReplayer(
  target: { ip: string; port: number },
  ssrcs: PointSsrcs,
): Promise<RtpReplayer> {
  const { audio, video } = await mediaCaptures();
  return new RtpReplayer(target, [
    { capture: audio, ssrc: ssrcs.audio },
    ...video.map((capture, i) => ({ capture, ssrc: ssrcs.video[i] as number })),
  ]);
}

interface ReplayStream {
  capture: Capture;
  ssrc: number;
}

/**
 * One fake point's sender: every stream from one UDP socket to one address,
 * looping the captures with continuous RTP sequence numbers and timestamps.
 */
export class RtpReplayer {
  readonly #socket = dgram.createSocket('udp4');
  readonly #streams: Array<
    ReplayStream & {
      index: number;
      loop: number;
      seq: number;
      seqBase: number;
      tsBase: number;
      /** RTP timestamp and wall time of the last packet sent, and counts, for sender reports. */
      lastTs: number;
      lastAt: number;
      packets: number;
      octets: number;
    }
  >;
  #timer: NodeJS.Timeout | undefined;
  #reports: NodeJS.Timeout | undefined;
  #start = 0;
  sent = 0;

  /** Packets sent so far per stream: the microphone, then the camera's layers from the lowest. */
  streamPackets(): number[] {
    return this.#streams.map((s) => s.packets);
  }

  constructor(
    private readonly target: { ip: string; port: number },
    streams: ReplayStream[],
  ) {
    this.#streams = streams.map((s) => ({
      ...s,
      index: 0,
      loop: 0,
      seq: 0,
      seqBase: 0,
      tsBase: 0,
      lastTs: 0,
      lastAt: 0,
      packets: 0,
      octets: 0,
    }));
  }

  /**
   * Starts sending. With `ownClock: false` the caller calls tick() (one timer
   * for many replayers, as the media benchmark does).
   */
  async start(options: { ownClock?: boolean } = {}): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.bind(0, '127.0.0.1', resolve));
    this.#start = performance.now();
    if (options.ownClock !== false) this.#timer = setInterval(() => this.tick(), 5);
    // Like any real sender: RTCP sender reports once a second (the SFU lines
    // simulcast layers up by them when it switches).
    this.#reports = setInterval(() => this.#senderReports(), 1000);
  }

  #senderReports(): void {
    const nowMs = Date.now();
    const ntpSeconds = Math.floor(nowMs / 1000) + 2_208_988_800;
    const ntpFraction = Math.floor(((nowMs % 1000) / 1000) * 2 ** 32);
    for (const s of this.#streams) {
      if (s.packets === 0) continue;
      const rtpNow =
        (s.lastTs + Math.round(((performance.now() - s.lastAt) * s.capture.clockRate) / 1000)) >>>
        0;
      const sr = Buffer.alloc(28);
      sr.writeUInt8(0x80, 0); // V=2, no reception reports
      sr.writeUInt8(200, 1); // SR
      sr.writeUInt16BE(6, 2); // length in 32-bit words minus one
      sr.writeUInt32BE(s.ssrc >>> 0, 4);
      sr.writeUInt32BE(ntpSeconds >>> 0, 8);
      sr.writeUInt32BE(ntpFraction >>> 0, 12);
      sr.writeUInt32BE(rtpNow, 16);
      sr.writeUInt32BE(s.packets >>> 0, 20);
      sr.writeUInt32BE(s.octets >>> 0, 24);
      this.#socket.send(sr, this.target.port, this.target.ip);
    }
  }

  /** Sends every packet that is due. */
  tick(): void {
    const elapsed = performance.now() - this.#start;
    for (const s of this.#streams) {
      const { packets, durationMs, clockRate } = s.capture;
      for (;;) {
        const next = packets[s.index];
        if (!next) break;
        if (s.loop * durationMs + next.at > elapsed) break;
        const packet = Buffer.from(next.data);
        const seq = (s.seqBase + s.seq++) & 0xffff;
        packet.writeUInt16BE(seq, 2);
        const ts = (next.data.readUInt32BE(4) + s.tsBase) >>> 0;
        packet.writeUInt32BE(ts, 4);
        packet.writeUInt32BE(s.ssrc >>> 0, 8);
        this.#socket.send(packet, this.target.port, this.target.ip);
        this.sent++;
        s.lastTs = ts;
        s.lastAt = performance.now();
        s.packets++;
        s.octets += packet.length - 12;
        s.index++;
        if (s.index >= packets.length) {
          s.index = 0;
          s.loop++;
          s.tsBase = (s.tsBase + Math.round((durationMs * clockRate) / 1000)) >>> 0;
        }
      }
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#reports) clearInterval(this.#reports);
    this.#socket.close();
  }
}

/** mediasoup's bandwidth probation packets (padding, not media) carry this SSRC. */
const PROBATION_SSRC = 1234;

/**
 * A UDP socket counting RTP packets by SSRC, with the time of the first of
 * each, and the packets expected from the sequence numbers (as a receiver
 * report counts them) to tell loss.
 */
export async function rtpCounter() {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  const counts = new Map<
    number,
    { packets: number; first: number; baseSeq: number; maxSeq: number; payloadType: number }
  >();
  socket.on('message', (msg) => {
    if (msg.length < 12 || (msg[0] ?? 0) >> 6 !== 2) return;
    const pt = (msg[1] ?? 0) & 0x7f;
    if (pt >= 72 && pt <= 76) return;
    const ssrc = msg.readUInt32BE(8);
    if (ssrc === PROBATION_SSRC) return;
    const seq = msg.readUInt16BE(2);
    const entry = counts.get(ssrc);
    if (!entry) {
      counts.set(ssrc, {
        packets: 1,
        first: performance.now(),
        baseSeq: seq,
        maxSeq: seq,
        payloadType: pt,
      });
      return;
    }
    entry.packets++;
    // Extended highest sequence number; late (reordered) packets do not move it.
    const ahead = (seq - entry.maxSeq) & 0xffff;
    if (ahead > 0 && ahead < 0x8000) entry.maxSeq += ahead;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    packets: (ssrc: number) => counts.get(ssrc)?.packets ?? 0,
    firstAt: (ssrc: number) => counts.get(ssrc)?.first,
    total: () => [...counts.values()].reduce((n, c) => n + c.packets, 0),
    /** Every stream seen: its SSRC, payload type and the time of its first packet. */
    streams: () =>
      [...counts.entries()].map(([ssrc, c]) => ({
        ssrc,
        payloadType: c.payloadType,
        first: c.first,
        packets: c.packets,
      })),
    /** Packets received and expected (from sequence numbers) over every SSRC so far. */
    tally: () => {
      let received = 0;
      let expected = 0;
      for (const c of counts.values()) {
        received += c.packets;
        expected += c.maxSeq - c.baseSeq + 1;
      }
      return { received, expected };
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';

/** An Opus frame of 20 ms of silence (CELT, mono): what WebRTC stacks send for nothing. */
const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);
const FRAME_MS = 20;
const FRAME_TICKS = 960; // 20 ms at 48 kHz
/** Silence fills a hole this long; shorter ones are the network's jitter. */
const HOLE_MS = 60;

interface AudioRelayEvents {
  closed: [];
}

/**
 * One audio slot of a recording: the RTP mediasoup sends for it (whichever
 * consumer feeds the slot, one after another) goes on to ffmpeg as one
 * continuous Opus stream — one SSRC, sequence numbers and timestamps without
 * jumps, and silence while nothing comes (no floor, a closed microphone, a
 * speaker change). ffmpeg's amix waits for every input, so a slot that went
 * quiet would stall the whole recording; this keeps every input flowing.
 */
export class AudioRelay extends EventEmitter<AudioRelayEvents> {
  readonly #socket: dgram.Socket;
  readonly #target: number;
  readonly #payloadType: number;
  readonly #ssrc: number;
  #timer: NodeJS.Timeout | undefined;
  #seq = 0;
  #ts = 0;
  /** When the media sent so far ends, on performance.now()'s clock. */
  #cursor = 0;
  #lastSsrc: number | undefined;
  #lastInTs = 0;
  /** The next source packet continues the last one (no silence or switch in between). */
  #contiguous = false;
  #started = false;
  #closed = false;
  /** Source packets forwarded (tests, logs). */
  forwarded = 0;

  static async create(options: { targetPort: number; payloadType: number }): Promise<AudioRelay> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new AudioRelay(socket, options.targetPort, options.payloadType);
  }

  private constructor(socket: dgram.Socket, target: number, payloadType: number) {
    super();
    this.#socket = socket;
    this.#target = target;
    this.#payloadType = payloadType;
    this.#ssrc = Math.floor(Math.random() * 0xffffffff) >>> 0;
    this.#seq = Math.floor(Math.random() * 0xffff);
    socket.on('message', (msg) => this.#onPacket(msg));
    // A send to a port nobody listens on yet (ffmpeg starting) is no failure.
    socket.on('error', () => {});
  }

  /** Where mediasoup sends the slot's RTP. */
  get port(): number {
    return this.#socket.address().port;
  }

  /** ffmpeg listens: media (or silence) flows from now on. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#cursor = performance.now();
    this.#timer = setInterval(() => this.#fill(), FRAME_MS);
  }

  #fill(): void {
    const now = performance.now();
    while (now - this.#cursor >= HOLE_MS) {
      this.#send(OPUS_SILENCE, this.#ts + FRAME_TICKS, false);
      this.#cursor += FRAME_MS;
      this.#contiguous = false;
    }
  }

  #onPacket(msg: Buffer): void {
    if (!this.#started || msg.length < 12 || msg[0] === undefined || msg[0] >> 6 !== 2) return;
    const second = msg[1] ?? 0;
    if (second >= 192 && second <= 223) return; // RTCP (muxed)
    const payload = rtpPayload(msg);
    if (!payload) return;
    const ssrc = msg.readUInt32BE(8);
    const inTs = msg.readUInt32BE(4);
    const now = performance.now();
    const delta = (inTs - this.#lastInTs) | 0;
    let ts: number;
    if (this.#contiguous && ssrc === this.#lastSsrc && delta > 0 && delta <= 48_000) {
      ts = this.#ts + delta;
      this.#cursor += delta / 48;
    } else {
      // A new source, or after silence: next in line, as late as the wall clock says.
      const frames = Math.max(1, Math.round((now - this.#cursor) / FRAME_MS));
      ts = this.#ts + frames * FRAME_TICKS;
      this.#cursor = now;
    }
    // The cursor never runs ahead of the wall clock by more than a packet.
    if (this.#cursor > now + FRAME_MS) this.#cursor = now;
    this.#lastSsrc = ssrc;
    this.#lastInTs = inTs;
    this.#contiguous = true;
    this.forwarded++;
    this.#send(payload, ts, (second & 0x80) !== 0);
  }

  #send(payload: Buffer, ts: number, marker: boolean): void {
    if (this.#closed) return;
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | this.#payloadType;
    this.#seq = (this.#seq + 1) & 0xffff;
    header.writeUInt16BE(this.#seq, 2);
    this.#ts = ts >>> 0;
    header.writeUInt32BE(this.#ts, 4);
    header.writeUInt32BE(this.#ssrc, 8);
    this.#socket.send(Buffer.concat([header, payload]), this.#target, '127.0.0.1');
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#socket.close();
    this.emit('closed');
  }
}

/** The payload of an RTP packet (after CSRCs and header extensions, before padding). */
export function rtpPayload(msg: Buffer): Buffer | null {
  const first = msg[0] ?? 0;
  let offset = 12 + 4 * (first & 0x0f);
  if (first & 0x10) {
    if (msg.length < offset + 4) return null;
    offset += 4 + 4 * msg.readUInt16BE(offset + 2);
  }
  let end = msg.length;
  if (first & 0x20) end -= msg[msg.length - 1] ?? 0;
  return end > offset ? msg.subarray(offset, end) : null;
}

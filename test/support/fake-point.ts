import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import type { MediaPeer } from '../../src/media/media-peer.js';
import type { MediaRoom } from '../../src/media/media-room.js';
import type { MediaSource } from '../../src/media/routing.js';
import { mediaCaptures, OPUS_PT, RtpReplayer, rtpCounter, VP8_PT } from './rtp-replay.js';

export interface FakePoint {
  peer: MediaPeer;
  replayer: RtpReplayer;
  /** Packets this point received from `code`'s `source` (0 without a consumer). */
  received(code: string, source: MediaSource): number;
  /** The consumer of `code`'s `source` at this point, if any. */
  consumer(code: string, source: MediaSource): types.Consumer | undefined;
  firstPacketAt(code: string, source: MediaSource): number | undefined;
  producer(source: MediaSource): types.Producer;
  close(): Promise<void>;
}

/**
 * A point on plain RTP (like a room system behind a gateway): it sends real
 * Opus and three-layer simulcast VP8 from one socket, and receives what the
 * routing policy gives it on a UDP socket that counts packets.
 */
export async function fakePoint(
  room: MediaRoom,
  spec: { pointId: string; code: string; isHall: boolean },
): Promise<FakePoint> {
  const { audio, video } = await mediaCaptures();
  const peer = await room.join({
    id: `plain-${spec.code}-${randomInt(1e9)}`,
    ...spec,
    channel: { offer: async () => true, notify: () => {} },
  });
  const send = await room.createPlainTransport(peer, 'send', { comedia: true, rtcpMux: true });
  const base = randomInt(1_000_000, 2_000_000_000);
  const ssrcs = { audio: base, video: [base + 1, base + 2, base + 3] as const };
  const mic = await room.produce(peer, send.id, {
    kind: 'audio',
    source: 'mic',
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: ssrcs.audio }],
    },
  });
  const camera = await room.produce(peer, send.id, {
    kind: 'video',
    source: 'camera',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }],
      encodings: ssrcs.video.map((ssrc) => ({ ssrc })),
    },
  });
  const replayer = new RtpReplayer(
    { ip: '127.0.0.1', port: (send as types.PlainTransport).tuple.localPort },
    [
      { capture: audio, ssrc: ssrcs.audio },
      ...video.map((capture, i) => ({ capture, ssrc: ssrcs.video[i] as number })),
    ],
  );
  await replayer.start();

  const sink = await rtpCounter();
  const recv = await room.createPlainTransport(peer, 'recv', { comedia: false, rtcpMux: true });
  await recv.connect({ ip: '127.0.0.1', port: sink.port });
  peer.rtpCapabilities = peer.router.rtpCapabilities;
  await room.reconcile();

  const consumer = (code: string, source: MediaSource) =>
    [...peer.consumers.values()].find(
      (c) => c.appData.code === code && c.appData.source === source,
    );
  const ssrcOf = (code: string, source: MediaSource) =>
    consumer(code, source)?.rtpParameters.encodings?.[0]?.ssrc;
  return {
    peer,
    replayer,
    consumer,
    received: (code, source) => {
      const ssrc = ssrcOf(code, source);
      return ssrc === undefined ? 0 : sink.packets(ssrc);
    },
    firstPacketAt: (code, source) => {
      const ssrc = ssrcOf(code, source);
      return ssrc === undefined ? undefined : sink.firstAt(ssrc);
    },
    producer: (source) => (source === 'mic' ? mic : camera),
    close: async () => {
      replayer.stop();
      room.leave(peer.id);
      await sink.close();
    },
  };
}

import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import type { MediaPeer, PeerChannel } from '../../src/media/media-peer.js';
import type { MediaRoom } from '../../src/media/media-room.js';
import type { MediaSource } from '../../src/media/routing.js';
import {
  type PointSsrcs,
  pointReplayer,
  pointRtpParameters,
  pointSsrcs,
  type RtpReplayer,
  rtpCounter,
} from './rtp-replay.js';

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
  channel?: PeerChannel,
): Promise<FakePoint> {
  const sink = await rtpCounter();
  const ssrcs = pointSsrcs();
  const { peer, sendPort, mic, camera } = await joinPlain(room, spec, ssrcs, sink.port, channel);
  const replayer = await pointReplayer({ ip: '127.0.0.1', port: sendPort }, ssrcs);
  await replayer.start();

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

/**
 * A peer on plain RTP: a sending transport (comedia: it learns the sender's
 * address from the first packet) with a microphone and a simulcast camera,
 * and a receiving transport that sends what the policy routes to `sinkPort`.
 */
export async function joinPlain(
  room: MediaRoom,
  spec: { pointId: string; code: string; isHall: boolean },
  ssrcs: PointSsrcs,
  sinkPort: number,
  /** How the peer answers offers (default: ready at once, like a healthy console). */
  channel: PeerChannel = { offer: async () => true, notify: () => {} },
): Promise<{ peer: MediaPeer; sendPort: number; mic: types.Producer; camera: types.Producer }> {
  const peer = await room.join({ id: `plain-${spec.code}-${randomInt(1e9)}`, ...spec, channel });
  const send = await room.createPlainTransport(peer, 'send', { comedia: true, rtcpMux: true });
  const rtp = pointRtpParameters(ssrcs);
  const mic = await room.produce(peer, send.id, {
    kind: 'audio',
    source: 'mic',
    rtpParameters: rtp.mic,
  });
  const camera = await room.produce(peer, send.id, {
    kind: 'video',
    source: 'camera',
    rtpParameters: rtp.camera,
  });
  const recv = await room.createPlainTransport(peer, 'recv', { comedia: false, rtcpMux: true });
  await recv.connect({ ip: '127.0.0.1', port: sinkPort });
  peer.rtpCapabilities = peer.router.rtpCapabilities;
  // Ready to receive, as media:transport:create tells the room for a console.
  await room.refreshReceiver(peer);
  return { peer, sendPort: (send as types.PlainTransport).tuple.localPort, mic, camera };
}

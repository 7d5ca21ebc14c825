import type { types } from 'mediasoup';
import type { MediaPeer } from './media-peer.js';

/** A point's connection as the SFU sees it, for the readiness board and the technical test. */
export interface NetworkFigures {
  /** mediasoup's 0–10 quality score of what the point sends (the worst of its streams). */
  score: number | null;
  rttMs: number | null;
  lossPercent: number | null;
  /** What the SFU receives from the point. */
  bitrateKbps: number;
  at: string;
}

/** Good enough for a briefing: the same bar the technical test applies. */
export function healthy(f: NetworkFigures): boolean {
  return (f.score ?? 0) >= 7 && (f.lossPercent ?? 0) < 5;
}

/** Samples a peer's sending side; null when it sends nothing yet. */
export async function sampleNetwork(peer: MediaPeer): Promise<NetworkFigures | null> {
  const transport = peer.sendTransport;
  const producers = [...peer.producers.values()]
    .map((m) => m.producer)
    .filter((p) => !p.closed && !p.paused);
  if (!transport || transport.closed || producers.length === 0) return null;
  const [transportStats, ...producerStats] = await Promise.all([
    transport.getStats(),
    ...producers.map((p) => p.getStats()),
  ]);
  const streams = producerStats.flat() as types.RtpStreamRecvStats[];
  if (streams.length === 0) return null;
  const rtts = streams
    .map((s) => s.roundTripTime)
    .filter((r): r is number => typeof r === 'number' && r > 0);
  return {
    score: Math.min(...streams.map((s) => s.score)),
    rttMs: rtts.length ? Math.round(Math.max(...rtts)) : null,
    // RTCP fraction lost is in 1/256ths.
    lossPercent: Math.round((Math.max(...streams.map((s) => s.fractionLost)) / 256) * 1000) / 10,
    bitrateKbps: Math.round(
      ((transportStats[0] as { recvBitrate?: number } | undefined)?.recvBitrate ?? 0) / 1000,
    ),
    at: new Date().toISOString(),
  };
}

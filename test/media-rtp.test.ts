import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { mediaCodecs } from '../src/media/codecs.js';
import { WorkerPool } from '../src/media/worker-pool.js';
import { silentLogger } from './support/logger.js';
import { rtpSink, sendFfmpegRtp } from './support/rtp.js';

const VIDEO = { payloadType: 101, ssrc: 22_222_222 };
const AUDIO = { payloadType: 100, ssrc: 11_111_111 };
const listenInfo = { protocol: 'udp', ip: '127.0.0.1' } as const;

let pool: WorkerPool;
let ffmpeg: ChildProcess | undefined;
beforeAll(async () => {
  const { media } = loadConfig({
    MEDIASOUP_WORKERS: '2',
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_PORT: '0',
  });
  pool = await WorkerPool.create({ config: media, log: silentLogger() });
});
afterAll(async () => {
  ffmpeg?.kill('SIGKILL');
  await pool?.close();
});

const stat = async (s: { getStats(): Promise<unknown[]> }, field: 'byteCount' | 'packetCount') =>
  ((await s.getStats()) as Array<Record<string, number>>).reduce((n, x) => n + (x[field] ?? 0), 0);

/** A consumer on `router` whose PlainTransport forwards to a local UDP sink. */
async function plainConsumer(router: types.Router, producerId: string, sinkPort: number) {
  const transport = await router.createPlainTransport({
    listenInfo,
    rtcpMux: true,
    comedia: false,
  });
  await transport.connect({ ip: '127.0.0.1', port: sinkPort });
  const consumer = await transport.consume({ producerId, rtpCapabilities: router.rtpCapabilities });
  return consumer;
}

describe('real RTP through real mediasoup workers', () => {
  it('ffmpeg VP8 + Opus into a PlainTransport reaches consumers on the same and on another worker', async () => {
    const [w0, w1] = pool.workers();
    if (!w0 || !w1) throw new Error('expected two workers');
    const router = await w0.worker.createRouter({ mediaCodecs });
    const otherRouter = await w1.worker.createRouter({ mediaCodecs });

    // ffmpeg sends RTCP from another port than RTP: no rtcp-mux, comedia learns both.
    const ingest = (await router.createPlainTransport({
      listenInfo,
      rtcpMux: false,
      comedia: true,
    })) as types.PlainTransport;
    const video = await ingest.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO.payloadType, clockRate: 90000 }],
        encodings: [{ ssrc: VIDEO.ssrc }],
      },
    });
    // Opus needs its own transport: one comedia tuple per RTP stream from ffmpeg.
    const audioIngest = await router.createPlainTransport({
      listenInfo,
      rtcpMux: false,
      comedia: true,
    });
    const audio = await audioIngest.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [
          { mimeType: 'audio/opus', payloadType: AUDIO.payloadType, clockRate: 48000, channels: 2 },
        ],
        encodings: [{ ssrc: AUDIO.ssrc }],
      },
    });

    await router.pipeToRouter({ producerId: video.id, router: otherRouter, listenInfo });
    await router.pipeToRouter({ producerId: audio.id, router: otherRouter, listenInfo });

    const sameSink = await rtpSink();
    const otherSink = await rtpSink();
    const consumers = {
      videoSame: await plainConsumer(router, video.id, sameSink.port),
      audioSame: await plainConsumer(router, audio.id, sameSink.port),
      videoOther: await plainConsumer(otherRouter, video.id, otherSink.port),
      audioOther: await plainConsumer(otherRouter, audio.id, otherSink.port),
    };

    ffmpeg = sendFfmpegRtp({
      seconds: 8,
      video: { ...VIDEO, port: ingest.tuple.localPort, rtcpPort: ingest.rtcpTuple?.localPort ?? 0 },
      audio: {
        ...AUDIO,
        port: audioIngest.tuple.localPort,
        rtcpPort: audioIngest.rtcpTuple?.localPort ?? 0,
      },
    });

    await sleep(2_500);
    const first = {
      video: await stat(video, 'byteCount'),
      audio: await stat(audio, 'byteCount'),
      consumers: await Promise.all(Object.values(consumers).map((c) => stat(c, 'byteCount'))),
    };
    await sleep(1_500);
    const second = {
      video: await stat(video, 'byteCount'),
      audio: await stat(audio, 'byteCount'),
      consumers: await Promise.all(Object.values(consumers).map((c) => stat(c, 'byteCount'))),
    };

    // The producers receive, and every consumer's byte count keeps growing.
    expect(first.video).toBeGreaterThan(0);
    expect(first.audio).toBeGreaterThan(0);
    expect(second.video).toBeGreaterThan(first.video);
    expect(second.audio).toBeGreaterThan(first.audio);
    second.consumers.forEach((bytes, i) => {
      expect(first.consumers[i]).toBeGreaterThan(0);
      expect(bytes).toBeGreaterThan(first.consumers[i] ?? 0);
    });

    // And the packets really leave the SFU, with each consumer's own SSRC.
    const ssrc = (c: types.Consumer) => c.rtpParameters.encodings?.[0]?.ssrc ?? -1;
    expect(sameSink.packets(ssrc(consumers.videoSame))).toBeGreaterThan(50);
    expect(sameSink.packets(ssrc(consumers.audioSame))).toBeGreaterThan(50);
    expect(otherSink.packets(ssrc(consumers.videoOther))).toBeGreaterThan(50);
    expect(otherSink.packets(ssrc(consumers.audioOther))).toBeGreaterThan(50);

    await sameSink.close();
    await otherSink.close();
  });
});

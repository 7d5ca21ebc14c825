// The briefing topology built twice for the media benchmark: once through
// giaoban's media plane (worker pool, media service and room, routing policy,
// network sampling, active-speaker observer) and once as a bare mediasoup
// script with the same producers and consumers and nothing else.
import { createWorker, type types } from 'mediasoup';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { MediaService } from '../src/media/media-service.js';
import { UDP_BUFFER_BYTES } from '../src/media/media-worker.js';
import { WorkerPool } from '../src/media/worker-pool.js';
import { joinPlain } from '../test/support/fake-point.js';
import { type PointSsrcs, pointRtpParameters } from '../test/support/rtp-replay.js';

/** One participant: endpoint 0 is the central hall, endpoint 1 holds the floor. */
export interface Endpoint {
  code: string;
  ssrcs: PointSsrcs;
  /** Where the SFU sends what this endpoint receives. */
  sinkPort: number;
}

export interface Topology {
  /** The port each endpoint sends its RTP to, in endpoint order. */
  sendPorts: number[];
  workerPids(): number[];
  /** RTP packets sent on the endpoints' consumers so far (pipes not counted). */
  forwarded(): Promise<number>;
  /** RTP packets the endpoints' producers received so far. */
  ingress(): Promise<number>;
  close(): Promise<void>;
}

// The same 4 MiB socket buffers giaoban gives its transports and pipes: loss compares like with like.
const LISTEN: types.TransportListenInfo = {
  protocol: 'udp',
  ip: '127.0.0.1',
  recvBufferSize: UDP_BUFFER_BYTES,
  sendBufferSize: UDP_BUFFER_BYTES,
};

const sumPackets = async (
  objects: Array<{ getStats(): Promise<Array<{ type: string; packetCount?: number }>> }>,
  type: string,
) => {
  let total = 0;
  for (const o of objects)
    for (const s of await o.getStats()) if (s.type === type) total += s.packetCount ?? 0;
  return total;
};

export function mediaConfig(workers: number) {
  return loadConfig({
    ...process.env,
    MEDIASOUP_WORKERS: String(workers),
    RTC_LISTEN_IP: '127.0.0.1',
    RTC_PORT: '0',
    // Two plain transports per point: hundreds of points need more than the default range.
    RTC_MIN_PORT: '20000',
    RTC_MAX_PORT: '59999',
  }).media;
}

/** giaoban's media plane, as the server runs it (without HTTP and sockets). */
export async function giaobanTopology(workers: number, endpoints: Endpoint[]): Promise<Topology> {
  const config = mediaConfig(workers);
  const log = pino({ level: 'warn' });
  const pool = await WorkerPool.create({ config, log });
  const speaker = endpoints[1]?.code ?? null;
  const service = new MediaService(
    pool,
    log,
    {
      roomState: async () => ({ floorPointId: speaker, micOverrides: new Map() }),
      activeSpeaker: () => {},
      reset: () => {},
      network: () => {},
    },
    config.statsSeconds * 1000,
  );
  const room = await service.room('bench');
  const sendPorts: number[] = [];
  for (const [i, e] of endpoints.entries()) {
    const spec = { pointId: e.code, code: e.code, isHall: i === 0 };
    sendPorts.push((await joinPlain(room, spec, e.ssrcs, e.sinkPort)).sendPort);
  }
  await room.reconcile();
  const peers = () => room.peers();
  return {
    sendPorts,
    workerPids: () => pool.workers().map((w) => w.pid),
    forwarded: () =>
      sumPackets(
        peers().flatMap((p) => [...p.consumers.values()]),
        'outbound-rtp',
      ),
    ingress: () =>
      sumPackets(
        peers().flatMap((p) => [...p.producers.values()].map((m) => m.producer)),
        'inbound-rtp',
      ),
    close: async () => {
      service.close();
      await pool.close();
    },
  };
}

/** The same producers and consumers with mediasoup alone: no giaoban code. */
export async function bareTopology(workers: number, endpoints: Endpoint[]): Promise<Topology> {
  const { workerBin, rtcMinPort, rtcMaxPort } = mediaConfig(workers);
  const mediaCodecs: types.RouterRtpCodecCapability[] = [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
    { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
  ];
  const ws = await Promise.all(
    Array.from({ length: workers }, () =>
      createWorker({ workerBin, logLevel: 'warn', rtcMinPort, rtcMaxPort }),
    ),
  );
  const routers = await Promise.all(ws.map((w) => w.createRouter({ mediaCodecs })));
  interface BarePeer {
    router: types.Router;
    send: types.PlainTransport;
    recv: types.PlainTransport;
    mic: types.Producer;
    camera: types.Producer;
    consumers: types.Consumer[];
  }
  const peers: BarePeer[] = [];
  for (const [i, e] of endpoints.entries()) {
    const router = routers[i % routers.length] as types.Router;
    const send = await router.createPlainTransport({
      listenInfo: LISTEN,
      comedia: true,
      rtcpMux: true,
    });
    const rtp = pointRtpParameters(e.ssrcs);
    const mic = await send.produce({ kind: 'audio', rtpParameters: rtp.mic });
    const camera = await send.produce({ kind: 'video', rtpParameters: rtp.camera });
    const recv = await router.createPlainTransport({
      listenInfo: LISTEN,
      comedia: false,
      rtcpMux: true,
    });
    await recv.connect({ ip: '127.0.0.1', port: e.sinkPort });
    peers.push({ router, send, recv, mic, camera, consumers: [] });
  }
  const piped = new Set<string>();
  const consume = async (
    to: BarePeer,
    from: BarePeer,
    producer: types.Producer,
    spatialLayer: number,
  ) => {
    if (from.router !== to.router && !piped.has(`${producer.id}:${to.router.id}`)) {
      piped.add(`${producer.id}:${to.router.id}`);
      await from.router.pipeToRouter({
        producerId: producer.id,
        router: to.router,
        listenInfo: LISTEN,
      });
    }
    to.consumers.push(
      await to.recv.consume({
        producerId: producer.id,
        rtpCapabilities: to.router.rtpCapabilities,
        ...(producer.kind === 'video' ? { preferredLayers: { spatialLayer } } : {}),
      }),
    );
  };
  // The briefing: the hall (0) to every point, the speaker (1) to everyone,
  // every other point's camera to the hall's wall at the lowest layer.
  const [hall, speaker] = peers;
  if (!hall || !speaker) throw new Error('need the hall and a speaker');
  for (const [i, p] of peers.entries()) {
    if (i === 0) continue;
    await consume(p, hall, hall.mic, 2);
    await consume(p, hall, hall.camera, 2);
    if (i === 1) continue;
    await consume(p, speaker, speaker.mic, 2);
    await consume(p, speaker, speaker.camera, 2);
    await consume(hall, p, p.camera, 0);
  }
  await consume(hall, speaker, speaker.mic, 2);
  await consume(hall, speaker, speaker.camera, 2);
  return {
    sendPorts: peers.map((p) => p.send.tuple.localPort),
    workerPids: () => ws.map((w) => w.pid),
    forwarded: () =>
      sumPackets(
        peers.flatMap((p) => p.consumers),
        'outbound-rtp',
      ),
    ingress: () =>
      sumPackets(
        peers.flatMap((p) => [p.mic, p.camera]),
        'inbound-rtp',
      ),
    close: async () => {
      for (const w of ws) w.close();
    },
  };
}

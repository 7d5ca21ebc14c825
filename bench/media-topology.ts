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
  /** Gives the floor to endpoint `index` (from endpoint 1): consumers switch. */
  setFloor(index: number): Promise<void>;
  /**
   * The camera layer endpoint `to` is being sent of endpoint `from`'s camera
   * (mediasoup picks it; without bandwidth estimation it may stay below the
   * preferred one), undefined when none is.
   */
  cameraLayer(from: number, to: number): number | undefined;
  /** RTP packets sent on the endpoints' consumers so far (pipes not counted). */
  forwarded(): Promise<number>;
  /** RTP packets the endpoints' producers received so far. */
  ingress(): Promise<number>;
  close(): Promise<void>;
}

/** The streams a replayer sends, in order: the microphone, then the camera's layers 0, 1, 2. */
export const MIC = 0;
export const LOW = 1;
export const HIGH = 3;

/** One forwarded stream: endpoint `to` receives endpoint `from`'s stream `stream`. */
export interface Edge {
  from: number;
  to: number;
  stream: number;
}

/**
 * What the briefing forwards (the policy in src/media/routing.ts, written out
 * by hand so a routing bug shows as a shortfall): the hall (0) to every
 * point, the speaker to everyone else, every other point's camera to the
 * hall's wall at the lowest layer.
 */
export function briefingEdges(count: number, speaker: number): Edge[] {
  const edges: Edge[] = [];
  for (let i = 1; i < count; i++)
    edges.push({ from: 0, to: i, stream: MIC }, { from: 0, to: i, stream: HIGH });
  for (let i = 0; i < count; i++) {
    if (i === speaker) continue;
    edges.push({ from: speaker, to: i, stream: MIC }, { from: speaker, to: i, stream: HIGH });
    if (i !== 0) edges.push({ from: i, to: 0, stream: LOW });
  }
  return edges;
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
    setFloor: (index) => room.setFloor(endpoints[index]?.code ?? null),
    cameraLayer: (from, to) => {
      const code = endpoints[from]?.code;
      const receiver = peers().find((p) => p.code === endpoints[to]?.code);
      const consumer = [...(receiver?.consumers.values() ?? [])].find(
        (c) => c.appData.code === code && c.appData.source === 'camera',
      );
      return consumer?.currentLayers?.spatialLayer;
    },
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
    /** By the producer consumed. */
    consumers: Map<string, types.Consumer>;
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
    peers.push({ router, send, recv, mic, camera, consumers: new Map() });
  }
  // One pipe per producer and router, shared by concurrent consumes (a floor change).
  const pipes = new Map<string, Promise<unknown>>();
  const consume = async (
    to: BarePeer,
    from: BarePeer,
    producer: types.Producer,
    spatialLayer: number,
  ) => {
    if (from.router !== to.router) {
      const key = `${producer.id}:${to.router.id}`;
      let pipe = pipes.get(key);
      if (!pipe) {
        pipe = from.router.pipeToRouter({
          producerId: producer.id,
          router: to.router,
          listenInfo: LISTEN,
        });
        pipes.set(key, pipe);
      }
      await pipe;
    }
    to.consumers.set(
      producer.id,
      await to.recv.consume({
        producerId: producer.id,
        rtpCapabilities: to.router.rtpCapabilities,
        ...(producer.kind === 'video' ? { preferredLayers: { spatialLayer } } : {}),
      }),
    );
  };
  const unconsume = (to: BarePeer, producer: types.Producer) => {
    to.consumers.get(producer.id)?.close();
    to.consumers.delete(producer.id);
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
  let floor = 1;
  // What a floor change does without giaoban: the old speaker's streams
  // closed at the points and back to the wall's layer at the hall, the new
  // speaker's consumed by every point and raised to the top layer at the hall.
  const setFloor = async (index: number) => {
    const old = peers[floor] as BarePeer;
    const next = peers[index] as BarePeer;
    floor = index;
    await Promise.all(
      peers.map(async (p, i) => {
        if (i === 0) {
          unconsume(hall, old.mic);
          await hall.consumers.get(old.camera.id)?.setPreferredLayers({ spatialLayer: 0 });
          await consume(hall, next, next.mic, 2);
          await hall.consumers.get(next.camera.id)?.setPreferredLayers({ spatialLayer: 2 });
          return;
        }
        unconsume(p, old.mic);
        unconsume(p, old.camera);
        if (p === next) return;
        await consume(p, next, next.mic, 2);
        await consume(p, next, next.camera, 2);
      }),
    );
  };
  return {
    sendPorts: peers.map((p) => p.send.tuple.localPort),
    workerPids: () => ws.map((w) => w.pid),
    setFloor,
    cameraLayer: (from, to) =>
      peers[to]?.consumers.get((peers[from] as BarePeer).camera.id)?.currentLayers?.spatialLayer,
    forwarded: () =>
      sumPackets(
        peers.flatMap((p) => [...p.consumers.values()]),
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

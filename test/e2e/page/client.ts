// A minimal operator console for the end-to-end test: joins the session with
// the point's credential, sends camera (simulcast) and microphone through
// mediasoup-client, consumes whatever the server offers, and exposes what it
// receives (getStats) to the test.
import { Device, type types } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';
// The contract, as a browser console takes it: types only, nothing of the server.
import type { Ack } from '../../../src/contract/index.js';

interface Received {
  consumer: types.Consumer;
  code: string;
  source: string;
}

/** A video consumer as this console saw it; times are Date.now(), shared with the test's clock. */
interface VideoSeen {
  consumerId: string;
  code: string;
  source: string;
  offeredAt: number;
  ackedAt?: number;
  /** The first frame shown, then every change of the shown frame's width (simulcast layers). */
  firstFrameAt?: number;
  widths: Array<{ at: number; width: number }>;
}

const params = new URLSearchParams(location.search);
const server = params.get('server') as string;
const token = params.get('token') as string;
const sessionId = params.get('sessionId') as string;

const state = {
  ready: false,
  resets: 0,
  /** Reconnections of the socket that socket.io recovered (media kept), and those it did not. */
  recoveries: 0,
  reconnects: 0,
  errors: [] as string[],
  consumers: new Map<string, Received>(),
  /** performance.now() when the socket was opened, and when media first arrived (any, video). */
  socketAt: performance.now(),
  firstRtpAt: undefined as number | undefined,
  firstVideoAt: undefined as number | undefined,
  /** Floor moves as this console heard of them (floor:granted), Date.now(). */
  floors: [] as Array<{ code: string; at: number }>,
  videos: [] as VideoSeen[],
  /** What the server said of this console's microphone (media:mic), in order. */
  mics: [] as boolean[],
};
const elements = new Map<string, HTMLMediaElement>();

/**
 * Watches the frames a video element shows (requestVideoFrameCallback):
 * when the first one shows, and when the shown width changes.
 */
function watchFrames(element: HTMLVideoElement, seen: VideoSeen): void {
  const onFrame = (_now: number, frame: VideoFrameCallbackMetadata) => {
    if (!element.isConnected) return;
    const at = Date.now();
    seen.firstFrameAt ??= at;
    if (seen.widths.at(-1)?.width !== frame.width) seen.widths.push({ at, width: frame.width });
    element.requestVideoFrameCallback(onFrame);
  };
  element.requestVideoFrameCallback(onFrame);
}

/** A remote track unmutes when its first RTP packet arrives. */
function whenFlowing(track: MediaStreamTrack, arrived: () => void): void {
  if (!track.muted) arrived();
  else track.addEventListener('unmute', arrived, { once: true });
}

const socket: Socket = io(server, { transports: ['websocket'], auth: { token, sessionId } });

async function emit<T>(event: string, payload: unknown): Promise<T> {
  const ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

let sendTransport: types.Transport | undefined;
let recvTransport: types.Transport | undefined;
let recvReady: Promise<types.Transport> | undefined;
let stream: MediaStream | undefined;

async function setUpMedia(): Promise<void> {
  state.ready = false;
  const { routerRtpCapabilities } = await emit<{ routerRtpCapabilities: types.RtpCapabilities }>(
    'media:capabilities',
    { sessionId },
  );
  const device = new Device();
  await device.load({ routerRtpCapabilities });

  recvReady = (async () => {
    const options = await emit<types.TransportOptions>('media:transport:create', {
      sessionId,
      direction: 'recv',
      rtpCapabilities: device.recvRtpCapabilities,
    });
    const transport = device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      emit('media:transport:connect', { transportId: transport.id, dtlsParameters }).then(
        () => done(),
        fail,
      );
    });
    recvTransport = transport;
    return transport;
  })();
  await recvReady;

  const send = device.createSendTransport(
    await emit<types.TransportOptions>('media:transport:create', { sessionId, direction: 'send' }),
  );
  send.on('connect', ({ dtlsParameters }, done, fail) => {
    emit('media:transport:connect', { transportId: send.id, dtlsParameters }).then(
      () => done(),
      fail,
    );
  });
  send.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
    emit<{ producerId: string }>('media:produce', {
      transportId: send.id,
      kind,
      rtpParameters,
      source: appData.source,
    }).then(({ producerId }) => done({ id: producerId }), fail);
  });
  sendTransport = send;
  stream ??= await navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: 640, height: 480 },
  });
  const [video] = stream.getVideoTracks();
  const [audio] = stream.getAudioTracks();
  if (video) {
    await send.produce({
      track: video,
      encodings: [
        { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
        { scaleResolutionDownBy: 2, maxBitrate: 400_000 },
        { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
      ],
      // The camera outlives a media reset: keep the track when the transport goes.
      stopTracks: false,
      appData: { source: 'camera' },
    });
  }
  if (audio) await send.produce({ track: audio, stopTracks: false, appData: { source: 'mic' } });
  state.ready = true;
}

socket.on('floor:granted', ({ code }: { code: string }) => {
  state.floors.push({ code, at: Date.now() });
});

socket.on('media:mic', ({ muted }: { muted: boolean }) => {
  state.mics.push(muted);
});

socket.on('media:consumer:new', async (offer, ack: (a: Ack<{ ready: true }>) => void) => {
  const offeredAt = Date.now();
  try {
    const transport = await (recvReady ?? Promise.reject(new Error('no receiving transport')));
    const consumer = await transport.consume({
      id: offer.consumerId,
      producerId: offer.producerId,
      kind: offer.kind,
      rtpParameters: offer.rtpParameters,
    });
    state.consumers.set(consumer.id, { consumer, code: offer.code, source: offer.source });
    whenFlowing(consumer.track, () => {
      const now = performance.now();
      state.firstRtpAt ??= now;
      if (consumer.kind === 'video') state.firstVideoAt ??= now;
    });
    // Play it, as a console would: the browser then decodes what it receives.
    const element = document.createElement(offer.kind === 'video' ? 'video' : 'audio');
    element.autoplay = true;
    element.muted = true;
    element.srcObject = new MediaStream([consumer.track]);
    document.body.append(element);
    elements.set(consumer.id, element);
    if (element instanceof HTMLVideoElement) {
      const seen: VideoSeen = {
        consumerId: consumer.id,
        code: offer.code,
        source: offer.source,
        offeredAt,
        widths: [],
      };
      state.videos.push(seen);
      watchFrames(element, seen);
      seen.ackedAt = Date.now();
    }
    ack({ ok: true, data: { ready: true } });
  } catch (error) {
    state.errors.push(String(error));
    // The console could not take the stream: the server drops the consumer.
    ack({ ok: false, error: { code: 'BAD_REQUEST', message: String(error) } });
  }
});

socket.on('media:consumer:closed', ({ consumerId }) => {
  state.consumers.get(consumerId)?.consumer.close();
  state.consumers.delete(consumerId);
  elements.get(consumerId)?.remove();
  elements.delete(consumerId);
});

/** Drops every transport and consumer and sets media up from the start. */
function startOver(): void {
  sendTransport?.close();
  recvTransport?.close();
  for (const r of state.consumers.values()) r.consumer.close();
  state.consumers.clear();
  for (const element of elements.values()) element.remove();
  elements.clear();
  setUpMedia().catch((error) => state.errors.push(String(error)));
}

socket.on('media:reset', () => {
  state.resets++;
  startOver();
});

// A recovered reconnection keeps the media (the server kept this console's
// peer); any other means a new socket the server knows nothing of.
socket.on('connect', () => {
  if (!started) return;
  if (socket.recovered) state.recoveries++;
  else {
    state.reconnects++;
    startOver();
  }
});

let started = false;
socket.on('session:snapshot', () => {
  if (started) return;
  started = true;
  setUpMedia().catch((error) => state.errors.push(String(error)));
});

/** What this console receives right now: per consumer, from whom, and how much. */
async function received() {
  const rows = [];
  for (const { consumer, code, source } of state.consumers.values()) {
    if (consumer.closed) continue;
    let bytes = 0;
    let frameWidth = 0;
    for (const report of (await consumer.getStats()).values()) {
      if (report.type === 'inbound-rtp') {
        bytes += report.bytesReceived ?? 0;
        frameWidth = Math.max(frameWidth, report.frameWidth ?? 0);
      }
    }
    rows.push({ code, source, kind: consumer.kind, bytes, frameWidth });
  }
  return rows;
}

Object.assign(window, {
  giaoban: {
    state,
    received,
    emit: (event: string, payload: unknown) => socket.timeout(15_000).emitWithAck(event, payload),
    /** The line drops under the socket (its transport closes); socket.io reconnects by itself. */
    dropSignalling: () => socket.io.engine.close(),
  },
});

import type { FastifyInstance } from 'fastify';
import { errors as mediasoupErrors, type types } from 'mediasoup';
import type { ConsumerOffer } from '../../contract/index.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import type { Logger } from '../../logger.js';
import { clientRtpCapabilities } from '../../media/codecs.js';
import type { MediaPeer, PeerChannel } from '../../media/media-peer.js';
import type { MediaService } from '../../media/media-service.js';
import { type AppSocket, handle } from '../../realtime/dispatch.js';
import { actorOf } from '../audit/record.js';
import { pointOnly } from '../auth/principal.js';
import { findPointsByCodes } from '../points/service.js';
import { phase } from '../sessions/lifecycle.js';
import { saveMicOverride } from './microphones.js';

/** Disconnections of a line that may come back (socket.io recovers these), not a deliberate leave. */
const LINE_DROPS = new Set(['transport error', 'transport close', 'ping timeout']);

/** How long a client has to say it is ready for a consumer. */
const OFFER_TIMEOUT_MS = 10_000;

/**
 * mediasoup acting on parameters the client sent: whatever it refuses is the
 * client's mistake, not ours — malformed parameters (TypeError), codecs it
 * does not support, and what the worker itself rejects (a second connect(),
 * an ssrc or rid already in use). Only a worker that went away
 * (WorkerClosedError) is not: the client must set its media up again.
 */
async function clientInput<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    if (error instanceof mediasoupErrors.WorkerClosedError) {
      throw new HttpProblem(
        409,
        ErrorCode.CONFLICT,
        'The transport has closed; set media up again.',
      );
    }
    const message = error instanceof Error ? error.message.replace(/ \[method:.*\]$/, '') : '';
    throw new HttpProblem(
      400,
      ErrorCode.VALIDATION_FAILED,
      `Refused by the media server: ${message}`,
    );
  }
}

/**
 * The media signalling of CONTRACT.md's media issue. A point's console joins
 * its session's media room (socket = peer), creates its transports and
 * produces; the server decides what it consumes. A point touches only its own
 * transports and producers: they are looked up on its own peer.
 */
export function attachMediaSignalling(
  fastify: FastifyInstance,
  media: MediaService,
  log: Logger,
): void {
  const { db } = fastify.database;
  const { sessions } = fastify;
  /** One media room per socket: socket id → session id. */
  const joined = new Map<string, string>();

  const channelFor = (socketId: string, sessionId: string): PeerChannel => ({
    offer: async (offer: ConsumerOffer) => {
      // The socket of the moment: a recovered reconnection is a new object with the same id.
      const socket = fastify.io.sockets.sockets.get(socketId);
      if (!socket?.connected) return false;
      try {
        const ack = await socket
          .timeout(OFFER_TIMEOUT_MS)
          .emitWithAck('media:consumer:new', { sessionId, ...offer });
        return ack?.ok === true;
      } catch {
        return false; // no answer in time, or the socket went away
      }
    },
    notify: (...[event, payload]) => {
      // Through the socket's own room: socket.io keeps these for a client that recovers.
      const to = fastify.io.to(socketId);
      if (event === 'mic') to.emit('media:mic', { sessionId, ...payload });
      else to.emit(`media:${event}`, { sessionId, ...payload });
    },
  });

  /**
   * Peers whose signalling dropped, kept for the recovery window: the media
   * runs over UDP, not over this socket, and often outlives a shaky line's
   * websocket. Socket id → the timer that closes the peer.
   */
  const detached = new Map<string, NodeJS.Timeout>();
  const graceMs = fastify.config.realtime.recoverySeconds * 1000;
  const leave = (socketId: string) => {
    clearTimeout(detached.get(socketId));
    detached.delete(socketId);
    const sessionId = joined.get(socketId);
    joined.delete(socketId);
    if (sessionId) media.existing(sessionId)?.leave(socketId);
  };
  fastify.addHook('onClose', async () => {
    for (const timer of detached.values()) clearTimeout(timer);
    detached.clear();
  });

  async function peerOf(socket: AppSocket): Promise<MediaPeer> {
    const sessionId = joined.get(socket.id);
    const peer = sessionId ? media.existing(sessionId)?.peer(socket.id) : undefined;
    if (!peer || peer.closed) {
      throw new HttpProblem(
        409,
        ErrorCode.CONFLICT,
        'Ask for media:capabilities of your session first.',
      );
    }
    return peer;
  }

  // After attendance: media:capabilities needs the session list its joins fill.
  fastify.connections.add({
    name: 'media',
    after: ['attendance'],
    attach: (socket: AppSocket) => {
      if (socket.recovered && detached.has(socket.id)) {
        clearTimeout(detached.get(socket.id));
        detached.delete(socket.id);
        const sessionId = joined.get(socket.id) as string;
        log.info({ sessionId, socketId: socket.id }, 'signalling recovered: media continues');
        // Offers made during the drop were refused: make them again.
        const room = media.existing(sessionId);
        const peer = room?.peer(socket.id);
        if (room && peer) void room.refreshReceiver(peer);
      }
      handle(socket, 'media:capabilities', log, async ({ sessionId }) => {
        const point = pointOnly(socket.data.principal, 'Media is for connection points.');
        if (!socket.data.sessions.includes(sessionId)) {
          throw new HttpProblem(409, ErrorCode.CONFLICT, 'Join the session (session:join) first.');
        }
        const { row } = await sessions.readable(point, sessionId);
        if (!phase.mediaOpen(row.status)) {
          throw new HttpProblem(
            409,
            ErrorCode.SESSION_NOT_LIVE,
            `No media while the session is ${row.status}.`,
          );
        }
        const previous = joined.get(socket.id);
        if (previous && previous !== sessionId) media.existing(previous)?.leave(socket.id);
        const room = await media.room(sessionId);
        const peer = await room.join({
          id: socket.id,
          pointId: point.pointId,
          code: point.pointCode,
          isHall: point.pointKind === 'central-hall',
          channel: channelFor(socket.id, sessionId),
        });
        // Closed while the room was opening: the disconnect handler has run and
        // found nothing to close; a peer added now would stay for good.
        if (!socket.connected) {
          room.leave(socket.id);
          throw new HttpProblem(409, ErrorCode.CONFLICT, 'The connection closed meanwhile.');
        }
        joined.set(socket.id, sessionId);
        // The same point back on a new socket (not recovered): its old peer is a ghost.
        for (const id of detached.keys()) {
          if (joined.get(id) === sessionId && room.peer(id)?.pointId === point.pointId) leave(id);
        }
        return { routerRtpCapabilities: clientRtpCapabilities(peer.router) };
      });

      handle(socket, 'media:transport:create', log, async (payload) => {
        const peer = await peerOf(socket);
        if (joined.get(socket.id) !== payload.sessionId)
          throw new HttpProblem(403, ErrorCode.FORBIDDEN, 'Not your session.');
        if (payload.direction === 'recv' && !payload.rtpCapabilities) {
          throw new HttpProblem(
            400,
            ErrorCode.VALIDATION_FAILED,
            "A 'recv' transport needs the device's rtpCapabilities.",
          );
        }
        const room = await media.room(payload.sessionId);
        const transport = await room.createWebRtcTransport(peer, payload.direction);
        if (payload.direction === 'recv') {
          peer.rtpCapabilities = payload.rtpCapabilities as unknown as typeof peer.rtpCapabilities;
          void room.refreshReceiver(peer);
        }
        return {
          id: transport.id,
          iceParameters: transport.iceParameters,
          iceCandidates: transport.iceCandidates,
          dtlsParameters: transport.dtlsParameters,
        };
      });

      handle(socket, 'media:transport:connect', log, async ({ transportId, dtlsParameters }) => {
        const transport = (await peerOf(socket)).transport(transportId);
        if (!transport) throw new HttpProblem(403, ErrorCode.FORBIDDEN, 'Not your transport.');
        await clientInput(() => transport.connect({ dtlsParameters }));
        return { connected: true as const };
      });

      handle(socket, 'media:ice:restart', log, async ({ transportId }) => {
        const transport = (await peerOf(socket)).transport(transportId);
        if (transport?.appData.webrtc !== true) {
          throw new HttpProblem(403, ErrorCode.FORBIDDEN, 'Not your WebRTC transport.');
        }
        return {
          iceParameters: await (transport as unknown as types.WebRtcTransport).restartIce(),
        };
      });

      handle(socket, 'media:produce', log, async ({ transportId, kind, source, rtpParameters }) => {
        const peer = await peerOf(socket);
        if ((source === 'mic') !== (kind === 'audio')) {
          throw new HttpProblem(
            400,
            ErrorCode.VALIDATION_FAILED,
            'Microphones send audio; cameras and screens video.',
          );
        }
        const room = media.existing(joined.get(socket.id) as string);
        if (!room) throw new HttpProblem(409, ErrorCode.CONFLICT, 'The media room closed.');
        const producer = await clientInput(() =>
          room.produce(peer, transportId, { kind, source, rtpParameters: rtpParameters as never }),
        );
        log.info({ point: peer.code, source, paused: producer.paused }, 'producing');
        return { producerId: producer.id, paused: producer.paused };
      });

      handle(socket, 'media:producer:close', log, async ({ producerId }) => {
        const peer = await peerOf(socket);
        media.existing(joined.get(socket.id) as string)?.closeProducer(peer, producerId);
        return { closed: true as const };
      });

      handle(socket, 'media:test', log, async ({ sessionId, echo }) => {
        const peer = await peerOf(socket);
        const room = media.existing(joined.get(socket.id) as string);
        if (!room || joined.get(socket.id) !== sessionId)
          throw new HttpProblem(403, ErrorCode.FORBIDDEN, 'Not your session.');
        await room.setEcho(peer, echo);
        log.info({ sessionId, point: peer.code, echo }, 'technical test run');
        return { echo };
      });

      handle(socket, 'media:wall', log, async ({ sessionId, pointCodes }) => {
        const peer = await peerOf(socket);
        const room = media.existing(joined.get(socket.id) as string);
        if (!room || joined.get(socket.id) !== sessionId)
          throw new HttpProblem(403, ErrorCode.FORBIDDEN, 'Not your session.');
        if (!peer.isHall)
          throw new HttpProblem(403, ErrorCode.FORBIDDEN, "Only the central hall's wall pages.");
        if (pointCodes === null) {
          await room.setWallPage(null);
          return { visible: null };
        }
        const found = [...(await findPointsByCodes(fastify.database.db, pointCodes)).values()].map(
          (p) => p.id,
        );
        await room.setWallPage(found);
        log.debug({ sessionId, visible: found.length }, 'hall wall page');
        return { visible: found.length };
      });

      handle(socket, 'media:stats', log, async () => {
        const peer = await peerOf(socket);
        const transports = [
          ['send', peer.sendTransport],
          ['recv', peer.recvTransport],
        ] as const;
        return {
          transports: await Promise.all(
            transports
              .filter(([, t]) => t && !t.closed)
              .map(async ([direction, t]) => ({
                id: t?.id as string,
                direction,
                stats: (await t?.getStats()) ?? [],
              })),
          ),
          producers: await Promise.all(
            [...peer.producers.values()].map(async ({ producer, source }) => ({
              id: producer.id,
              source,
              paused: producer.paused,
              stats: await producer.getStats(),
            })),
          ),
          consumers: await Promise.all(
            [...peer.consumers.values()].map(async (c) => ({
              id: c.id,
              code: String(c.appData.code ?? ''),
              kind: c.kind,
              paused: c.paused || c.producerPaused,
              stats: await c.getStats(),
            })),
          ),
        };
      });

      handle(socket, 'media:mic', log, async ({ sessionId, pointCode, state }) => {
        const { principal } = socket.data;
        const { row } = await sessions.ranBy(
          principal,
          sessionId,
          'Only those running the session open or close microphones.',
        );
        if (!phase.micSettable(row.status)) {
          throw new HttpProblem(
            409,
            ErrorCode.SESSION_NOT_LIVE,
            `No microphones to set while the session is ${row.status}.`,
          );
        }
        const override = state === 'auto' ? null : state;
        // Stored first: what the room does must survive a restart.
        const { pointId } = await saveMicOverride(
          db,
          actorOf(principal),
          sessionId,
          pointCode,
          override,
        );
        await media.existing(sessionId)?.setMic(pointId, override);
        fastify.attendance.changed(sessionId, pointId);
        log.info({ sessionId, point: pointCode, state }, 'microphone set by moderator');
        return { state };
      });

      socket.on('disconnect', (reason) => {
        const sessionId = joined.get(socket.id);
        if (!sessionId) return;
        if (graceMs > 0 && LINE_DROPS.has(reason) && media.existing(sessionId)?.peer(socket.id)) {
          const timer = setTimeout(() => leave(socket.id), graceMs);
          timer.unref();
          detached.set(socket.id, timer);
          log.info({ sessionId, socketId: socket.id, reason }, 'signalling dropped: media kept');
          return;
        }
        leave(socket.id);
      });
    },
  });
}

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { MediaService } from '../../media/media-service.js';
import { healthy } from '../../media/network.js';
import { rooms } from '../../realtime/dispatch.js';
import { recordTestRun } from '../attendance/service.js';
import { phase } from '../sessions/lifecycle.js';
import { loadMicOverrides } from './microphones.js';
import { attachMediaSignalling } from './signalling.js';

declare module 'fastify' {
  interface FastifyInstance {
    media: MediaService;
  }
}

/**
 * The media plane: a mediasoup room per session in progress, the routing
 * policy driven by the speaker register's floor events, signalling over
 * socket.io, and the SFU's view of each point's connection fed into the
 * readiness board and the technical test record.
 */
export default fp(
  async function media(fastify: FastifyInstance) {
    const { db } = fastify.database;
    const io = fastify.io;
    const log = fastify.log.child({ component: 'media' });
    const loudest = new Map<string, string>();
    const health = new Map<string, boolean>();

    const service = new MediaService(
      fastify.sfu,
      log,
      {
        // Who holds the floor (the speaker register's answer) and the moderators' decisions.
        roomState: async (sessionId) => {
          const [floorPointId, micOverrides] = await Promise.all([
            fastify.speakers.register.floorHolder(sessionId),
            loadMicOverrides(db, sessionId),
          ]);
          return { floorPointId, micOverrides };
        },
        activeSpeaker: (sessionId, { pointId, code }) => {
          if (loudest.get(sessionId) === pointId) return;
          loudest.set(sessionId, pointId);
          io.to(rooms.staff(sessionId)).emit('media:active-speaker', { sessionId, code });
        },
        reset: (room) => {
          for (const peer of room.peers())
            io.to(peer.id).emit('media:reset', { sessionId: room.sessionId });
        },
        network: (sessionId, pointId, figures) => {
          // The board shows the latest figures; the test record and the
          // board's feed change only when a point's health does.
          const key = `${sessionId}:${pointId}`;
          const ok = healthy(figures);
          if (health.get(key) === ok) return;
          health.set(key, ok);
          fastify.attendance.changed(sessionId, pointId);
          void fastify.sessions
            .get(sessionId)
            .then((live) =>
              live
                ? recordTestRun(db, live.row, pointId, {
                    passed: ok,
                    source: 'server',
                    figures: {
                      score: figures.score ?? undefined,
                      rttMs: figures.rttMs ?? undefined,
                      lossPercent: figures.lossPercent ?? undefined,
                      uplinkKbps: figures.bitrateKbps,
                    },
                  })
                : undefined,
            )
            .catch((err: unknown) =>
              log.warn({ err, sessionId, pointId }, 'could not record the media test'),
            );
        },
      },
      fastify.config.media.statsSeconds * 1000,
    );

    fastify.attendance.setNetworkSource((sessionId, pointId) =>
      service.networkOf(sessionId, pointId),
    );
    // Driven by the speaker register's in-process events, not by polling.
    // A fresh grant lifts a moderator's 'closed' on the new speaker: the
    // register stored that in the grant's transaction, the room follows here.
    fastify.events.on('floor.granted', ({ sessionId, pointId }) =>
      service.floorChanged(sessionId, pointId),
    );
    fastify.events.on('floor.ended', ({ sessionId }) => service.floorChanged(sessionId, null));
    fastify.events.on('session.status', ({ sessionId, status }) => {
      if (phase.over(status)) service.closeRoom(sessionId);
    });
    attachMediaSignalling(fastify, service, log);
    fastify.decorate('media', service);
    // What the network sampler costs, on /metrics.
    const sampler = service.samplerStats;
    for (const [name, help, value] of [
      ['runs_total', 'rounds of network sampling done', () => sampler.runs],
      [
        'skipped_total',
        'rounds skipped: the previous one was still running',
        () => sampler.skipped,
      ],
      ['last_peers', 'peers sampled in the last round', () => sampler.lastPeers],
      ['last_seconds', 'how long the last round took', () => sampler.lastSeconds],
    ] as const)
      new Gauge({
        name: `giaoban_network_sampler_${name}`,
        help,
        registers: [fastify.metrics],
        collect() {
          this.set(value());
        },
      });
    fastify.addHook('onClose', async () => {
      service.close();
    });
  },
  {
    name: 'media',
    dependencies: ['db', 'sfu', 'io', 'events', 'attendance', 'speakers', 'metrics'],
    fastify: '5.x',
  },
);

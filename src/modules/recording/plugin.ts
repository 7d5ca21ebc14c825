import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rooms } from '../../realtime/dispatch.js';
import { systemActor } from '../audit/record.js';
import { RecordingService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    recording: RecordingService;
  }
}

/**
 * Recording of the sessions: driven by those running a session (routes), by
 * the session going live (when set to record by itself) or ending, and by
 * floor changes; resumed after a restart once the server is ready.
 */
export default fp(
  async function recording(fastify: FastifyInstance) {
    const io = fastify.io;
    const service = new RecordingService({
      db: fastify.database.db,
      media: fastify.media,
      config: fastify.config.recording,
      events: fastify.events,
      log: fastify.log,
      broadcast: (view) => io.to(rooms.staff(view.sessionId)).emit('recording:status', view),
    });
    fastify.decorate('recording', service);
    fastify.events.on('floor.granted', ({ sessionId, pointId }) =>
      service.floorChanged(sessionId, pointId),
    );
    fastify.events.on('floor.ended', ({ sessionId }) => service.floorChanged(sessionId, null));
    fastify.events.on('session.status', ({ sessionId, status }) =>
      service.sessionStatus(sessionId, status, systemActor),
    );
    fastify.addHook('onReady', async () => {
      // In the background: a slow disk or ffprobe must not hold the server's start.
      void service
        .resume()
        .catch((err) => fastify.log.error({ err }, 'recordings could not be resumed'));
    });
    fastify.addHook('onClose', async () => {
      await service.close();
    });
  },
  {
    name: 'recording',
    dependencies: ['db', 'io', 'events', 'media', 'config'],
    fastify: '5.x',
  },
);

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import attendanceLive from './modules/attendance/plugin.js';
import attendanceRoutes from './modules/attendance/routes.js';
import auditRoutes from './modules/audit/routes.js';
import authLive from './modules/auth/live.js';
import authRoutes from './modules/auth/routes.js';
import healthRoutes from './modules/health/routes.js';
import invitationRoutes from './modules/invitations/routes.js';
import materialRoutes from './modules/materials/routes.js';
import mediaPlugin from './modules/media/plugin.js';
import minutesLive from './modules/minutes/plugin.js';
import minutesRoutes from './modules/minutes/routes.js';
import { seedPoints } from './modules/points/import.js';
import pointRoutes from './modules/points/routes.js';
import recordRoutes from './modules/record/routes.js';
import recordingPlugin from './modules/recording/plugin.js';
import recordingRoutes from './modules/recording/routes.js';
import sessionsLive from './modules/sessions/live.js';
import sessionRoutes from './modules/sessions/routes.js';
import speakersLive from './modules/speakers/plugin.js';
import speakerRoutes from './modules/speakers/routes.js';
import { bootstrapAdmin } from './modules/users/bootstrap.js';
import userRoutes from './modules/users/routes.js';
import webhooksLive from './modules/webhooks/plugin.js';
import webhookRoutes from './modules/webhooks/routes.js';
import authPlugin from './plugins/auth.js';
import configPlugin from './plugins/config.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import eventsPlugin from './plugins/events.js';
import inputPlugin from './plugins/input.js';
import ioPlugin from './plugins/io.js';
import jobsPlugin from './plugins/jobs.js';
import metricsPlugin from './plugins/metrics.js';
import securityPlugin from './plugins/security.js';
import sfuPlugin from './plugins/sfu.js';
import swaggerPlugin from './plugins/swagger.js';
import webApp from './plugins/web-app.js';

export interface AppOptions {
  config: Config;
  /** Tests shorten the pause before a dead worker is replaced. */
  workerRespawnDelayMs?: number;
}

/**
 * The whole application as one Fastify plugin: infrastructure first (each a
 * named plugin owning its resource and closing it), then the feature modules.
 */
export default fp(
  async function app(fastify: FastifyInstance, opts: AppOptions) {
    await fastify.register(configPlugin, { config: opts.config });
    await fastify.register(errorsPlugin);
    await fastify.register(securityPlugin);
    await fastify.register(inputPlugin);
    await fastify.register(eventsPlugin);
    await fastify.register(swaggerPlugin);
    await fastify.register(dbPlugin);
    await fastify.register(authPlugin);
    await fastify.register(jobsPlugin);
    await fastify.register(
      sfuPlugin,
      opts.workerRespawnDelayMs === undefined ? {} : { respawnDelayMs: opts.workerRespawnDelayMs },
    );
    await fastify.register(ioPlugin);
    await fastify.register(authLive);
    await fastify.register(metricsPlugin);
    await fastify.register(sessionsLive);
    await fastify.register(attendanceLive);
    await fastify.register(speakersLive);
    await fastify.register(mediaPlugin);
    await fastify.register(minutesLive);
    await fastify.register(webhooksLive);
    await fastify.register(recordingPlugin);

    // First start: the administrator account, and the seed registry if asked for.
    const { db } = fastify.database;
    await bootstrapAdmin(db, fastify.log, {
      username: opts.config.auth.adminUsername,
      password: opts.config.auth.adminPassword,
      scryptLogN: opts.config.auth.scryptLogN,
    });
    if (opts.config.seedPoints) await seedPoints(db, opts.config.seedPoints, fastify.log);

    await fastify.register(healthRoutes);
    await fastify.register(authRoutes);
    await fastify.register(userRoutes);
    await fastify.register(pointRoutes);
    await fastify.register(sessionRoutes);
    await fastify.register(attendanceRoutes);
    await fastify.register(speakerRoutes);
    await fastify.register(recordRoutes);
    await fastify.register(auditRoutes);
    await fastify.register(invitationRoutes);
    await fastify.register(minutesRoutes);
    await fastify.register(materialRoutes);
    await fastify.register(webhookRoutes);
    await fastify.register(recordingRoutes);
    await fastify.register(webApp);
  },
  { name: 'app', fastify: '5.x' },
);

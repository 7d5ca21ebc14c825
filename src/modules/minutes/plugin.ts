import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ConclusionVersion, SessionText } from '../../contract/index.js';
import { rooms } from '../../realtime/dispatch.js';
import { latestVersion } from './service.js';

export interface Minutes {
  /** After a save committed: the other desks learn a newer revision exists. */
  saved(text: SessionText): void;
  /** After an approval committed: every console of the session gets the text. */
  published(version: ConclusionVersion): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    minutes: Minutes;
  }
}

/** Sessions whose latest approval this process knows; snapshots of thousands of joins share it. */
const CACHE_LIMIT = 1000;

/**
 * The live side of minutes and conclusions: who is told of a save (the
 * people, never a point: the hall sits in the staff room too, so the people
 * are picked out), the published conclusions to the whole session, and the
 * latest approved version in every join snapshot.
 */
export default fp(
  async function minutes(fastify: FastifyInstance) {
    const { db } = fastify.database;
    const io = fastify.io;
    const log = fastify.log.child({ component: 'minutes' });
    const latest = new Map<string, ConclusionVersion | null>();

    function saved(text: SessionText) {
      const event = {
        sessionId: text.sessionId,
        document: text.document,
        revision: text.revision,
        by: text.savedBy ?? '',
        at: text.savedAt ?? new Date().toISOString(),
      };
      void io
        .in(rooms.staff(text.sessionId))
        .fetchSockets()
        .then((sockets) => {
          for (const s of sockets)
            if (s.data.principal.kind === 'user') s.emit('minutes:saved', event);
        })
        .catch((err) => log.warn({ err, sessionId: text.sessionId }, 'minutes:saved not sent'));
    }

    function published(version: ConclusionVersion) {
      latest.set(version.sessionId, version);
      io.to(rooms.session(version.sessionId)).emit('conclusions:published', version);
      fastify.events.publish('conclusions.published', {
        sessionId: version.sessionId,
        version: version.version,
        at: new Date(version.approvedAt),
      });
      log.info(
        { sessionId: version.sessionId, version: version.version, by: version.approvedBy },
        'conclusions published',
      );
    }

    fastify.attendance.addSnapshotPart(async (live) => {
      const id = live.row.id;
      if (latest.has(id)) return { conclusions: latest.get(id) ?? null };
      const conclusions = await latestVersion(db, id);
      // An approval published while this read ran is newer than what it read.
      if (latest.has(id)) return { conclusions: latest.get(id) ?? null };
      if (latest.size >= CACHE_LIMIT) latest.clear();
      latest.set(id, conclusions);
      return { conclusions };
    });

    fastify.decorate('minutes', { saved, published } satisfies Minutes);
  },
  { name: 'minutes', dependencies: ['db', 'io', 'events', 'attendance'], fastify: '5.x' },
);

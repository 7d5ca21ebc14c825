import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionStatus } from '../contract/index.js';

/**
 * Facts other parts of the server react to, published after the change is
 * committed. In-process only: listeners run in this server.
 */
export interface DomainEventMap {
  'session.status': [
    event: { sessionId: string; status: SessionStatus; at: Date; reason?: string | null },
  ];
  /** Details of a session changed (times, invitations, chair, agenda…). */
  'session.updated': [event: { sessionId: string }];
  /**
   * The floor changed hands: the media plane unmutes the speaker and mutes
   * the rest from these, without polling.
   */
  'floor.granted': [
    event: { sessionId: string; entryId: string; pointId: string; code: string; endsAt: Date },
  ];
  'floor.ended': [
    event: { sessionId: string; entryId: string; pointId: string; code: string; reason: string },
  ];
  /** Before the end (`overrun: false`), or at the limit of a session that only warns (`overrun: true`). */
  'floor.warning': [event: { sessionId: string; entryId: string; endsAt: Date; overrun: boolean }];
  /** A credential was revoked, an account disabled or a point deactivated: end their sockets. */
  'access.revoked': [event: { credentialId?: string; userId?: string; pointId?: string }];
  /** An account changed (role, name): its open sockets act with what it is now. */
  'access.changed': [event: { userId: string }];
}

type Listener<K extends keyof DomainEventMap> = (...args: DomainEventMap[K]) => unknown;

/**
 * A typed emitter whose `publish` isolates listeners: one that throws or
 * rejects is logged and the others still run; the publisher never fails.
 */
export class DomainEvents extends EventEmitter<DomainEventMap> {
  constructor(private readonly onListenerError: (err: unknown, event: string) => void) {
    super();
  }

  publish<K extends keyof DomainEventMap>(event: K, ...args: DomainEventMap[K]): void {
    for (const listener of this.listeners(event) as Array<Listener<K>>) {
      try {
        const result = listener(...args);
        if (result instanceof Promise) result.catch((err) => this.onListenerError(err, event));
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    events: DomainEvents;
  }
}

export default fp(
  async function events(fastify: FastifyInstance) {
    const bus = new DomainEvents((err, event) =>
      fastify.log.error({ err, event }, 'domain event listener failed'),
    );
    fastify.decorate('events', bus);
    fastify.addHook('onClose', async () => {
      bus.removeAllListeners();
    });
  },
  { name: 'events', fastify: '5.x' },
);

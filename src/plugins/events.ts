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
  /** A point checked in (first time or again with a new delegate list). */
  'attendance.checked-in': [
    event: {
      sessionId: string;
      pointId: string;
      code: string;
      at: Date;
      late: boolean;
      delegates: number;
    },
  ];
  /** A point reported it will not attend (with its reason). */
  'attendance.absent': [
    event: { sessionId: string; pointId: string; code: string; at: Date; reason: string },
  ];
  /** A roll call's deadline passed (or it was closed): counts of who answered. */
  'rollcall.closed': [
    event: { sessionId: string; rollCallId: string; answered: number; invited: number; at: Date },
  ];
  /** The chair approved the conclusions (a new version each time) and they went to every point. */
  'conclusions.published': [event: { sessionId: string; version: number; at: Date }];
  /** A recording segment was closed and is playable (after a stop, a restart or the session's end). */
  'recording.ready': [event: { sessionId: string; recordingId: string; seconds: number; at: Date }];
  /** The session's signed PDF record was (re)made. */
  'record.ready': [event: { sessionId: string; sha256: string; at: Date }];
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

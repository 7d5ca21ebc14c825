import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WEBHOOK_EVENTS, WEBHOOK_PING } from '../../contract/index.js';
import {
  DEAD_QUEUE,
  DELIVERY_QUEUE,
  type DeliveryJob,
  deliveryHandler,
  orderedIds,
} from './delivery.js';
import { WebhookDispatcher } from './dispatcher.js';
import { DeliveryWorkers } from './workers.js';

export interface WebhooksLive {
  dispatcher: WebhookDispatcher;
  /** Queues a test delivery to one endpoint (one attempt, no retry); resolves with its id. */
  ping(endpointId: string): Promise<string>;
}

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhooksLive;
  }
}

/** An idle worker looks for due work (retries, other nodes' jobs) at least this often. */
const POLL_SECONDS = 1;

/**
 * Webhooks: every domain event an endpoint subscribes to becomes a durable
 * pg-boss job, delivered by this process's workers (bounded concurrency,
 * one at a time per endpoint and session, retried with exponential backoff).
 */
export default fp(
  async function webhooksLive(fastify: FastifyInstance) {
    const boss = fastify.jobs;
    const config = fastify.config.webhooks;
    const log = fastify.log.child({ component: 'webhooks' });

    const retry = {
      retryLimit: config.retryLimit,
      retryDelay: config.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: config.retryDelayMaxSeconds,
      // A delivery left active by a process that died is retried after this.
      expireInSeconds: Math.max(60, config.timeoutSeconds * 2 + 30),
    };
    await boss.createQueue(DEAD_QUEUE);
    await boss.createQueue(DELIVERY_QUEUE, {
      policy: 'key_strict_fifo',
      deadLetter: DEAD_QUEUE,
      ...retry,
    });
    // An existing queue keeps its options: apply the configured ones.
    await boss.updateQueue(DELIVERY_QUEUE, retry);

    const workers = new DeliveryWorkers(boss, deliveryHandler({ boss, config, log }), {
      concurrency: config.concurrency,
      pollMs: POLL_SECONDS * 1000,
      log,
    });
    const dispatcher = new WebhookDispatcher(boss, log, () => workers.wake());
    for (const type of WEBHOOK_EVENTS) {
      const listener = (event: { sessionId: string; at?: Date }) =>
        dispatcher.publish(type, event.sessionId, event.at ?? new Date(), event);
      fastify.events.on(type, listener as never);
    }

    workers.start();

    const pingIds = orderedIds();
    fastify.decorate('webhooks', {
      dispatcher,
      ping: async (endpointId) => {
        const id = pingIds();
        const body = JSON.stringify({
          id,
          type: WEBHOOK_PING,
          occurredAt: new Date().toISOString(),
          sessionId: null,
          data: { endpointId },
        });
        await boss.send(
          DELIVERY_QUEUE,
          { endpointId, type: WEBHOOK_PING, sessionId: null, body } satisfies DeliveryJob,
          // Its own key: a failed test never holds up anything else.
          { id, singletonKey: `${endpointId}:ping:${id}`, retryLimit: 0 },
        );
        workers.wake();
        return id;
      },
    } satisfies WebhooksLive);

    // Runs before the job queue stops (registered after it): what was published is enqueued.
    fastify.addHook('onClose', async () => {
      await dispatcher.stop();
      // A delivery still in flight after this stays active in the queue; pg-boss
      // expires it and it is retried (the receiver may then see it twice).
      await workers.stop(config.timeoutSeconds * 1000 + 1000);
      log.info('webhook events enqueued; deliveries stopped');
    });
  },
  { name: 'webhooks', dependencies: ['config', 'db', 'events', 'jobs'], fastify: '5.x' },
);

import { setTimeout as sleep } from 'node:timers/promises';
import type { JobInsert, PgBoss } from 'pg-boss';
import type { Logger } from '../../logger.js';
import { DELIVERY_QUEUE, type DeliveryJob, orderedIds } from './delivery.js';

/** How long the list of active endpoints is reused before it is read again. */
const ENDPOINTS_TTL_MS = 5_000;
/** An enqueue that fails (the database is away) is tried again this many times. */
const ENQUEUE_TRIES = 20;
/** Jobs per INSERT: a check-in storm becomes a few statements, not thousands. */
const BATCH = 500;
const GATHER_MS = 5;

interface Fact {
  type: string;
  sessionId: string | null;
  occurredAt: Date;
  data: unknown;
}

interface Subscriber {
  id: string;
  events: string[];
}

/**
 * Turns domain events into delivery jobs. `publish` only appends to an
 * in-memory list and returns: the briefing never waits for the queue, let
 * alone for an endpoint. One loop drains the list in order, a batch per
 * INSERT, so the jobs of one endpoint and session are created in the order
 * the facts happened (with ids that keep that order, see orderedIds).
 * Facts still in the list when the process dies are lost: the window
 * between a domain change's commit and its enqueue (docs/webhooks.md).
 */
export class WebhookDispatcher {
  readonly #boss: PgBoss;
  readonly #log: Logger;
  readonly #nextId = orderedIds();
  #intake: Fact[] = [];
  #draining: Promise<void> | undefined;
  #endpoints: { at: number; list: Promise<Subscriber[]> } | undefined;
  #stopped = false;
  #closing = false;

  readonly #onQueued: () => void;

  constructor(boss: PgBoss, log: Logger, onQueued: () => void) {
    this.#boss = boss;
    this.#log = log;
    this.#onQueued = onQueued;
  }

  /** Synchronous and cheap: never throws, never waits. */
  publish(type: string, sessionId: string | null, occurredAt: Date, data: unknown): void {
    if (this.#stopped) return;
    this.#intake.push({ type, sessionId, occurredAt, data });
    this.#kick();
  }

  /** The endpoints changed: read them again for the next fact. */
  invalidate(): void {
    this.#endpoints = undefined;
  }

  /** Waits until every fact published so far is enqueued (or given up). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /** Enqueues what is pending (without waiting out a lost database), then refuses new facts. */
  async stop(): Promise<void> {
    this.#closing = true;
    await this.flush();
    this.#stopped = true;
  }

  #kick(): void {
    if (this.#draining) return;
    // A short pause gathers the facts of a burst (thousands of check-ins) into few INSERTs.
    this.#draining = sleep(GATHER_MS)
      .then(() => this.#drain())
      .finally(() => {
        this.#draining = undefined;
        // Facts that arrived after the loop saw the list empty.
        if (this.#intake.length > 0 && !this.#stopped) this.#kick();
      });
  }

  async #drain(): Promise<void> {
    while (this.#intake.length > 0) {
      const facts = this.#intake.splice(0, BATCH);
      const jobs: JobInsert<DeliveryJob>[] = [];
      let endpoints: Subscriber[];
      try {
        endpoints = await this.#subscribers();
      } catch (err) {
        this.#endpoints = undefined;
        this.#log.error({ err, facts: facts.length }, 'webhooks: endpoints unreadable; retrying');
        if (this.#closing) return;
        this.#intake.unshift(...facts);
        await sleep(1_000);
        continue;
      }
      for (const fact of facts) {
        for (const endpoint of endpoints) {
          if (!endpoint.events.includes(fact.type)) continue;
          const id = this.#nextId();
          const body = JSON.stringify({
            id,
            type: fact.type,
            occurredAt: fact.occurredAt.toISOString(),
            sessionId: fact.sessionId,
            data: fact.data,
          });
          jobs.push({
            id,
            singletonKey: `${endpoint.id}:${fact.sessionId ?? 'none'}`,
            data: { endpointId: endpoint.id, type: fact.type, sessionId: fact.sessionId, body },
          });
        }
      }
      if (jobs.length > 0) await this.#insert(jobs);
    }
  }

  async #insert(jobs: JobInsert<DeliveryJob>[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#boss.insert(DELIVERY_QUEUE, jobs);
        this.#onQueued();
        return;
      } catch (err) {
        if (attempt >= ENQUEUE_TRIES || this.#closing) {
          this.#log.error({ err, jobs: jobs.length }, 'webhooks: deliveries could not be queued');
          return;
        }
        this.#log.warn({ err, attempt }, 'webhooks: enqueue failed; retrying');
        await sleep(Math.min(200 * 2 ** attempt, 5_000));
      }
    }
  }

  #subscribers(): Promise<Subscriber[]> {
    const now = Date.now();
    if (!this.#endpoints || now - this.#endpoints.at > ENDPOINTS_TTL_MS) {
      // Through pg-boss's connections, like the deliveries: not queued behind a check-in storm.
      this.#endpoints = {
        at: now,
        list: this.#boss
          .getDb()
          .executeSql('select id, events from webhook_endpoints where active')
          .then(({ rows }) => rows as Subscriber[]),
      };
    }
    return this.#endpoints.list;
  }
}

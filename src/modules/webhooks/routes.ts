import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  CreatedWebhookEndpointSchema,
  CreateWebhookBody,
  UpdateWebhookBody,
  WebhookDeliveriesQuery,
  WebhookDeliveriesSchema,
  type WebhookDelivery,
  WebhookEndpointSchema,
  WebhookPingSchema,
} from '../../contract/index.js';
import { webhookDeliveries } from '../../db/schema.js';
import { problemResponses } from '../../http/problem.js';
import { actorOf } from '../audit/record.js';
import { access, principalOf } from '../auth/principal.js';
import { DELIVERY_QUEUE } from './delivery.js';
import {
  createEndpoint,
  deleteEndpoint,
  endpointView,
  listEndpoints,
  requireEndpoint,
  updateEndpoint,
} from './service.js';

const secretariat = { access: access.roles('secretariat') };
const security = [{ bearer: [] }];
const tags = ['webhooks'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The secretariat's endpoints, a test delivery, and the log of attempts. */
export default async function webhookRoutes(instance: FastifyInstance) {
  const fastify = instance.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = fastify.database;
  const { dispatcher } = fastify.webhooks;

  fastify.get(
    '/api/v1/webhooks',
    {
      config: secretariat,
      schema: {
        tags,
        summary: 'List webhook endpoints (secrets are never shown again)',
        security,
        response: {
          200: Type.Object({ endpoints: Type.Array(WebhookEndpointSchema) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => ({ endpoints: (await listEndpoints(db)).map(endpointView) }),
  );

  fastify.post(
    '/api/v1/webhooks',
    {
      config: secretariat,
      schema: {
        tags,
        summary: 'Register a webhook endpoint',
        description:
          'Without `secret`, one is generated. The answer is the only time the secret is shown: the server keeps it (it signs every delivery with it) but never returns it again.',
        security,
        body: CreateWebhookBody,
        response: { 201: CreatedWebhookEndpointSchema, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const row = await createEndpoint(db, actorOf(principalOf(request)), request.body);
      dispatcher.invalidate();
      return reply.code(201).send({ ...endpointView(row), secret: row.secret });
    },
  );

  fastify.get(
    '/api/v1/webhooks/:id',
    {
      config: secretariat,
      schema: {
        tags,
        summary: 'One webhook endpoint',
        security,
        params: IdParams,
        response: { 200: WebhookEndpointSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => endpointView(await requireEndpoint(db, request.params.id)),
  );

  fastify.patch(
    '/api/v1/webhooks/:id',
    {
      config: secretariat,
      schema: {
        tags,
        summary: 'Change an endpoint: URL, description, events, active',
        description: 'Deactivating drops the deliveries still queued for it when they come up.',
        security,
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookEndpointSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const row = await updateEndpoint(
        db,
        actorOf(principalOf(request)),
        request.params.id,
        request.body,
      );
      dispatcher.invalidate();
      return endpointView(row);
    },
  );

  fastify.delete(
    '/api/v1/webhooks/:id',
    {
      config: secretariat,
      schema: {
        tags,
        summary: 'Delete an endpoint and its delivery log',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(db, actorOf(principalOf(request)), request.params.id);
      dispatcher.invalidate();
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    '/api/v1/webhooks/:id/ping',
    {
      config: secretariat,
      schema: {
        tags,
        summary: 'Send a test delivery (type webhook.ping, one attempt) to the endpoint',
        security,
        params: IdParams,
        response: { 202: WebhookPingSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const endpoint = await requireEndpoint(db, request.params.id);
      const deliveryId = await fastify.webhooks.ping(endpoint.id);
      return reply.code(202).send({ deliveryId });
    },
  );

  fastify.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: secretariat,
      schema: {
        tags,
        summary: "The endpoint's delivery attempts, newest first (page with `before`)",
        security,
        params: IdParams,
        querystring: WebhookDeliveriesQuery,
        response: { 200: WebhookDeliveriesSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const endpoint = await requireEndpoint(db, request.params.id);
      const { before, limit } = request.query;
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.endpointId, endpoint.id),
            before === undefined ? undefined : lt(webhookDeliveries.id, before),
          ),
        )
        .orderBy(desc(webhookDeliveries.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const due = await nextRetries(fastify, page);
      return {
        deliveries: page.map(
          (r): WebhookDelivery => ({
            id: r.id,
            deliveryId: r.deliveryId,
            event: r.event,
            sessionId: r.sessionId,
            attempt: r.attempt,
            statusCode: r.statusCode,
            error: r.error,
            ok: r.ok,
            final: r.final,
            durationMs: r.durationMs,
            at: r.at.toISOString(),
            nextRetryAt: due.get(`${r.jobId}:${r.attempt}`) ?? null,
          }),
        ),
        nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  );
}

/**
 * When the retry after each failed, not final attempt is due: the job's own
 * schedule in the queue (pg-boss adds jitter, so it is read, not computed).
 * Keyed by job and attempt; only the latest failed attempt has one.
 */
async function nextRetries(
  fastify: FastifyInstance,
  rows: Array<typeof webhookDeliveries.$inferSelect>,
): Promise<Map<string, string>> {
  const pending = new Map<string, number>();
  for (const r of rows) {
    if (r.ok || r.final || !r.jobId) continue;
    pending.set(r.jobId, Math.max(pending.get(r.jobId) ?? 0, r.attempt));
  }
  const due = new Map<string, string>();
  for (const [jobId, attempt] of pending) {
    const job = await fastify.jobs.getJobById(DELIVERY_QUEUE, jobId).catch(() => null);
    // After attempt n failed, the job waits in 'retry' with retryCount n - 1.
    if (job?.state === 'retry' && job.retryCount === attempt - 1) {
      due.set(`${jobId}:${attempt}`, new Date(job.startAfter).toISOString());
    }
  }
  return due;
}

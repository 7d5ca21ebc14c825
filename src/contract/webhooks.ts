// Webhooks: endpoints the secretariat registers, and the log of deliveries.
import Type, { type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from './primitives.js';

/** The facts a webhook can receive (the server's domain events of the same names). */
export const WEBHOOK_EVENTS = [
  'session.status',
  'attendance.checked-in',
  'attendance.absent',
  'rollcall.closed',
  'floor.granted',
  'floor.ended',
  'conclusions.published',
  'recording.ready',
  'record.ready',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** The type of a test delivery ("Gửi thử"), sent whatever the endpoint subscribes to. */
export const WEBHOOK_PING = 'webhook.ping';

const WebhookEventSchema = Type.Enum(WEBHOOK_EVENTS);
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'http:// or https:// URL the deliveries are POSTed to',
});
const Secret = Type.String({
  minLength: 16,
  maxLength: 200,
  description: 'HMAC-SHA256 key the deliveries are signed with',
});
const Description = Type.String({ maxLength: 200 });
const Events = Type.Array(WebhookEventSchema, { minItems: 1, uniqueItems: true });

export const WebhookEndpointSchema = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(WebhookEventSchema),
  active: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const CreatedWebhookEndpointSchema = Type.Object({
  ...WebhookEndpointSchema.properties,
  secret: Type.String({
    description:
      'shown only in this answer: the server keeps it to sign deliveries but never shows it again',
  }),
});

export const CreateWebhookBody = Type.Object(
  {
    url: Url,
    secret: Type.Optional(Secret),
    description: Type.Optional(Description),
    events: Events,
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Description),
    events: Type.Optional(Events),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WebhookDeliverySchema = Type.Object({
  id: Type.Integer({ description: 'the attempt' }),
  deliveryId: Uuid,
  event: Type.String(),
  sessionId: Nullable(Uuid),
  attempt: Type.Integer({ minimum: 1 }),
  statusCode: Nullable(Type.Integer({ description: "the endpoint's HTTP status" })),
  error: Nullable(
    Type.String({ description: 'why the attempt failed (timeout, connection refused…)' }),
  ),
  ok: Type.Boolean(),
  final: Type.Boolean({ description: 'delivered, or given up after the last retry' }),
  durationMs: Type.Integer(),
  at: DateTime,
  nextRetryAt: Nullable(
    Type.String({ format: 'date-time', description: 'when the next attempt is due, if any' }),
  ),
});

export const WebhookDeliveriesQuery = Type.Object({
  before: Type.Optional(
    Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'older attempts' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const WebhookDeliveriesSchema = Type.Object({
  deliveries: Type.Array(WebhookDeliverySchema, { description: 'newest first' }),
  /** The `before` of the next page, or null at the end. */
  nextBefore: Nullable(Type.Integer()),
});

export const WebhookPingSchema = Type.Object({ deliveryId: Uuid });

export type WebhookEndpoint = Static<typeof WebhookEndpointSchema>;
export type CreatedWebhookEndpoint = Static<typeof CreatedWebhookEndpointSchema>;
export type CreateWebhook = Static<typeof CreateWebhookBody>;
export type UpdateWebhook = Static<typeof UpdateWebhookBody>;
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;
export type WebhookDeliveries = Static<typeof WebhookDeliveriesSchema>;

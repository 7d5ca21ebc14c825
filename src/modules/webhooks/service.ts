import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import type {
  CreateWebhook,
  UpdateWebhook,
  WebhookEndpoint,
  WebhookEvent,
} from '../../contract/index.js';
import type { Db } from '../../db/client.js';
import { webhookEndpoints } from '../../db/schema.js';
import { ErrorCode, HttpProblem } from '../../http/problem.js';
import { type Actor, recordAudit } from '../audit/record.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * An absolute http(s) URL with a plausible host, no credentials in it (they
 * would show in the list) and no fragment. Anything else is refused with a
 * message the secretariat can act on. Loopback and private addresses are
 * allowed on purpose: receivers often run inside the same network.
 */
export function checkUrl(raw: string): string {
  const bad = (why: string) =>
    new HttpProblem(422, ErrorCode.WEBHOOK_URL_INVALID, `The URL ${why}.`, {
      errors: [{ path: '/url', message: why }],
    });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad('is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw bad('must start with http:// or https://');
  }
  if (url.username || url.password) throw bad('must not contain a user name or password');
  if (url.hash) throw bad('must not contain a #fragment');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host || (!isIP(host) && !HOSTNAME.test(host))) throw bad('has no valid host name');
  return url.toString();
}

/** 32 random bytes, as the receiver will paste it into its configuration. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function endpointView(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as WebhookEvent[],
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an endpoint: never the secret. */
const audited = (row: EndpointRow) => ({
  url: row.url,
  description: row.description,
  events: row.events,
  active: row.active,
});

export async function listEndpoints(db: Db): Promise<EndpointRow[]> {
  return db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
}

export async function requireEndpoint(db: Db, id: string): Promise<EndpointRow> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such webhook endpoint.');
  return row;
}

export async function createEndpoint(
  db: Db,
  actor: Actor,
  input: CreateWebhook,
): Promise<EndpointRow> {
  const url = checkUrl(input.url);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        url,
        secret: input.secret ?? newSecret(),
        description: input.description?.trim() ?? '',
        events: [...input.events],
        active: input.active ?? true,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, actor, {
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: row.id,
      after: audited(row),
    });
    return row;
  });
}

export async function updateEndpoint(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateWebhook,
): Promise<EndpointRow> {
  const url = input.url === undefined ? undefined : checkUrl(input.url);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .for('update');
    if (!before) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such webhook endpoint.');
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url === undefined ? {} : { url }),
        ...(input.description === undefined ? {} : { description: input.description.trim() }),
        ...(input.events === undefined ? {} : { events: [...input.events] }),
        ...(input.active === undefined ? {} : { active: input.active }),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such webhook endpoint.');
    await recordAudit(tx, actor, {
      action: 'webhook.update',
      entityType: 'webhook',
      entityId: id,
      before: audited(before),
      after: audited(row),
    });
    return row;
  });
}

/** Deletes the endpoint and its delivery log; its queued deliveries are dropped when they run. */
export async function deleteEndpoint(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning();
    if (!row) throw new HttpProblem(404, ErrorCode.NOT_FOUND, 'No such webhook endpoint.');
    await recordAudit(tx, actor, {
      action: 'webhook.delete',
      entityType: 'webhook',
      entityId: id,
      before: audited(row),
    });
  });
}

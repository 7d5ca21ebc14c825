import { createHmac, randomBytes } from 'node:crypto';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { WebhookConfig } from '../../config.js';
import { WEBHOOK_PING } from '../../contract/index.js';
import type { Logger } from '../../logger.js';

/** Deliveries, one job each; per endpoint and session one at a time, in order. */
export const DELIVERY_QUEUE = 'webhook-delivery';
/** Deliveries given up after the last retry, kept for a person to look at or redrive. */
export const DEAD_QUEUE = 'webhook-dead';

export interface DeliveryJob {
  endpointId: string;
  type: string;
  sessionId: string | null;
  /** The exact JSON body: the same bytes on every retry (the signature covers them). */
  body: string;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` — see docs/webhooks.md. */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Job ids that sort in creation order (UUIDv7 layout: milliseconds, then a
 * counter within the millisecond, then random bits). pg-boss breaks ties of
 * creation time by id, and a batch of jobs shares one creation time: with
 * these ids, jobs of one key run in the order they were enqueued.
 */
export function orderedIds(): () => string {
  let lastMs = 0;
  let counter = 0;
  return () => {
    let ms = Date.now();
    if (ms <= lastMs) {
      counter++;
      if (counter > 0xfff) {
        lastMs++;
        counter = 0;
      }
      ms = lastMs;
    } else {
      lastMs = ms;
      counter = 0;
    }
    const hex = ms.toString(16).padStart(12, '0');
    const rand = randomBytes(8);
    rand[0] = ((rand[0] ?? 0) & 0x3f) | 0x80;
    const tail = rand.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8)}-7${counter.toString(16).padStart(3, '0')}-${tail.slice(0, 4)}-${tail.slice(4)}`;
  };
}

interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One POST; never throws. 3xx counts as a failure: redirects are not followed. */
export async function postOnce(
  url: string,
  secret: string,
  job: { id: string; data: DeliveryJob },
  timeoutMs: number,
): Promise<AttemptResult> {
  const started = performance.now();
  const t = Math.floor(Date.now() / 1000);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'giaoban-webhooks/1',
        'giaoban-event': job.data.type,
        'giaoban-delivery': job.id,
        'giaoban-timestamp': String(t),
        'giaoban-signature': signature(secret, job.data.body, t),
      },
      body: job.data.body,
    });
    // The answer's body is not needed; reading it frees the connection for reuse.
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      statusCode: response.status,
      error: ok ? null : `HTTP ${response.status}`,
      durationMs: elapsed(),
    };
  } catch (err) {
    return { ok: false, statusCode: null, error: describe(err, timeoutMs), durationMs: elapsed() };
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? 'request failed';
  return String(detail).slice(0, 300);
}

/**
 * The worker's handler: one attempt of one delivery, recorded in the log.
 * A failure throws so pg-boss retries it with backoff. The last failure
 * does not throw: the delivery goes to the dead-letter queue and the job
 * completes, so the endpoint's later deliveries for that session are not
 * held up for good behind it (key_strict_fifo holds a key while its job is
 * failed).
 */
export function deliveryHandler(deps: { boss: PgBoss; config: WebhookConfig; log: Logger }) {
  const { boss, config, log } = deps;
  // pg-boss's own connections (on PostgreSQL), not the app's pool: during a
  // check-in storm the app's pool has a queue of check-ins, and deliveries
  // must neither wait in it nor lengthen it.
  const sql = boss.getDb();
  return async (job: JobWithMetadata<DeliveryJob>): Promise<void> => {
    const { rows } = await sql.executeSql(
      'select url, secret, active from webhook_endpoints where id = $1',
      [job.data.endpointId],
    );
    const endpoint = rows[0] as { url: string; secret: string; active: boolean } | undefined;
    // Deleted, or switched off since: what was queued for it is dropped.
    if (!endpoint || (!endpoint.active && job.data.type !== WEBHOOK_PING)) return;
    const result = await postOnce(endpoint.url, endpoint.secret, job, config.timeoutSeconds * 1000);
    const attempt = job.retryCount + 1;
    const final = result.ok || job.retryCount >= job.retryLimit;
    await sql.executeSql(
      `insert into webhook_deliveries (delivery_id, endpoint_id, job_id, event, session_id,
        attempt, status_code, error, ok, final, duration_ms)
       values ($1, $2, $1, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        job.id,
        job.data.endpointId,
        job.data.type,
        job.data.sessionId,
        attempt,
        result.statusCode,
        result.error,
        result.ok,
        final,
        result.durationMs,
      ],
    );
    if (result.ok) return;
    const context = { deliveryId: job.id, endpointId: job.data.endpointId, attempt };
    if (!final) {
      log.info({ ...context, error: result.error }, 'webhook delivery failed; will retry');
      throw new Error(result.error ?? 'delivery failed');
    }
    // A test that failed is only a line in the log, not a lost fact.
    if (job.data.type === WEBHOOK_PING) return;
    log.warn({ ...context, error: result.error }, 'webhook delivery given up after its retries');
    await boss.send(DEAD_QUEUE, { ...job.data, deliveryId: job.id, error: result.error });
  };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';

export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
  status: number;
  at: number;
}

/**
 * A webhook receiver in the test process: records every request, answers
 * with what `answer` says (500 for the first `failFirst` requests by
 * default), optionally after a pause. Restartable on the same port.
 */
export class WebhookReceiver {
  readonly requests: Received[] = [];
  failFirst = 0;
  delayMs = 0;
  port = 0;
  #server: http.Server | undefined;

  async start(): Promise<this> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const status = this.requests.length < this.failFirst ? 500 : 200;
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        this.requests.push({ headers: req.headers, raw, body, status, at: Date.now() });
        const reply = () => res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
        if (this.delayMs > 0) setTimeout(reply, this.delayMs);
        else reply();
      });
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** The requests answered 2xx, one per delivery id (a repeat after a lost answer is dropped). */
  delivered(): Received[] {
    const seen = new Set<string>();
    return this.requests.filter((r) => {
      const id = String(r.headers['giaoban-delivery']);
      if (r.status >= 300 || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The documented check (docs/webhooks.md): HMAC-SHA256(secret, "<t>.<raw body>") in hex. */
export function verifySignature(secret: string, r: Received, toleranceSeconds = 300): boolean {
  const header = String(r.headers['giaoban-signature'] ?? '');
  const parts = Object.fromEntries(
    header.split(',').map((p) => p.split('=', 2) as [string, string]),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  if (String(r.headers['giaoban-timestamp']) !== parts.t) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${r.raw}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import Type from 'typebox';
import { ErrorCode, HttpProblem, problemResponses } from '../http/problem.js';
import type { WorkerPool } from '../media/worker-pool.js';

interface WorkerSample {
  worker: string;
  cpuSeconds: number;
  rssBytes: number;
}

async function readWorkerUsage(pool: WorkerPool): Promise<WorkerSample[]> {
  const samples = await Promise.all(
    pool.workers().map(async (w) => {
      try {
        return { worker: String(w.index), ...(await w.resourceUsage()) };
      } catch {
        return undefined; // died between listing and asking; the next scrape shows its successor
      }
    }),
  );
  return samples.filter((s): s is WorkerSample => s !== undefined);
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
    /** The separate metrics listener's address, when METRICS_PORT is set. */
    metricsAddress: AddressInfo | null;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who may read /metrics on the main port: with METRICS_TOKEN, whoever sends
 * it as a bearer token; without, only the machine itself (a Prometheus on
 * the host, or a sidecar), since the figures describe the deployment.
 */
function checkMetricsAccess(request: FastifyRequest, token: string | undefined): void {
  if (token) {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!given || !sameToken(given, token)) {
      throw new HttpProblem(
        401,
        ErrorCode.UNAUTHORIZED,
        'GET /metrics needs the METRICS_TOKEN as a bearer token.',
      );
    }
    return;
  }
  if (!LOOPBACK.has(request.ip)) {
    throw new HttpProblem(
      403,
      ErrorCode.FORBIDDEN,
      'Metrics are served to this machine only; set METRICS_TOKEN or METRICS_PORT to scrape from elsewhere.',
    );
  }
}

/**
 * Prometheus metrics on GET /metrics: Node process figures, mediasoup workers
 * (live count, deaths, CPU and memory per worker) and open sockets. Each app
 * has its own registry, so several apps in one process never collide.
 */
export default fp(
  async function metrics(fastify: FastifyInstance) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const pool = fastify.sfu;

    new Gauge({
      name: 'giaoban_mediasoup_workers_live',
      help: 'mediasoup workers currently running',
      registers: [registry],
      collect() {
        this.set(pool.live);
      },
    });
    new Gauge({
      name: 'giaoban_mediasoup_workers_configured',
      help: 'mediasoup workers the pool keeps running',
      registers: [registry],
      collect() {
        this.set(pool.size);
      },
    });
    const deaths = new Counter({
      name: 'giaoban_mediasoup_worker_deaths_total',
      help: 'mediasoup worker processes that died unexpectedly',
      registers: [registry],
    });
    pool.on('workerdied', () => deaths.inc());

    // One getResourceUsage() round per scrape feeds both worker gauges
    // (prom-client collects metrics concurrently).
    let sampling: Promise<WorkerSample[]> | undefined;
    const sampleWorkers = () => {
      sampling ??= readWorkerUsage(pool).finally(() => {
        setImmediate(() => {
          sampling = undefined;
        });
      });
      return sampling;
    };
    new Gauge({
      name: 'giaoban_mediasoup_worker_cpu_seconds',
      help: 'CPU time (user + system) used by each mediasoup worker process',
      labelNames: ['worker'],
      registers: [registry],
      async collect() {
        const samples = await sampleWorkers();
        this.reset();
        for (const s of samples) this.set({ worker: s.worker }, s.cpuSeconds);
      },
    });
    new Gauge({
      name: 'giaoban_mediasoup_worker_rss_bytes',
      help: 'resident memory of each mediasoup worker process',
      labelNames: ['worker'],
      registers: [registry],
      async collect() {
        const samples = await sampleWorkers();
        this.reset();
        for (const s of samples) this.set({ worker: s.worker }, s.rssBytes);
      },
    });

    new Gauge({
      name: 'giaoban_socketio_connections',
      help: 'open socket.io connections',
      registers: [registry],
      collect() {
        this.set(fastify.io.engine.clientsCount);
      },
    });

    fastify.decorate('metrics', registry);
    const { token, listener } = fastify.config.metrics;

    if (listener) {
      // A port of its own (typically bound to an internal address): the
      // public port does not serve metrics at all.
      const server: Server = createServer((req, res) => {
        if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
          return;
        }
        registry.metrics().then(
          (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
          (err: unknown) => {
            fastify.log.error({ err }, 'metrics collection failed');
            res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
          },
        );
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(listener.port, listener.host, () => resolve());
      });
      fastify.decorate('metricsAddress', server.address() as AddressInfo);
      fastify.log.info({ address: server.address() }, 'metrics listening');
      fastify.addHook('onClose', async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });
      return;
    }

    fastify.decorate('metricsAddress', null);
    fastify.get(
      '/metrics',
      {
        schema: {
          tags: ['operations'],
          summary: 'Prometheus metrics (text exposition format)',
          description:
            'With METRICS_TOKEN set: `Authorization: Bearer <METRICS_TOKEN>`. Without: loopback clients only. With METRICS_PORT set, metrics are on that port instead.',
          produces: ['text/plain'],
          response: { 200: Type.String(), ...problemResponses(401, 403) },
        },
        onRequest: async (request) => checkMetricsAccess(request, token),
      },
      async (_request, reply) => {
        const body = await registry.metrics();
        return reply.type(registry.contentType).send(body);
      },
    );
  },
  { name: 'metrics', dependencies: ['config', 'errors', 'sfu', 'io'], fastify: '5.x' },
);

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import Type from 'typebox';
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

    fastify.get(
      '/metrics',
      {
        schema: {
          tags: ['operations'],
          summary: 'Prometheus metrics (text exposition format)',
          produces: ['text/plain'],
          response: { 200: Type.String() },
        },
      },
      async (_request, reply) => {
        const body = await registry.metrics();
        return reply.type(registry.contentType).send(body);
      },
    );
  },
  { name: 'metrics', dependencies: ['sfu', 'io'], fastify: '5.x' },
);

import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { MEDIASOUP_WORKERS: '2' }, workerRespawnDelayMs: 300 });
});
afterAll(async () => {
  await t?.close();
});

const ready = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/ready' });
  return { status: res.statusCode, body: res.json() };
};

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('readiness follows the mediasoup workers and the database', () => {
  it('a killed worker is logged as dead, /ready is 503 until a new one runs, then 200', async () => {
    const pool = t.app.sfu;
    expect((await ready()).status).toBe(200);
    const victim = pool.workers()[1];
    if (!victim) throw new Error('expected two workers');
    const survivor = pool.workers()[0];

    const died = once(pool, 'workerdied');
    process.kill(victim.pid, 'SIGKILL');
    const [index, error] = await died;
    expect(index).toBe(1);
    expect(String(error)).toMatch(/SIGKILL/);

    const during = await ready();
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({
      ready: false,
      workers: 1,
      workersConfigured: 2,
      dbOk: true,
    });

    const [replacement] = await once(pool, 'workerready');
    expect(replacement.index).toBe(1);
    expect(replacement.pid).not.toBe(victim.pid);
    expect(processAlive(replacement.pid)).toBe(true);
    expect(pool.workers()[0]).toBe(survivor);

    const after = await ready();
    expect(after).toEqual({
      status: 200,
      body: { ready: true, db: 'postgres', dbOk: true, workers: 2, workersConfigured: 2 },
    });
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^giaoban_mediasoup_worker_deaths_total 1$/m);
    expect(metrics.body).toMatch(/^giaoban_mediasoup_workers_live 2$/m);
  });

  it('/ready is 503 with dbOk false when the database stops answering', async () => {
    await t.database.drop();
    const res = await ready();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ ready: false, db: 'postgres', dbOk: false, workers: 2 });
  });
});

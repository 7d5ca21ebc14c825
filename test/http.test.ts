import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { points } from '../src/db/schema.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('operations endpoints on PostgreSQL', () => {
  it('GET /health answers 200 while the process is up', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready reports postgres and the live workers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ready: true,
      db: 'postgres',
      dbOk: true,
      workers: 1,
      workersConfigured: 1,
    });
  });

  it('serves the OpenAPI 3 document and the Swagger UI', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const body = doc.json();
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/health', '/ready', '/metrics']),
    );
    expect(body.components.schemas.Problem.required).toContain('code');
    const ui = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('exposes Prometheus metrics: process, workers and sockets', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(res.body).toMatch(/^giaoban_mediasoup_workers_live 1$/m);
    expect(res.body).toMatch(/^giaoban_mediasoup_worker_cpu_seconds\{worker="0"\} [\d.e-]+$/m);
    const rss = /^giaoban_mediasoup_worker_rss_bytes\{worker="0"\} (\d+)$/m.exec(res.body);
    expect(Number(rss?.[1])).toBeGreaterThan(1_000_000);
    expect(res.body).toMatch(/^giaoban_socketio_connections 0$/m);
  });

  it('answers unknown routes with problem+json and a stable code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not Found' });
  });
});

describe('database pipeline', () => {
  it('applied the migrations: the schema enforces point codes and parents', async () => {
    const { db } = t.app.database;
    const [hall] = await db
      .insert(points)
      .values({ code: 'trung-uong', name: 'Điểm cầu chính', kind: 'central-hall' })
      .returning();
    await db
      .insert(points)
      .values({ code: 'ha-noi', name: 'Thành ủy Hà Nội', kind: 'province', parentId: hall?.id });
    const rows = await db.select().from(points).orderBy(points.code);
    expect(rows.map((r) => [r.code, r.parentId === hall?.id])).toEqual([
      ['ha-noi', true],
      ['trung-uong', false],
    ]);
    await expect(
      db.insert(points).values({ code: 'Not A Code', name: 'x', kind: 'province' }),
    ).rejects.toThrow();
    await expect(
      db.insert(points).values({ code: 'ha-noi', name: 'duplicate', kind: 'province' }),
    ).rejects.toThrow();
    expect(await db.$count(points)).toBe(2);
  });
});

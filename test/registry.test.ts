import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { baseUrl, startTestApp, type TestApp } from './support/app.js';
import { waitUntil } from './support/sockets.js';

let t: TestApp;
let admin: Api;
beforeAll(async () => {
  t = await startTestApp({ env: { SEED_POINTS: '2019' }, listen: true });
  admin = await new Api(t.app).loginAdmin();
});
afterAll(async () => {
  await t?.close();
});

const handshake = (token: string) =>
  new Promise<string>((resolve) => {
    const socket = connect(baseUrl(t.app), {
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
    });
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });

describe('seeded registry (SEED_POINTS=2019)', () => {
  it('holds the 69 points: the central hall, 5 central bodies, 63 provinces under the hall', async () => {
    const res = await admin.get('/api/v1/points?limit=5000');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(69);
    const byKind = (kind: string) =>
      res.body.points.filter((p: { kind: string }) => p.kind === kind);
    expect(byKind('central-hall')).toHaveLength(1);
    expect(byKind('central-body')).toHaveLength(5);
    expect(byKind('province')).toHaveLength(63);
    const hall = byKind('central-hall')[0];
    expect(hall.parentCode).toBeNull();
    expect(
      [...byKind('province'), ...byKind('central-body')].every(
        (p: { parentCode: string }) => p.parentCode === hall.code,
      ),
    ).toBe(true);
    const hanoi = res.body.points.find((p: { code: string }) => p.code === 'ha-noi');
    expect(hanoi.name).toBe('Thành ủy Hà Nội');
  });

  it('filters by kind, parent, active and text', async () => {
    expect((await admin.get('/api/v1/points?kind=central-body')).body.total).toBe(5);
    expect((await admin.get('/api/v1/points?parent=trung-uong&kind=province')).body.total).toBe(63);
    const search = await admin.get(`/api/v1/points?q=${encodeURIComponent('Hà Nội')}`);
    expect(search.body.points.map((p: { code: string }) => p.code)).toEqual(['ha-noi']);
    expect((await admin.get('/api/v1/points?active=false')).body.total).toBe(0);
  });

  it('a second start does not seed again', async () => {
    const { seedPoints } = await import('../src/modules/points/import.js');
    await seedPoints(t.app.database.db, '2025', t.app.log);
    expect((await admin.get('/api/v1/points?limit=1')).body.total).toBe(69);
  });
});

describe('points: create, update, deactivate with the cascade rules', () => {
  it('creates a district under a province and a commune under it', async () => {
    const district = await admin.post('/api/v1/points', {
      code: 'ha-noi-ba-dinh',
      name: 'Quận ủy Ba Đình',
      kind: 'district',
      parentCode: 'ha-noi',
    });
    expect(district.status).toBe(201);
    expect(district.body).toMatchObject({
      code: 'ha-noi-ba-dinh',
      kind: 'district',
      parentCode: 'ha-noi',
      active: true,
    });
    const commune = await admin.post('/api/v1/points', {
      code: 'ha-noi-ba-dinh-phuc-xa',
      name: 'Đảng ủy phường Phúc Xá',
      kind: 'commune',
      parentCode: 'ha-noi-ba-dinh',
    });
    expect(commune.status).toBe(201);
    expect(
      (await admin.get('/api/v1/points?parent=ha-noi')).body.points.map(
        (p: { code: string }) => p.code,
      ),
    ).toEqual(['ha-noi-ba-dinh']);
  });

  it('refuses a parent of the wrong kind, an unknown parent, a taken code and a bad code', async () => {
    const wrongKind = await admin.post('/api/v1/points', {
      code: 'x-district',
      name: 'X',
      kind: 'district',
      parentCode: 'trung-uong',
    });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.code).toBe('INVALID_PARENT');
    const orphan = await admin.post('/api/v1/points', {
      code: 'x-commune',
      name: 'X',
      kind: 'commune',
    });
    expect(orphan.body.code).toBe('INVALID_PARENT');
    const unknown = await admin.post('/api/v1/points', {
      code: 'x-prov',
      name: 'X',
      kind: 'province',
      parentCode: 'nowhere',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_REFERENCE');
    const taken = await admin.post('/api/v1/points', {
      code: 'ha-noi',
      name: 'X',
      kind: 'province',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ALREADY_EXISTS');
    const bad = await admin.post('/api/v1/points', { code: 'Hà Nội', name: 'X', kind: 'province' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await admin.get('/api/v1/points?limit=1')).body.total).toBe(71);
  });

  it('renames, refuses a kind change that would orphan children, and deactivates', async () => {
    const renamed = await admin.patch('/api/v1/points/ha-noi-ba-dinh', {
      name: 'Quận ủy Ba Đình (mới)',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Quận ủy Ba Đình (mới)');
    const toCommune = await admin.patch('/api/v1/points/ha-noi-ba-dinh', { kind: 'commune' });
    expect(toCommune.status).toBe(409);
    expect(toCommune.body.code).toBe('INVALID_PARENT');
    const off = await admin.delete('/api/v1/points/ha-noi-ba-dinh-phuc-xa');
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(
      (await admin.get('/api/v1/points?active=false')).body.points.map(
        (p: { code: string }) => p.code,
      ),
    ).toEqual(['ha-noi-ba-dinh-phuc-xa']);
    const under = await admin.post('/api/v1/points', {
      code: 'under-inactive',
      name: 'X',
      kind: 'commune',
      parentCode: 'ha-noi-ba-dinh-phuc-xa',
    });
    expect(under.status).toBe(422);
  });
});

describe('CSV import: all rows or none', () => {
  const csv = (rows: string[]) => ['code,name,kind,parent_code', ...rows].join('\r\n');
  const post = (body: string) =>
    admin.post('/api/v1/points/import', body, { 'content-type': 'text/csv' });

  it('reports every bad row by line and imports nothing', async () => {
    const before = (await admin.get('/api/v1/points?limit=1')).body.total;
    const res = await post(
      csv([
        'hue-a,Huyện ủy A,district,thua-thien-hue', // fine
        'BAD CODE,Tên,district,thua-thien-hue', // line 3: bad code
        'hue-b,,district,thua-thien-hue', // line 4: empty name
        'hue-c,Huyện C,county,thua-thien-hue', // line 5: unknown kind
        'hue-d,Huyện D,district,nowhere', // line 6: unknown parent
        'hue-a,Lặp lại,district,thua-thien-hue', // line 7: duplicate
        'hue-e,Huyện E,district,trung-uong', // line 8: wrong parent kind
      ]),
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CSV_INVALID');
    const lines = res.body.errors.map((e: { path: string }) => e.path);
    expect(lines).toEqual(
      expect.arrayContaining(['line 3: code', 'line 4: name', 'line 5: kind', 'line 7: code']),
    );
    expect((await admin.get('/api/v1/points?limit=1')).body.total).toBe(before);
  });

  it('reports parent problems once the rows themselves are valid, still importing nothing', async () => {
    const res = await post(
      csv(['hue-d,Huyện D,district,nowhere', 'hue-e,Huyện E,district,trung-uong']),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'line 2: parent_code',
      'line 3: parent_code',
    ]);
    expect((await admin.get('/api/v1/points?q=hue-')).body.total).toBe(0);
  });

  it('creates and updates by code, parents from the file or the registry, in any order, with a BOM', async () => {
    const res = await post(
      `\uFEFF${csv([
        'hue-phu-vang-x,Xã Phú Vang X,commune,hue-phu-vang', // parent comes later in the file
        'hue-phu-vang,Huyện ủy Phú Vang,district,thua-thien-hue',
        'thua-thien-hue,Tỉnh ủy Thừa Thiên Huế (tên mới),province,trung-uong', // a seeded point
        'ha-noi,Thành ủy Hà Nội,province,trung-uong', // unchanged
      ])}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 1, unchanged: 1, dryRun: false });
    expect((await admin.get('/api/v1/points/thua-thien-hue')).body.name).toBe(
      'Tỉnh ủy Thừa Thiên Huế (tên mới)',
    );
    expect((await admin.get('/api/v1/points/hue-phu-vang-x')).body.parentCode).toBe('hue-phu-vang');
  });

  it('refuses a body that is not CSV', async () => {
    const res = await admin.post('/api/v1/points/import', { code: 'x' });
    expect(res.status).toBe(400);
  });
});

describe('operator credentials', () => {
  it('is shown once, works for its point only, records its last use, and dies when revoked', async () => {
    const issued = await admin.post('/api/v1/points/lao-cai/credentials', { label: 'máy trực 1' });
    expect(issued.status).toBe(201);
    const { token, id } = issued.body;
    expect(token).toMatch(/^gbp_[A-Za-z0-9_-]{43}$/);

    const listed = await admin.get('/api/v1/points/lao-cai/credentials');
    expect(listed.body.credentials).toEqual([
      expect.objectContaining({ id, label: 'máy trực 1', lastUsedAt: null, revokedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const operator = admin.as(token);
    const me = await operator.get('/api/v1/auth/me');
    expect(me.body).toEqual({
      kind: 'point',
      credentialId: id,
      point: { code: 'lao-cai', name: 'Tỉnh ủy Lào Cai', kind: 'province' },
    });
    expect((await operator.get('/api/v1/points/lao-cai')).status).toBe(200);
    expect((await operator.get('/api/v1/points/ha-noi')).status).toBe(403);
    expect((await operator.get('/api/v1/points')).status).toBe(403);
    expect(await handshake(token)).toBe('connected');

    // Last use is written in batches, a few seconds later.
    await waitUntil(
      async () =>
        (await admin.get('/api/v1/points/lao-cai/credentials')).body.credentials[0].lastUsedAt !==
        null,
      8000,
      200,
    );

    const revoked = await admin.delete(`/api/v1/points/lao-cai/credentials/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await operator.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHORIZED');
    expect(after.headers['www-authenticate']).toBe('Bearer');
    expect(await handshake(token)).toBe('AUTH_INVALID');
  });

  it('a deactivated point’s credentials stop working; a point may hold several', async () => {
    const a = (await admin.post('/api/v1/points/son-la/credentials')).body.token;
    const b = (await admin.post('/api/v1/points/son-la/credentials', { label: 'dự phòng' })).body
      .token;
    expect((await admin.as(a).get('/api/v1/auth/me')).status).toBe(200);
    expect((await admin.as(b).get('/api/v1/auth/me')).status).toBe(200);
    await admin.delete('/api/v1/points/son-la');
    expect((await admin.as(a).get('/api/v1/auth/me')).status).toBe(401);
    expect(await handshake(b)).toBe('AUTH_INVALID');
    expect((await admin.post('/api/v1/points/son-la/credentials')).status).toBe(409);
  });

  it('a user login token opens the socket handshake too', async () => {
    expect(await handshake(admin.token as string)).toBe('connected');
  });
});

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { isTransientDbError } from './errors.js';
import * as schema from './schema.js';

/** The one query interface every module uses, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseConfig['kind'];
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Same relative place from src/db and dist/db: <root>/migrations. */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Any constant works; it only has to be the same for every giaoban process. */
const MIGRATION_LOCK_KEY = 4_711_202_611;

/** Told about every connection PostgreSQL dropped (a restart, a network blip, a terminated backend). */
export type ConnectionErrorListener = (error: Error) => void;

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(
  config: DatabaseConfig,
  onConnectionError: ConnectionErrorListener = () => {},
): Promise<DatabaseHandle> {
  return config.kind === 'pglite'
    ? openPglite(config.dataDir)
    : openPostgres(config, onConnectionError);
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  try {
    const db = drizzlePglite(client, { schema });
    // PGlite is single-process and single-connection: nothing to lock against.
    await migratePglite(db, { migrationsFolder });
    return {
      db,
      kind: 'pglite',
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

async function openPostgres(
  config: { url: string; poolSize: number },
  onConnectionError: ConnectionErrorListener,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    // Also the longest wait for a free connection: during a check-in storm
    // queries queue rather than fail.
    connectionTimeoutMillis: 30_000,
  });
  // A connection that dies must never take the process down. The pool only
  // listens on idle clients; a client checked out for a transaction would
  // emit its 'error' to nobody, which Node turns into an uncaught exception.
  // With a listener on every client, the statement in flight fails (the
  // request answers 503 UNAVAILABLE), the pool discards the broken client on
  // release, and the next query gets a fresh connection.
  pool.on('error', (error) => onConnectionError(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => onConnectionError(error));
  });
  try {
    await migratePostgres(pool);
    const db = drizzleNodePg(pool, { schema });
    db.transaction = transactionsOn(pool);
    return {
      db,
      kind: 'postgres',
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * `db.transaction` on a client of our own checking-out. drizzle-orm 0.45
 * sends BEGIN outside its try/finally: when the connection dies right then,
 * the pooled client is never released, and after a few such blips every
 * query waits for a connection that never comes back. Here the client is
 * always released, and destroyed when its connection failed. drizzle runs
 * the transaction itself on that one client (BEGIN, COMMIT or ROLLBACK).
 */
function transactionsOn(pool: pg.Pool): NodePgDatabase<typeof schema>['transaction'] {
  const onClient = new WeakMap<pg.PoolClient, NodePgDatabase<typeof schema>>();
  return async (work, config) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      let db = onClient.get(client);
      if (!db) {
        db = drizzleNodePg(client, { schema });
        onClient.set(client, db);
      }
      return await db.transaction(work, config);
    } catch (error) {
      if (isTransientDbError(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  };
}

/**
 * Several server processes may start against one database at once; the
 * advisory lock makes them apply migrations one after another.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

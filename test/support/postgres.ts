import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { migratePostgres, migrationsFolder } from '../../src/db/client.js';

/** A superuser connection to the local PostgreSQL the tests create databases on. */
export const adminDatabaseUrl =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else hash.update(entry.name).update(await readFile(file));
    }
  };
  await walk(migrationsFolder);
  return hash.digest('hex').slice(0, 16);
}

/**
 * A database with every migration applied, used as the template each test
 * file's database is cloned from. Built once per set of migrations.
 */
export async function ensureTemplateDatabase(): Promise<string> {
  const template = `giaoban_tpl_${await migrationsHash()}`;
  const exists = await withAdmin(
    async (c) =>
      (await c.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1,
  );
  if (exists) return template;

  // Build under a private name and rename at the end, so a concurrent run
  // never clones a half-migrated template.
  const building = `giaoban_tplbuild_${process.pid}_${Date.now()}`;
  await withAdmin((c) => c.query(`create database ${quote(building)}`));
  const pool = new pg.Pool({ connectionString: databaseUrl(building), max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  await withAdmin(async (c) => {
    try {
      await c.query(`alter database ${quote(building)} rename to ${quote(template)}`);
    } catch (error) {
      // Another run finished first; its template is the same.
      await c.query(`drop database if exists ${quote(building)}`);
      if ((error as { code?: string }).code !== '42P04') throw error;
    }
  });
  return template;
}

export async function createDatabaseFromTemplate(name: string, template: string): Promise<void> {
  await withAdmin((c) => c.query(`create database ${quote(name)} template ${quote(template)}`));
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`drop database if exists ${quote(name)} with (force)`));
}

export async function dropDatabasesLike(prefix: string): Promise<void> {
  const names = await withAdmin(
    async (c) =>
      (
        await c.query<{ datname: string }>(
          'select datname from pg_database where starts_with(datname, $1)',
          [prefix],
        )
      ).rows,
  );
  for (const { datname } of names) await dropDatabase(datname);
}

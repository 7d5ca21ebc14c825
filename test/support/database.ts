import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase } from './postgres.js';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated database of this test file's own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `giaoban_test_${inject('testRunId')}_${randomBytes(4).toString('hex')}`;
  await createDatabaseFromTemplate(name, inject('templateDatabase'));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

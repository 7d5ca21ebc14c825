import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { dropDatabasesLike, ensureTemplateDatabase } from './support/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    testRunId: string;
  }
}

/** Once per run: the migrated template; afterwards, every database this run made goes. */
export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  // The web consoles as `npm start` serves them (a no-op when nothing changed).
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
  project.provide('templateDatabase', await ensureTemplateDatabase());
  project.provide('testRunId', runId);
  return async () => {
    await dropDatabasesLike(`giaoban_test_${runId}_`);
  };
}

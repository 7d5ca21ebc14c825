import { count } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema.js';
import type { Logger } from '../../logger.js';
import { systemActor } from '../audit/record.js';
import { randomPassword } from '../auth/passwords.js';
import { createUser } from './service.js';

/**
 * First start with no users: create the secretariat administrator from
 * ADMIN_USERNAME / ADMIN_PASSWORD, or with a random password logged once.
 */
export async function bootstrapAdmin(
  db: Db,
  log: Logger,
  options: { username: string; password: string | undefined; scryptLogN: number },
): Promise<void> {
  const [row] = await db.select({ n: count() }).from(users);
  if (row && row.n > 0) return;
  const password = options.password ?? randomPassword();
  try {
    await createUser(
      db,
      systemActor,
      { username: options.username, password, role: 'secretariat', displayName: 'Administrator' },
      options.scryptLogN,
    );
  } catch (error) {
    // Another server process sharing the database created it first.
    if ((error as { code?: string }).code === 'ALREADY_EXISTS') return;
    throw error;
  }
  if (options.password) {
    log.info({ username: options.username }, 'created the first administrator from ADMIN_PASSWORD');
  } else {
    // Shown this once only; it is stored hashed.
    log.warn(
      { username: options.username, initialPassword: password },
      'created the first administrator with a random password: note it and change it',
    );
  }
}

import type { Db } from './client.js';

/** A transaction handle, as drizzle passes it to `db.transaction(cb)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

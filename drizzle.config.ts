import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new forward-only migration into migrations/
// from the difference between src/db/schema.ts and the last snapshot.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});

import dataSource from '../database/data-source';
import { runMigrationsLocked } from '../database/migrate';

// `npm run db:migrate`: applies pending migrations and says which.
async function main() {
  await dataSource.initialize();
  try {
    const applied = await runMigrationsLocked(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(`migration failed: ${error.message}`);
  process.exit(1);
});

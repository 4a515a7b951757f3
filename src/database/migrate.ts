import { recoverDroppedIndexes } from './demo-load-state';
import { createDataSource } from './data-source';

export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    // First of all: indexes a killed demo data load left dropped (demo-load-state.ts).
    await recoverDroppedIndexes(ds, (line) => console.warn(line));
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

/**
 * The project root (package.json, web/dist, .comeback/): the first directory up from here with a
 * package.json. The same from src/config under ts-node and from dist/src/config when compiled;
 * nothing imports package.json, so the build copies none into dist/.
 */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** package.json's version (the OpenAPI document's), read at run time for the reason above. */
export function projectVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

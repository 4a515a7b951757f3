import { DynamicModule, Logger } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'fs';
import { join } from 'path';
import { PROJECT_ROOT } from '../config/project-root';

/** Where `npm run build:web` writes the app (web/dist), whether the API runs from src/ or dist/. */
const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');

// The API process serves the web app at `/` (web.md "How it is built"). Any GET outside the API,
// the webhooks, the unsubscribe links and the hashed assets answers index.html, so deep links
// (/members/42, /tasks/7 from a notification email) open the app; a missing asset stays a 404.
const NOT_THE_APP = ['/api/{*path}', '/webhooks/{*path}', '/u/{*path}', '/assets/{*path}'];

export function webAppModules(): DynamicModule[] {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    new Logger('web-app').warn(`no web app at ${WEB_DIST}: run \`npm run build:web\` (the API works without it)`);
    return [];
  }
  return [
    ServeStaticModule.forRoot({
      rootPath: WEB_DIST,
      exclude: NOT_THE_APP,
      serveStaticOptions: {
        index: false,
        setHeaders: (res: { setHeader(name: string, value: string): void }, path: string) => {
          // hashed file names never change content; index.html must be looked at every time
          res.setHeader('Cache-Control', path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      },
    }),
  ];
}

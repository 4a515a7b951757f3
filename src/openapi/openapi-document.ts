import { INestApplication, Logger, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IS_PUBLIC } from '../common/route-metadata';
import { API_ERRORS, ApiErrorAnswers } from './api-errors.decorator';
import { ErrorDto } from './dto/error.dto';
import { projectVersion } from '../config/project-root';
import metadata from './metadata.generated';

const DOCS_PATH = 'api/docs';
const DOCUMENT_PATH = 'api/openapi.json';

const VERSION = projectVersion();

const SESSION = 'cb_session';
const API_KEY = 'api_key';
const CSRF = 'csrf';

const DESCRIPTION = [
  'Comeback: retention for gyms, studios and appointment businesses.',
  '',
  'Every route except the ones marked public needs one of two credentials, pinned to one business:',
  '- `Authorization: Bearer <apiKey>` (integrations and scripts); no CSRF token.',
  '- the `cb_session` cookie set by `POST /api/v1/auth/sign-in` (the web app). Writes (anything but GET and HEAD)',
  '  made with the cookie also need the header `X-CSRF-Token: <csrfToken>` from the session answer, or they get 403.',
  '',
  'When both are sent the bearer key wins. Errors are JSON `{statusCode, error, message}`; validation errors name the field.',
].join('\n');

let metadataLoaded: Promise<void> | undefined;

type PluginMetadata = Record<string, Record<string, Array<[Promise<Record<string, unknown>>, Record<string, unknown>]>>>;

/**
 * The swagger plugin's ahead-of-time metadata (generate-metadata.ts), loaded once per process.
 * A stale file never stops the API: classes it names that no longer exist are left out (their
 * routes get no schema, which the OpenAPI e2e test reports), and a file that cannot load at all
 * (a renamed or deleted DTO file) only leaves the document without the plugin's descriptions.
 */
function loadMetadata(): Promise<void> {
  metadataLoaded ??= (async () => {
    const log = new Logger('OpenAPI');
    let meta: PluginMetadata;
    try {
      meta = (await metadata()) as unknown as PluginMetadata;
    } catch (e) {
      log.warn(`src/openapi/metadata.generated.ts does not load (${(e as Error).message}): run npm run openapi:metadata`);
      return;
    }
    const stale: string[] = [];
    for (const sections of Object.values(meta)) {
      for (const [section, files] of Object.entries(sections)) {
        sections[section] = await Promise.all(
          files.map(async ([file, classes]): Promise<[Promise<Record<string, unknown>>, Record<string, unknown>]> => {
            const mod = await file;
            const known: Record<string, unknown> = {};
            for (const [name, meta] of Object.entries(classes)) {
              if (typeof mod[name] === 'function') known[name] = meta;
              else stale.push(name);
            }
            return [Promise.resolve(mod), known];
          }),
        );
      }
    }
    if (stale.length) log.warn(`metadata.generated.ts names classes that no longer exist (${stale.join(', ')}): run npm run openapi:metadata`);
    await SwaggerModule.loadPluginMetadata(async () => meta);
  })();
  return metadataLoaded;
}

interface RouteInfo {
  method: string;
  /** OpenAPI form: /api/v1/clients/{id} */
  path: string;
  isPublic: boolean;
  /** @ApiErrors of the controller and the handler (the handler's win). */
  errors: ApiErrorAnswers;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .filter((s) => s && s !== '/')
    .join('/')
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '');
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String((v ?? '') as string)]);

/** Every controller route of the app with whether the global guard lets it through unauthenticated. */
function routesOf(app: INestApplication): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const { metatype } of mod.controllers.values()) {
      if (!metatype) continue;
      const classPublic = Reflect.getMetadata(IS_PUBLIC, metatype) === true;
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = metatype.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
        const isPublic = classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true;
        const errors = { ...Reflect.getMetadata(API_ERRORS, metatype), ...Reflect.getMetadata(API_ERRORS, handler) };
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, metatype))) {
          for (const sub of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            out.push({ method, path: join(base, sub).replace(/:([A-Za-z0-9_]+)/g, '{$1}'), isPublic, errors });
          }
        }
      }
    }
  }
  return out;
}

const ERROR_REF = { $ref: `#/components/schemas/${ErrorDto.name}` };
const COMMON_ERRORS: Record<string, string> = {
  '401': 'No credentials, or a signed-out session, revoked key or disabled user',
  '403': 'The role may not call this route, or a cookie-authenticated write without X-CSRF-Token',
  '429': 'Too many requests for this API key (see Retry-After)',
};

/**
 * Per operation: its @ApiErrors answers, and its security. Public routes need none; reads a
 * bearer API key or the session cookie; writes a bearer API key, or the session cookie together
 * with the CSRF header. Every authenticated operation also documents the guard's 401, 403, 429.
 */
function applyRouteDocs(app: INestApplication, doc: OpenAPIObject): void {
  const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_REF } } });
  for (const r of routesOf(app)) {
    const op = doc.paths[r.path]?.[r.method as 'get'];
    if (!op) continue;
    for (const [status, description] of Object.entries(r.errors)) op.responses[status] = errorAnswer(description);
    if (r.isPublic) {
      op.security = [];
      continue;
    }
    const read = r.method === 'get' || r.method === 'head';
    op.security = [{ [API_KEY]: [] }, read ? { [SESSION]: [] } : { [SESSION]: [], [CSRF]: [] }];
    for (const [status, description] of Object.entries(COMMON_ERRORS)) op.responses[status] ??= errorAnswer(description);
  }
}

type SchemaNode = Record<string, unknown>;

/**
 * The plugin describes `unknown`, `object` and `Record<string, unknown>[]` properties as a bare
 * `{type: 'object'}`, which JSON Schema reads as any object but openapi-typescript types as
 * `Record<string, never>` (nothing readable). Say "any properties" explicitly, on properties
 * only: a component that is itself empty stays empty (the e2e test reports those).
 */
function openFreeFormObjects(doc: OpenAPIObject): void {
  const visit = (node: SchemaNode | undefined): void => {
    if (!node || typeof node !== 'object') return;
    const bare = node.type === 'object' && !node.properties && node.additionalProperties === undefined && !node.$ref && !node.allOf && !node.oneOf && !node.anyOf && !node.enum;
    if (bare) node.additionalProperties = true;
    visit(node.items as SchemaNode | undefined);
    for (const p of Object.values((node.properties as Record<string, SchemaNode> | undefined) ?? {})) visit(p);
  };
  for (const schema of Object.values(doc.components?.schemas ?? {}) as SchemaNode[]) {
    for (const p of Object.values((schema.properties as Record<string, SchemaNode> | undefined) ?? {})) visit(p);
  }
}

/** The OpenAPI document of every controller route of the app. */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await loadMetadata();
  return createDocument(app);
}

function createDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Comeback')
    .setDescription(DESCRIPTION)
    .setVersion(VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (`npm run cli -- business:create` prints one; admins create more)' }, API_KEY)
    .addCookieAuth(SESSION, { type: 'apiKey', in: 'cookie', description: 'The session cookie set by POST /api/v1/auth/sign-in' }, SESSION)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The csrfToken of the session; needed with the cookie on every write' }, CSRF)
    .build();
  const doc = SwaggerModule.createDocument(app, config, { extraModels: [ErrorDto] });
  applyRouteDocs(app, doc);
  openFreeFormObjects(doc);
  return doc;
}

/**
 * Serves Swagger UI at /api/docs and the document at /api/openapi.json. Both are plain
 * express routes outside Nest's router, so the global auth guard never sees them; the
 * document is built on the first request.
 */
export async function setupOpenApi(app: INestApplication): Promise<void> {
  await loadMetadata();
  SwaggerModule.setup(DOCS_PATH, app as NestExpressApplication, () => createDocument(app), {
    jsonDocumentUrl: DOCUMENT_PATH,
    raw: ['json'],
    customSiteTitle: 'Comeback API',
  });
}

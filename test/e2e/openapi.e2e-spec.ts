import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { promisify } from 'util';
import { generateOpenApiMetadata, METADATA_FILE } from '../../src/openapi/generate-metadata';
import metadata from '../../src/openapi/metadata.generated';
import { startTestApp, TestApp } from '../support/test-app';

// web.md "How it is built": @nestjs/swagger documents every route, DTO and response, served at
// /api/docs and /api/openapi.json, and the web app's types are generated from that document.
// The route list comes from the running app, so a route added without a documented response
// fails here without editing this file.

const ROOT = join(__dirname, '..', '..');
// src/openapi/schema-types.ts writes it; not imported from there, since that module loads ES modules jest cannot
const SCHEMA_TYPES_FILE = 'web/src/api/schema.d.ts';

type Schema = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> };
}

/**
 * Success answers that have no body, on purpose. Every other 2xx answer must carry a schema.
 * Keep it exact: an entry whose route is gone, or that now has a body, fails the test.
 */
const NO_BODY = [
  'HEAD /webhooks/{source}/{businessId} 200', // a HEAD answer has no body
  'POST /webhooks/twilio/status 204',
  'DELETE /api/v1/segments/{id} 204',
  'DELETE /api/v1/staff-teams/{id} 204',
  'DELETE /api/v1/automations/{id} 204',
  'POST /api/v1/auth/sign-out 204',
  'POST /api/v1/auth/password/change 204',
  'GET /c/{token} 302', // the click redirect answers with a Location, no body
];

/** Every controller route of the running app, the way access.e2e-spec.ts walks them. */
function routesOf(app: TestApp): Array<{ method: string; path: string }> {
  const modules = (app.http as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: abstract new (...args: never[]) => unknown }> }> } }).container.getModules();
  const out: Array<{ method: string; path: string }> = [];
  for (const mod of modules.values()) {
    for (const { metatype } of mod.controllers.values()) {
      const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = metatype.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path =
          '/' +
          [base, sub]
            .filter((s) => s && s !== '/')
            .join('/')
            .replace(/\/+/g, '/')
            .replace(/^\//, '');
        out.push({ method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number], path });
      }
    }
  }
  return out;
}

const operations = (doc: Document) => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })));

/** Every `$ref` anywhere below a value. */
function refsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** A schema that says nothing about its value: no type, properties, composition or enum. */
function isEmptySchema(s: Schema): boolean {
  const props = s.properties as Record<string, unknown> | undefined;
  if (props && Object.keys(props).length) return false;
  if (s.allOf || s.oneOf || s.anyOf || s.enum || s.items || s.additionalProperties) return false;
  return s.type === undefined || s.type === 'object';
}

describe('OpenAPI: every route documented, served without credentials, web types up to date', () => {
  let app: TestApp;
  let doc: Document;

  beforeAll(async () => {
    app = await startTestApp();
    const res = await request(app.url).get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await app.close();
  });

  it('should serve the document and Swagger UI to a caller without credentials', async () => {
    expect(doc.info).toMatchObject({ title: 'Comeback', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api_key', 'cb_session', 'csrf']);
    expect(doc.components.securitySchemes.cb_session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cb_session' });
    expect(doc.components.securitySchemes.csrf).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
    const ui = await request(app.url).get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.text).toContain('swagger-ui');
    const init = await request(app.url).get('/api/docs/swagger-ui-init.js');
    expect({ status: init.status, type: init.headers['content-type'] }).toEqual({ status: 200, type: expect.stringMatching(/javascript/) });
  });

  it('should have every route of the app in the document', () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(60);
    const missing = routes
      .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }))
      .filter((r) => !doc.paths[r.path]?.[r.method])
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('should give every operation a success answer, with a schema unless it is listed as bodiless', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const { id, op } of operations(doc)) {
      // a redirect is a success only where NO_BODY lists it
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s) || NO_BODY.includes(`${id} ${s}`));
      if (!success.length) problems.push(`${id}: no 2xx response`);
      for (const status of success) {
        const key = `${id} ${status}`;
        const content = op.responses[status].content ?? {};
        if (NO_BODY.includes(key)) {
          seen.add(key);
          if (Object.keys(content).length) problems.push(`${key}: listed as bodiless but documents a body`);
          continue;
        }
        if (!Object.keys(content).length) problems.push(`${key}: no response schema`);
        for (const [type, media] of Object.entries(content)) {
          if (!media.schema || (type === 'application/json' && isEmptySchema(media.schema) && !media.schema.$ref)) problems.push(`${key}: ${type} without a schema`);
        }
      }
    }
    for (const key of NO_BODY) if (!seen.has(key)) problems.push(`${key}: listed as bodiless but not in the document`);
    expect(problems).toEqual([]);
  });

  it('should reference no empty or missing schema component', () => {
    const problems: string[] = [];
    for (const ref of refsIn(doc)) {
      const name = ref.replace('#/components/schemas/', '');
      const schema = doc.components.schemas[name];
      if (!schema) problems.push(`${ref}: missing`);
      else if (isEmptySchema(schema)) problems.push(`${ref}: empty`);
    }
    expect(problems.sort()).toEqual([]);
  });

  it('should name every DTO class once (a schema name is the class name: a second class of that name is silently dropped)', async () => {
    const models = ((await metadata()) as unknown as { '@nestjs/swagger'?: { models?: Array<[Promise<unknown>, Record<string, unknown>]> } })['@nestjs/swagger']?.models ?? [];
    const files = new Map<string, number>();
    for (const [, classes] of models) for (const name of Object.keys(classes)) files.set(name, (files.get(name) ?? 0) + 1);
    expect([...files].filter(([, n]) => n > 1).map(([name]) => name)).toEqual([]);
  });

  it('should have a committed src/openapi/metadata.generated.ts that matches the code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'comeback-openapi-'));
    try {
      generateOpenApiMetadata(dir);
      const fresh = readFileSync(join(dir, METADATA_FILE), 'utf8');
      const committed = readFileSync(join(ROOT, 'src', 'openapi', METADATA_FILE), 'utf8');
      // on failure: npm run openapi:metadata && npm run openapi:types
      expect({ upToDate: fresh === committed }).toEqual({ upToDate: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it(`should have a committed ${SCHEMA_TYPES_FILE} that matches the document`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'comeback-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      // in a child process: openapi-typescript loads ES modules, which jest's loader cannot
      const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/openapi/schema-types.ts', join(dir, 'openapi.json')], {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
      const committed = readFileSync(join(ROOT, SCHEMA_TYPES_FILE), 'utf8');
      // on failure: npm run openapi:types
      expect({ upToDate: stdout === committed }).toEqual({ upToDate: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

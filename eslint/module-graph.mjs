// The module graph: which folders under src/ may import which (issue #15 item 3, docs/architecture.md).
//
// One rule, `module-graph/imports`, checks every import, export-from, import() and require() in
// src/ against three things:
//   1. the direction: a domain imports only the domains below it (DOMAINS, read transitively),
//      plumbing (PLUMBING) imports no domain at all;
//   2. the seal: another domain is imported through its public surface `src/<module>/index.ts`
//      only (`../risk`, never `../risk/rules/risk.types`); plumbing folders have no seal;
//   3. the composition root (src/*.ts: main, worker, app.module, bootstrap, cli, demo) is imported
//      by nothing, and a module never imports its own index (a barrel cycle at load time).
// Resolution is by path, not by text, so a sub-folder that shares a module's name is no problem.
import fs from 'node:fs';
import path from 'node:path';

/** Shared plumbing: may import each other (deeply), never a domain. */
export const PLUMBING = ['common', 'config', 'database', 'queue', 'openapi', 'cli', 'web-app', 'audit', 'observability'];

/**
 * Each domain and the domains it imports directly; what those import is allowed too. Read the
 * arrows of docs/architecture.md backwards: `risk: ['clients']` is "clients <- risk".
 */
export const DOMAINS = {
  business: [],
  auth: ['business'],
  clients: ['auth'],
  integrations: ['clients'],
  risk: ['clients'],
  // recovery (cancelled members worked as a pipeline) and rhythm (appointment clients' usual
  // intervals) own member-derived tables that segment conditions read, so they sit below segments
  recovery: ['clients'],
  rhythm: ['clients'],
  reports: ['risk'],
  segments: ['risk', 'recovery', 'rhythm'],
  actions: ['segments'],
  tasks: ['segments'],
  campaigns: ['actions', 'tasks'],
  automations: ['campaigns'],
  // reconnect contacts overdue clients through actions' guards and touches (docs/reconnect.md)
  reconnect: ['campaigns'],
  'follow-up': ['automations', 'reconnect'],
  mailbox: ['auth'],
  'demo-data': ['risk'],
  // export and erasure read (and erasure clears) every module's client rows: docs/privacy.md
  privacy: ['follow-up', 'mailbox'],
};

/** Every domain a domain may import: the transitive closure of DOMAINS. */
export function allowedDomains(domain) {
  const seen = new Set();
  const visit = (d) => {
    for (const next of DOMAINS[d] ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      visit(next);
    }
  };
  visit(domain);
  return seen;
}

const ROOT = '(root)';

/** The folder under src/ a path belongs to; a single segment is a folder (its index) or a root file. */
function moduleOf(srcRoot, relative) {
  const parts = relative.split(/[\\/]/);
  if (parts.length > 1) return parts[0];
  const isDir = parts[0] in DOMAINS || PLUMBING.includes(parts[0]) || fs.statSync(path.join(srcRoot, parts[0]), { throwIfNoEntry: false })?.isDirectory();
  return isDir ? parts[0] : ROOT;
}

function describeTarget(mod) {
  return mod === ROOT ? 'the composition root' : `\`${mod}\``;
}

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the module graph of docs/architecture.md and enter other domains through their index.ts' },
    schema: [{ type: 'object', properties: { allowRoot: { type: 'boolean' } }, additionalProperties: false }],
    messages: {
      direction: '{{from}} may not import {{to}}: {{why}} (docs/architecture.md; publish an event or move the code down instead)',
      deep: 'import `{{to}}` through its public surface `src/{{to}}/index.ts`, not `{{spec}}` (docs/architecture.md)',
      root: '{{from}} may not import the composition root (`{{spec}}`): take what you need as a parameter instead',
      unplaced: '`src/{{to}}` is not in the module graph: add it to DOMAINS or PLUMBING in eslint/module-graph.mjs (and docs/architecture.md)',
      ownIndex: 'a file inside `{{from}}` imports its own index.ts: import the file itself (a barrel cycle otherwise)',
    },
  },
  create(context) {
    const allowRoot = context.options[0]?.allowRoot === true;
    const filename = context.filename ?? context.getFilename();
    const marker = `${path.sep}src${path.sep}`;
    const at = filename.lastIndexOf(marker);
    if (at < 0) return {};
    const srcRoot = filename.slice(0, at + marker.length - 1);
    const from = moduleOf(srcRoot, path.relative(srcRoot, filename));
    const fromIsDomain = from in DOMAINS;
    const allowed = fromIsDomain ? allowedDomains(from) : new Set();

    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.relative(srcRoot, path.resolve(path.dirname(filename), spec)).replace(/\.(ts|js)$/, '');
      if (target.startsWith('..') || path.isAbsolute(target)) return; // outside src (package.json)
      const to = target === '' ? ROOT : moduleOf(srcRoot, target);
      const isIndex = target === to || target === `${to}/index` || target === `${to}${path.sep}index`;
      if (to === from) {
        if (isIndex && from !== ROOT && fromIsDomain) context.report({ node, messageId: 'ownIndex', data: { from } });
        return;
      }
      if (to === ROOT) {
        if (!allowRoot) context.report({ node, messageId: 'root', data: { from: `\`${from}\``, spec } });
        return;
      }
      if (PLUMBING.includes(to)) return; // plumbing is open to everyone, deep imports included
      if (!(to in DOMAINS)) {
        context.report({ node, messageId: 'unplaced', data: { to } });
        return;
      }
      if (from !== ROOT) {
        if (!fromIsDomain) {
          context.report({ node, messageId: 'direction', data: { from: `plumbing \`${from}\``, to: describeTarget(to), why: 'plumbing depends on no domain' } });
          return;
        }
        if (!allowed.has(to)) {
          const why = allowedDomains(to).has(from) ? `\`${to}\` sits above \`${from}\`` : `\`${to}\` is not below \`${from}\``;
          context.report({ node, messageId: 'direction', data: { from: `\`${from}\``, to: describeTarget(to), why } });
          return;
        }
      }
      if (!isIndex) context.report({ node, messageId: 'deep', data: { to, spec } });
    }

    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression, node.moduleReference.expression.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node.arguments[0], node.arguments[0].value);
      },
    };
  },
};

export const moduleGraphPlugin = { meta: { name: 'module-graph' }, rules: { imports: importsRule } };

export default [
  {
    files: ['src/**/*.ts'],
    plugins: { 'module-graph': moduleGraphPlugin },
    rules: { 'module-graph/imports': 'error' },
  },
  {
    // scripts run by hand (npm run openapi:*) boot the whole app on purpose
    files: ['src/openapi/generate-*.ts'],
    rules: { 'module-graph/imports': ['error', { allowRoot: true }] },
  },
];

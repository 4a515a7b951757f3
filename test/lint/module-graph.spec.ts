import { spawnSync } from 'child_process';
import { resolve } from 'path';

// The module graph rule (eslint/module-graph.mjs, docs/architecture.md) run by the ESLint CLI on
// small snippets placed at a path inside src/, so a rule that stops firing fails the suite.
const REPO = resolve(__dirname, '../..');
const ESLINT = resolve(REPO, 'node_modules/eslint/bin/eslint.js');

interface Message {
  ruleId: string | null;
  message: string;
}

function lint(path: string, code: string, config = 'eslint/graph-only.config.mjs'): Message[] {
  const r = spawnSync(process.execPath, [ESLINT, '--no-warn-ignored', '-c', config, '-f', 'json', '--stdin', '--stdin-filename', path], { cwd: REPO, input: code, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`eslint failed (${r.status}): ${r.stderr}`);
  const [result] = JSON.parse(r.stdout) as Array<{ messages: Message[] }>;
  return result.messages.filter((m) => m.ruleId === 'module-graph/imports');
}

describe('module graph lint rule', () => {
  it('should report a domain importing a domain above it', () => {
    const [m, ...rest] = lint('src/clients/probe.ts', `import { FollowUpModule } from '../follow-up';\nexport const x = FollowUpModule;\n`);
    expect(rest).toEqual([]);
    expect(m.message).toContain('`clients` may not import `follow-up`');
  });

  it('should report an import between siblings (actions and tasks)', () => {
    expect(lint('src/actions/probe.ts', `import { TasksService } from '../tasks';\nexport const x = TasksService;\n`)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('`actions` may not import `tasks`') }),
    ]);
  });

  it('should report plumbing importing any domain, type imports included', () => {
    expect(lint('src/queue/probe.ts', `import type { ClientChange } from '../clients';\nexport type X = ClientChange;\n`)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('plumbing `queue` may not import `clients`') }),
    ]);
  });

  it('should report a deep import into a module below, and accept its index', () => {
    expect(lint('src/segments/conditions/probe.ts', `import { RiskStatus } from '../../risk/rules/risk.types';\nexport type X = RiskStatus;\n`)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('import `risk` through its public surface `src/risk/index.ts`') }),
    ]);
    expect(lint('src/segments/conditions/probe.ts', `import { RiskStatus } from '../../risk';\nimport { chunk } from '../../database/chunk';\nexport type X = [RiskStatus, typeof chunk];\n`)).toEqual(
      [],
    );
  });

  it('should report import(), require() and export-from the same way', () => {
    const found = lint('src/risk/probe.ts', `export { SegmentsModule } from '../segments';\nexport const a = () => import('../campaigns');\nexport const b = require('../automations');\n`);
    expect(found.map((m) => m.message.match(/may not import `([a-z-]+)`/)?.[1])).toEqual(['segments', 'campaigns', 'automations']);
  });

  it('should report a module importing its own index and anything importing the composition root', () => {
    expect(lint('src/tasks/sub/probe.ts', `import { TasksModule } from '..';\nexport const x = TasksModule;\n`)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('imports its own index.ts') }),
    ]);
    expect(lint('src/tasks/probe.ts', `import { createWorker } from '../bootstrap';\nexport const x = createWorker;\n`)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('may not import the composition root') }),
    ]);
  });

  it('should report a folder that is not placed in the graph', () => {
    expect(lint('src/reports/probe.ts', `import { x } from '../not-placed-yet/thing';\nexport const y = x;\n`)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('`src/not-placed-yet` is not in the module graph') }),
    ]);
  });

  it('should be switched on, as an error, by the repository configuration (npm run lint)', () => {
    const r = spawnSync(process.execPath, [ESLINT, '--print-config', 'src/clients/clients.module.ts'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const rule = (JSON.parse(r.stdout) as { rules: Record<string, unknown> }).rules['module-graph/imports'];
    expect(Array.isArray(rule) ? rule[0] : rule).toBe(2);
  });
});

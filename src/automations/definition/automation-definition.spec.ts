import { AutomationStep, stepOrigin } from '../automation.types';
import { playbookEntries } from '../playbook/playbook';
import { destination } from '../runs/step-executor';
import { assignRevs, parseSteps, parseTrigger } from './automation-definition';
import { parseBranchCondition } from './branch-condition';
import { nextRunAt } from './schedule';

const noTemplateProblems = { checkTemplate: () => [] };
const email = (key: string) => ({ key, type: 'send', channel: 'email', template: { subject: 'Hi', text: 'x' } });

describe('parseTrigger', () => {
  it('should accept every trigger kind in its own shape', () => {
    expect(parseTrigger({ kind: 'segment_entered', segmentId: '12' }).trigger).toEqual({ kind: 'segment_entered', segmentId: '12' });
    expect(parseTrigger({ kind: 'status_changed', to: ['at_risk', 'at_risk'] }).trigger).toEqual({ kind: 'status_changed', to: ['at_risk'] });
    expect(parseTrigger({ kind: 'health_band_changed', from: ['green'], to: ['red'] }).trigger).toEqual({ kind: 'health_band_changed', from: ['green'], to: ['red'] });
    expect(parseTrigger({ kind: 'usage_dropped', minDropPercent: 50 }).trigger).toEqual({ kind: 'usage_dropped', minDropPercent: 50 });
    expect(parseTrigger({ kind: 'schedule', cron: '0  10 * * 1', segmentId: '3' }).trigger).toEqual({ kind: 'schedule', cron: '0 10 * * 1', segmentId: '3' });
  });

  it('should name the path of every problem when a trigger is wrong', () => {
    expect(parseTrigger({ kind: 'weather' }).problems).toEqual([{ path: 'trigger.kind', reason: expect.stringContaining('segment_entered') }]);
    expect(parseTrigger({ kind: 'status_changed', to: ['sad'] }).problems.map((p) => p.path)).toEqual(['trigger.to']);
    expect(parseTrigger({ kind: 'segment_entered' }).problems.map((p) => p.path)).toEqual(['trigger.segmentId']);
    // a field of another kind is refused, not ignored
    expect(parseTrigger({ kind: 'segment_exited', segmentId: '1', to: ['at_risk'] }).problems.map((p) => p.path)).toEqual(['trigger.to']);
    expect(parseTrigger({ kind: 'schedule', cron: '0 10 * *', segmentId: '1' }).problems).toEqual([{ path: 'trigger.cron', reason: expect.stringContaining('five fields') }]);
    expect(parseTrigger({ kind: 'schedule', cron: '0 25 * * *', segmentId: '1' }).problems.map((p) => p.path)).toEqual(['trigger.cron']);
    expect(parseTrigger('x').problems).toEqual([{ path: 'trigger', reason: expect.any(String) }]);
  });
});

describe('parseSteps', () => {
  it('should normalise each step type with its defaults', () => {
    const { steps, problems } = parseSteps(
      [
        {
          key: 'ab',
          type: 'send',
          channel: 'sms',
          variants: [
            { key: 'A', template: { body: 'a' } },
            { key: 'B', weight: 3, template: { body: 'b' } },
          ],
        },
        { key: 'w', type: 'wait', days: 1, hours: 2, atLocalTime: '09:30' },
        { key: 'b', type: 'branch', condition: { condition: 'visited_since_trigger' }, then: 'exit' },
        { key: 't', type: 'task', reason: ' Call them ' },
        { key: 'd', type: 'door_alert', assignTo: 'staff', staffId: '4' },
        { key: 'x', type: 'exit' },
      ],
      noTemplateProblems,
    );
    expect(problems).toEqual([]);
    expect(steps).toEqual([
      {
        key: 'ab',
        rev: 1,
        type: 'send',
        channel: 'sms',
        quietHours: 'defer',
        variants: [
          { key: 'A', weight: 1, template: { body: 'a' } },
          { key: 'B', weight: 3, template: { body: 'b' } },
        ],
      },
      { key: 'w', rev: 1, type: 'wait', seconds: 93_600, atLocalTime: '09:30' },
      { key: 'b', rev: 1, type: 'branch', condition: { condition: 'visited_since_trigger' }, then: 'exit', else: 'next' },
      { key: 't', rev: 1, type: 'task', reason: 'Call them', instructions: null, dueInDays: 1, priority: 'normal', assignTo: 'owner' },
      { key: 'd', rev: 1, type: 'door_alert', message: expect.stringContaining('At the door'), withinDays: 30, assignTo: 'staff', staffId: '4' },
      { key: 'x', rev: 1, type: 'exit' },
    ]);
  });

  it('should report template problems under the step (and variant) path', () => {
    const check = (_c: string, t: unknown) => ((t as { subject?: string }).subject ? [] : [{ path: 'template.subject', reason: 'is required' }]);
    const { problems } = parseSteps(
      [
        email('a'),
        { key: 'w', type: 'wait', days: 1 },
        { key: 'b', type: 'send', channel: 'email', template: { text: 'no subject' } },
        { key: 'c', type: 'send', channel: 'email', variants: [{ key: 'A', template: {} }] },
      ],
      { checkTemplate: check },
    );
    expect(problems).toEqual([
      { path: 'steps[2].template.subject', reason: 'is required' },
      { path: 'steps[3].variants[0].template.subject', reason: 'is required' },
    ]);
  });

  it('should report branch condition problems with the path inside the tree, as segments do', () => {
    const { problems } = parseSteps(
      [
        email('a'),
        { key: 'b', type: 'branch', condition: { and: [{ condition: 'visits', operator: '>=', value: 'x', window: { last: 7 } }, { condition: 'nope' }] }, then: 'exit' },
        { key: 'c', type: 'branch', condition: { not: { condition: 'visited_since_trigger', days: 3 } }, else: 'exit' },
      ],
      noTemplateProblems,
    );
    expect(problems).toEqual([
      { path: 'steps[1].condition.and[0].value', reason: 'value must be a number' },
      { path: 'steps[1].condition.and[0].value', reason: 'value must be a whole number' },
      { path: 'steps[1].condition.and[1].condition', reason: expect.stringContaining("unknown condition type 'nope'") },
      { path: 'steps[2].condition.not.days', reason: 'this condition takes no parameters' },
    ]);
  });

  it('should only let branches jump forward to steps that exist', () => {
    const steps = (then: string) => [email('a'), { key: 'b', type: 'branch', condition: { condition: 'member', value: true }, then }, email('c')];
    expect(parseSteps(steps('c'), noTemplateProblems).problems).toEqual([]);
    expect(parseSteps(steps('a'), noTemplateProblems).problems).toEqual([{ path: 'steps[1].then', reason: expect.stringContaining('later step') }]);
    expect(parseSteps(steps('b'), noTemplateProblems).problems).toEqual([{ path: 'steps[1].then', reason: expect.stringContaining('later step') }]);
    expect(parseSteps(steps('zz'), noTemplateProblems).problems).toEqual([{ path: 'steps[1].then', reason: "no step has the key 'zz'" }]);
    expect(parseSteps(steps('next'), noTemplateProblems).problems).toEqual([{ path: 'steps[1]', reason: expect.stringContaining('somewhere other than next') }]);
  });

  it('should refuse duplicate keys, unknown types, empty waits and missing assignees', () => {
    const { problems } = parseSteps(
      [email('a'), email('a'), { key: 'q', type: 'teleport' }, { key: 'w', type: 'wait' }, { key: 't', type: 'task', reason: 'x', assignTo: 'team' }, { key: 'e', type: 'exit', extra: 1 }],
      noTemplateProblems,
    );
    expect(problems).toEqual([
      { path: 'steps[2].type', reason: expect.stringContaining('send') },
      { path: 'steps[3]', reason: expect.stringContaining('needs a duration') },
      { path: 'steps[4].teamId', reason: 'is required when assignTo is team' },
      { path: 'steps[5].extra', reason: 'property extra should not exist' },
      { path: 'steps[1].key', reason: "step keys must differ ('a' is used twice)" },
    ]);
  });
});

describe('assignRevs and stepOrigin', () => {
  const parse = (raw: unknown[]) => parseSteps(raw, noTemplateProblems).steps!;

  it('should keep a revision while the step is unchanged and bump it when its content changes', () => {
    const v1 = parse([email('a'), { key: 'w', type: 'wait', days: 1 }]);
    const v2 = assignRevs(parse([email('a'), { key: 'w', type: 'wait', days: 2 }, email('n')]), v1);
    expect(v2.map((s) => [s.key, s.rev])).toEqual([
      ['a', 1],
      ['w', 2],
      ['n', 1],
    ]);
    const v3 = assignRevs(parse([{ ...email('a'), template: { subject: 'New', text: 'y' } }]), v2);
    expect(v3[0].rev).toBe(2);
  });

  it('should give the first run of an unedited step the plain step origin', () => {
    expect(stepOrigin('7', { key: 'email', rev: 1 }, 1)).toBe('automation:7:step:email');
    expect(stepOrigin('7', { key: 'email', rev: 3 }, 1)).toBe('automation:7:step:email:v3');
    expect(stepOrigin('7', { key: 'email', rev: 1 }, 2)).toBe('automation:7:step:email:r2');
  });
});

describe('destination', () => {
  const steps = parseSteps([email('a'), { key: 'b', type: 'branch', condition: { condition: 'member', value: true }, then: 'd', else: 'exit' }, email('c'), email('d')], noTemplateProblems)
    .steps as AutomationStep[];

  it('should continue to the next step, jump forward, exit, or finish after the last step', () => {
    expect(destination(steps, 0)).toMatchObject({ state: 'active', stepIndex: 1, keep: true });
    expect(destination(steps, 1, 'd')).toMatchObject({ state: 'active', stepIndex: 3, keep: true });
    expect(destination(steps, 1, 'exit')).toMatchObject({ state: 'exited', exitReason: 'branch', keep: false });
    expect(destination(steps, 3)).toEqual({ state: 'done', stepIndex: 4, nextAt: null, exitReason: null, keep: false });
  });
});

describe('parseBranchCondition', () => {
  it('should put engine leaves back into the validated tree', () => {
    const { tree, problems } = parseBranchCondition({ or: [{ condition: 'visited_since_trigger' }, { not: { condition: 'member', value: true } }] }, 'condition');
    expect(problems).toEqual([]);
    expect(tree).toMatchObject({ kind: 'or', children: [{ kind: 'leaf', path: 'or[0]', definition: { type: 'visited_since_trigger' } }, { kind: 'not' }] });
  });
});

describe('nextRunAt', () => {
  it('should read the cron expression on the business clock', () => {
    // 10:00 in Stockholm is 08:00 UTC in summer time (the day after the clocks change)
    expect(nextRunAt('0 10 * * *', 'Europe/Stockholm', new Date('2025-03-30T12:00:00Z')).toISOString()).toBe('2025-03-31T08:00:00.000Z');
    expect(nextRunAt('0 10 * * *', 'Europe/Stockholm', new Date('2025-01-10T08:00:00Z')).toISOString()).toBe('2025-01-10T09:00:00.000Z');
  });
});

describe('the default playbook', () => {
  it('should consist of valid automations', () => {
    for (const entry of playbookEntries('42')) {
      expect(parseTrigger(entry.trigger).problems).toEqual([]);
      expect(parseSteps(entry.steps, noTemplateProblems).problems).toEqual([]);
    }
  });
});

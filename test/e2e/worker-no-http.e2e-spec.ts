import { startTestApp, TestApp } from '../support/test-app';

type Modules = Map<string, { name: string; controllers: Map<unknown, { metatype: { name: string } }> }>;

describe('worker process (no HTTP)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  });
  afterAll(() => app.close());

  it('should instantiate no controller: worker modules import the worker sides of what they use', () => {
    const modules = (app.worker as unknown as { container: { getModules(): Modules } }).container.getModules();
    const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()].map((c) => `${m.name}.${c.metatype.name}`));
    expect(controllers).toEqual([]);
  });
});

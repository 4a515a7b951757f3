import { Logger } from '@nestjs/common';
import { createWorker, runMain } from './bootstrap';

runMain('worker', async (config) => {
  await createWorker(config);
  new Logger('worker').log('Comeback worker running (queue processors and schedules)');
});

import { Logger } from '@nestjs/common';
import { createHttpApp, runMain } from './bootstrap';

runMain('api', async (config) => {
  const app = await createHttpApp('api', config);
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('api').log(`Comeback API listening on :${config.PORT}`);
});

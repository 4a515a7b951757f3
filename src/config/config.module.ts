import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './app-config';
import { validateEnv } from './validate-env';

@Global()
@Module({})
export class ConfigModule {
  /** config: already validated (boot, tests); otherwise validated from the environment. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? validateEnv() }],
      exports: [APP_CONFIG],
    };
  }
}

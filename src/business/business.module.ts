import { Global, Module } from '@nestjs/common';
import { BusinessRepository } from './business.repository';

@Global()
@Module({ providers: [BusinessRepository], exports: [BusinessRepository] })
export class BusinessModule {}

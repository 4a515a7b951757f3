import { Module } from '@nestjs/common';
import { ClientsModule } from '../../clients/clients.module';
import { ImportController } from './import.controller';

@Module({ imports: [ClientsModule], controllers: [ImportController] })
export class ImportModule {}

import { Module } from '@nestjs/common';
import { ClientErasureRepository } from './client-erasure.repository';
import { ClientExportRepository } from './client-export.repository';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/**
 * Personal data export and erasure (docs/privacy.md). At the top of the module graph: it reads
 * (and, for erasure only, clears) the tables of every module that holds client rows.
 */
@Module({ controllers: [PrivacyController], providers: [ClientExportRepository, ClientErasureRepository, PrivacyService], exports: [PrivacyService] })
export class PrivacyModule {}

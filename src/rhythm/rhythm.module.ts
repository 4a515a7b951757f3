import { Module } from '@nestjs/common';
import { RhythmCategoriesController, RhythmSettingsController } from './rhythm.controller';
import { RhythmListeners } from './rhythm.listeners';
import { RhythmProcessor } from './rhythm.processor';
import { RhythmReadRepository } from './rhythm-read.repository';
import { RhythmRepository } from './rhythm.repository';
import { RhythmService } from './rhythm.service';
import { RhythmSettingsRepository } from './rhythm-settings.repository';
import { RhythmSettingsService } from './rhythm-settings.service';

const PROVIDERS = [RhythmRepository, RhythmReadRepository, RhythmSettingsRepository, RhythmSettingsService, RhythmService];
const EXPORTS = [RhythmReadRepository, RhythmService];

/** Rhythm (docs/rhythm.md), HTTP side: the overdue categories and lists, the settings. */
@Module({ controllers: [RhythmCategoriesController, RhythmSettingsController], providers: PROVIDERS, exports: EXPORTS })
export class RhythmModule {}

/** Rhythm, worker side: recomputes after ingest, the daily pass, client.became_overdue. */
@Module({ providers: [...PROVIDERS, RhythmProcessor, RhythmListeners], exports: EXPORTS })
export class RhythmWorkerModule {}

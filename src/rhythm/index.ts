// The public surface of rhythm (docs/architecture.md): other folders import only what is here.
export { RhythmReadRepository } from './rhythm-read.repository';
export { daysOverdueSql, overdueTodaySql } from './rhythm-overdue.sql';
export { RhythmModule, RhythmWorkerModule } from './rhythm.module';
export { RhythmService } from './rhythm.service';
export type { PassResult } from './rhythm.service';
export { OVERDUE_SORTS, RHYTHM_DEFAULTS } from './rhythm.types';
export type { CategoryCount, OverdueClientRow, OverdueQuery, OverdueSort, OverdueTarget, RhythmSettings } from './rhythm.types';

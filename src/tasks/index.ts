// The public surface of tasks (docs/architecture.md): other folders import only what is here.
export { StaffTaskStatsDto } from './dto/task-response.dto';
export { TasksReportRepository } from './tasks-report.repository';
export { RETURN_WINDOW_DAYS } from './tasks-report.service';
export { TasksModule, TasksWorkerModule } from './tasks.module';
// adds tasks' source of "last human contact" to the segment catalogue (docs/segments.md "Conditions from other modules")
import './segment-conditions';
export { TasksService } from './tasks.service';
export { TASK_PRIORITIES } from './tasks.types';
export type { TaskPriority } from './tasks.types';

import { CliCommand } from '../cli/command';
import { staffApiKeyCommand as staffApiKey } from './staff-api-key.command';
/** `npm run cli` commands of this module (src/cli.ts). */
export const CLI_COMMANDS: readonly CliCommand[] = [staffApiKey];

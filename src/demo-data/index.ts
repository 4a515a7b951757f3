// The public surface of demo-data (docs/architecture.md): other folders import only what is here.
export { generateDemoData } from './demo-data.generator';
export { runFirstDay } from './demo-first-day';
export { finishDemoSetup, prepareDemoData } from './demo-setup';

import { CliCommand } from '../cli/command';
import { demoGenerateCommand } from './demo-generate.command';
/** `npm run cli` commands of this module (src/cli.ts). */
export const CLI_COMMANDS: readonly CliCommand[] = [demoGenerateCommand];

import { stat } from 'fs/promises';
import { DataSource } from 'typeorm';
import { ENTITY_NAMES, IngestService, isEntityName } from '../../../clients';
import { intFlag, ParsedArgs, stringFlag, UsageError } from '../../../cli/args';
import { CliCommand } from '../../../cli/command';
import { ConfigError } from '../../../config/validate-env';
import { SOURCE_RE } from '../import.controller';
import { importCsvFile } from './csv-import';
import { CsvImportError } from './csv-import.errors';
import { ProgressBar } from './progress-bar';
import { RejectionReport } from './rejection-report';
import { UUID } from '../../../common/row-id';

const MAX_BATCH = 100_000;

// Exit codes: 0 the file was processed (rejected rows are listed on stderr, the summary JSON
// goes to stdout), 1 the file could not be imported (not CSV, unknown columns, unknown
// business, database failure), 2 bad arguments.
export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import <entity> <file.csv> --business <id> [--source import] [--batch-size 5000] [--delimiter ,] [--errors <errors.csv>]',
  needsDatabase: true,
  async run(args, config, runtime) {
    const opts = parseImportArgs(args);
    if (!runtime) throw new Error('import needs the CLI runtime (run it through src/cli.ts)');
    const ctx = await runtime.appContext();
    try {
      const ds = ctx.get(DataSource);
      const [business] = await ds.query(`SELECT id FROM business WHERE id = $1`, [opts.businessId]);
      if (!business) throw new CsvImportError(`no business with id ${opts.businessId}`);

      const bar = new ProgressBar({ totalBytes: await fileSize(opts.file) });
      const report = new RejectionReport({ print: (l) => bar.log(l), errorsFile: opts.errorsFile });
      let summary;
      try {
        summary = await importCsvFile(ctx.get(IngestService), opts.file, {
          businessId: opts.businessId,
          entity: opts.entity,
          source: opts.source,
          batchSize: opts.batchSize,
          delimiter: opts.delimiter,
          onRejected: report.add,
          onProgress: (p) => bar.update(p),
        });
        bar.finish({ rows: summary.rows, bytes: await fileSize(opts.file) });
      } finally {
        await report.close();
      }
      console.log(JSON.stringify(summary));
    } catch (e) {
      // cli.ts prints a ConfigError as one line and exits 1: the right outcome for a file
      // that cannot be imported
      if (e instanceof CsvImportError) throw new ConfigError(`import: ${e.message}`);
      throw e;
    } finally {
      await ctx.close();
    }
  },
};

interface ImportArgs {
  entity: (typeof ENTITY_NAMES)[number];
  file: string;
  businessId: string;
  source: string;
  batchSize: number;
  delimiter: string;
  errorsFile?: string;
}

function parseImportArgs(args: ParsedArgs): ImportArgs {
  checkFlags(args);
  const [entity, file, ...extra] = args.positionals;
  if (!entity || !file) throw new UsageError('<entity> and <file.csv> are required');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!isEntityName(entity)) throw new UsageError(`unknown entity "${entity}"; one of ${ENTITY_NAMES.join(', ')}`);
  const businessId = stringFlag(args, 'business')!;
  if (!UUID.test(businessId)) throw new UsageError(`--business must be a business id (UUID), got "${businessId}"`);
  const source = stringFlag(args, 'source', false) ?? 'import';
  if (!SOURCE_RE.test(source)) throw new UsageError('--source must be 1-50 lower-case letters, digits, - or _, starting with a letter');
  const batchSize = intFlag(args, 'batch-size', 5000);
  if (batchSize < 1 || batchSize > MAX_BATCH) throw new UsageError(`--batch-size must be between 1 and ${MAX_BATCH}`);
  const delimiter = parseDelimiter(stringFlag(args, 'delimiter', false) ?? ',');
  const errorsFile = stringFlag(args, 'errors', false);
  return { entity, file, businessId, source, batchSize, delimiter, errorsFile };
}

function checkFlags(args: ParsedArgs): void {
  const known = new Set(['business', 'source', 'batch-size', 'delimiter', 'errors']);
  for (const [flag, value] of Object.entries(args.flags)) {
    if (!known.has(flag)) throw new UsageError(`unknown option --${flag}`);
    if (value === true) throw new UsageError(`--${flag} needs a value`);
  }
}

function parseDelimiter(v: string): string {
  const d = v === 'tab' || v === '\\t' ? '\t' : v;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') throw new UsageError(`--delimiter must be one character (or "tab"), got "${v}"`);
  return d;
}

function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

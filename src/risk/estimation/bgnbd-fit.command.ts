import { UsageError } from '../../cli/args';
import { CliCommand } from '../../cli/command';
import { ConfigError } from '../../config/validate-env';
import { BgnbdCsvError, BgnbdFitError, fitBgnbd, readBgnbdCsv } from './bgnbd';

// Exit codes: 0 fitted (JSON on stdout), 1 the file cannot be read or fitted (message names the
// line), 2 bad arguments.
export const bgnbdFitCommand: CliCommand = {
  name: 'bgnbd:fit',
  usage: 'bgnbd:fit <file.csv>           fit BG/NBD to columns frequency,recency,T; prints {"r","alpha","a","b","logLikelihood"}',
  needsDatabase: false,
  async run(args) {
    if (args.positionals.length !== 1) throw new UsageError('exactly one CSV file is required');
    if (Object.keys(args.flags).length)
      throw new UsageError(
        `unknown option(s): ${Object.keys(args.flags)
          .map((f) => `--${f}`)
          .join(' ')}`,
      );
    const file = args.positionals[0];
    try {
      const fit = fitBgnbd(readBgnbdCsv(file));
      if (!fit.converged) console.error(`bgnbd:fit: warning: the optimiser did not converge after ${fit.iterations} iterations`);
      const { r, alpha, a, b, logLikelihood } = fit;
      console.log(JSON.stringify({ r, alpha, a, b, logLikelihood }));
    } catch (e) {
      // cli.ts prints a ConfigError as one line and exits 1
      if (e instanceof BgnbdCsvError || e instanceof BgnbdFitError) throw new ConfigError(`bgnbd:fit: ${file}: ${e.message}`);
      throw e;
    }
  },
};

import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { existsSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import * as ts from 'typescript';

// The swagger compiler plugin cannot run inside ts-node --transpile-only or ts-jest
// isolatedModules, so its output (DTO properties from TypeScript types and class-validator
// rules, handler return types, doc comments) is generated ahead of time into
// metadata.generated.ts and loaded at boot (openapi-document.ts). Re-run after changing a
// controller or a dto/*.dto.ts / *.query.ts file: `npm run openapi:metadata` (docs/openapi.md).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plugin entry has no ESM-importable typings
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');

export const METADATA_FILE = 'metadata.generated.ts';
const ROOT = resolve(__dirname, '../..');
const OPENAPI_DIR = __dirname;
const STUB = '/* eslint-disable */\nexport default async () => ({});\n';

/**
 * Type-checks the build program (src/, migrations/) and writes the plugin metadata to
 * `outputDir/metadata.generated.ts`, with imports relative to src/openapi (where the committed
 * file lives, so a copy in a temporary directory is byte-for-byte comparable).
 * Returns the type errors, which make the metadata untrustworthy.
 */
export function generateOpenApiMetadata(outputDir: string = OPENAPI_DIR): ts.Diagnostic[] {
  const committed = join(OPENAPI_DIR, METADATA_FILE);
  // openapi-document.ts imports the committed file: a fresh checkout without it still type-checks
  if (!existsSync(committed)) writeFileSync(committed, STUB);
  const configPath = join(ROOT, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
  // the previous output is about to be replaced: a stale copy (naming a deleted DTO) is no error
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error && (!d.file || resolve(d.file.fileName) !== committed));
  new PluginMetadataGenerator().generate({
    visitors: [
      new ReadonlyVisitor({
        introspectComments: true,
        pathToSource: OPENAPI_DIR,
        dtoFileNameSuffix: ['.dto.ts', '.query.ts'],
        classValidatorShim: true,
      }),
    ],
    outputDir,
    filename: METADATA_FILE,
    tsProgramRef: program,
  });
  return diagnostics;
}

if (require.main === module) {
  const started = Date.now();
  const errors = generateOpenApiMetadata();
  if (errors.length) {
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    console.error(ts.formatDiagnosticsWithColorAndContext(errors, host));
    console.error(`${errors.length} type error(s): fix them and run npm run openapi:metadata again`);
    process.exit(1);
  }
  console.log(`wrote src/openapi/${METADATA_FILE} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

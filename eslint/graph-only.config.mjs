// Only the module-graph rule, for a quick check of the graph: npx eslint -c eslint/graph-only.config.mjs src
import tseslint from 'typescript-eslint';
import moduleGraph from './module-graph.mjs';

export default [{ files: ['src/**/*.ts'], languageOptions: { parser: tseslint.parser }, linterOptions: { reportUnusedDisableDirectives: 'off' } }, ...moduleGraph];

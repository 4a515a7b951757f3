/** The file cannot be imported at all (not CSV, bad header, unknown business); exit code 1. */
export class CsvImportError extends Error {}

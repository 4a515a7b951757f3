// The de-duplication key of a task's reason: lower case, runs of anything but [a-z0-9:._-]
// become '_', trimmed, at most 100 characters. 'At Risk' -> 'at_risk'.
const MAX = 100;

export function normaliseReasonKey(raw: string): string {
  const key = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9:._-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/_+$/, '')
    .slice(0, MAX)
    .replace(/_+$/, '');
  return key;
}

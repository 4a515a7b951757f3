import { ApiError } from '../api/client';

/**
 * The fields a refused write names, path -> reason: the validation pipe's `problems`, a domain
 * error's `details.problems`, or a message of "path: reason; path: reason" parts.
 * Paths as the API writes them: `quietHours.start`, `absent.bands[2].minDays`.
 */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || e.status !== 400) return {};
  const body = e.body as { problems?: unknown; details?: { problems?: unknown } } | undefined;
  const problems = (Array.isArray(body?.problems) ? body.problems : Array.isArray(body?.details?.problems) ? body.details.problems : null) as Array<{ path?: string; reason?: string }> | null;
  const out: Record<string, string> = {};
  if (problems) {
    for (const p of problems) if (p.path && !out[p.path]) out[p.path] = p.reason ?? '';
    return out;
  }
  for (const part of e.message.split('; ')) {
    const m = /^([A-Za-z][\w.[\]]*): (.+)$/.exec(part);
    if (m && !out[m[1]]) out[m[1]] = m[2];
  }
  return out;
}

/** The reasons no field on the form shows (so nothing the API said is lost). */
export function unplacedErrors(errors: Record<string, string>, placed: Iterable<string>): string[] {
  const shown = new Set(placed);
  return Object.entries(errors)
    .filter(([path]) => !shown.has(path))
    .map(([path, reason]) => (reason.includes(path) ? reason : `${path}: ${reason}`));
}

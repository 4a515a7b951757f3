// Limits every parsed input is held to before any handler sees it (docs/reliability.md
// "Input limits"). PostgreSQL refuses U+0000 in text and jsonb, so a NUL that reached a query
// was a 500 (and lost a whole import or webhook batch); and class-transformer, class-validator
// and JSON.stringify recurse, so a body nested thousands deep overflowed the stack.

/** Objects and arrays nested deeper than this are refused (the body itself is level 1). */
export const MAX_JSON_DEPTH = 64;

export const NUL_REASON = 'must not contain a NUL character (\\u0000)';
export interface InputProblem {
  kind: 'nul' | 'depth';
  /** Where, as validation errors name fields: `steps[0].template.subject`; '' is the whole value. */
  path: string;
  reason: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (IDENTIFIER.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * The first NUL (in a string or an object key) and the first level past MAX_JSON_DEPTH in a
 * parsed JSON value, at most one of each. Iterative, so it is safe at any depth.
 */
export function inputProblems(value: unknown, opts: { root?: string; nul?: boolean; maxDepth?: number } = {}): InputProblem[] {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const checkNul = opts.nul !== false;
  let nul: InputProblem | undefined;
  let deep: InputProblem | undefined;
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: opts.root ?? '', depth: 0 }];
  while (stack.length && !(deep && (nul || !checkNul))) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (checkNul && !nul && v.includes('\u0000')) nul = { kind: 'nul', path, reason: NUL_REASON };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > maxDepth) {
      deep ??= { kind: 'depth', path: shorten(path), reason: `is nested deeper than ${maxDepth} levels of objects and arrays` };
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: joinPath(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      if (checkNul && !nul && key.includes('\u0000')) nul = { kind: 'nul', path: joinPath(path, key), reason: `a key ${NUL_REASON}` };
      stack.push({ v: (v as Record<string, unknown>)[key], path: joinPath(path, key), depth: depth + 1 });
    }
  }
  return [deep, nul].filter((p): p is InputProblem => !!p);
}

/** "path: reason" as validation messages read; the whole value is named by `whole`. */
export function describeProblem(p: InputProblem, whole = 'body'): string {
  return `${p.path || whole}: ${p.reason}`;
}

// a path 64 levels deep says nothing a reader can use past its first levels
function shorten(path: string): string {
  return path.length > 120 ? `${path.slice(0, 120)}…` : path;
}

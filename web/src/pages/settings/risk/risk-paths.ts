// Reading and writing a settings object by the paths the API names fields with
// (`health.weights.frequency`, `absent.bands[2].maxDays`), so an error lands next to its field.

type Key = string | number;

export function parsePath(path: string): Key[] {
  const keys: Key[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      keys.push(part);
      continue;
    }
    if (m[1]) keys.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(idx[1]));
  }
  return keys;
}

export function getPath(obj: unknown, path: string): unknown {
  let node: unknown = obj;
  for (const k of parsePath(path)) node = (node as Record<Key, unknown> | null | undefined)?.[k];
  return node;
}

/** A copy of `obj` with the value at `path` replaced (every container on the way copied). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const keys = parsePath(path);
  const write = (node: unknown, i: number): unknown => {
    if (i === keys.length) return value;
    const k = keys[i];
    const copy: Record<Key, unknown> = Array.isArray(node) ? ([...node] as unknown as Record<Key, unknown>) : { ...(node as Record<Key, unknown>) };
    copy[k] = write((node as Record<Key, unknown>)[k], i + 1);
    return copy;
  };
  return write(obj, 0) as T;
}

/** Every path in `obj`, containers included (`absent`, `absent.bands`, `absent.bands[0]`, ...). */
export function allPaths(obj: unknown, prefix = ''): string[] {
  if (obj === null || typeof obj !== 'object') return prefix ? [prefix] : [];
  const out = prefix ? [prefix] : [];
  if (Array.isArray(obj)) obj.forEach((v, i) => out.push(...allPaths(v, `${prefix}[${i}]`)));
  else for (const [k, v] of Object.entries(obj)) out.push(...allPaths(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

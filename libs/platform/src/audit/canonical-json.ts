/**
 * JSON with object keys sorted at every depth, so equal values always hash alike. Audit hashes
 * and request hashes are kept in the database: the output must never change for any input (the
 * spec pins it). Built by string appends, without intermediate arrays: it runs for every audit
 * row sealed and every channel ticket taken.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  // The default sort compares UTF-16 code units, as `<` does on strings.
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(field)}`;
  }
  return `${out}}`;
}

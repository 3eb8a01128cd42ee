declare module 'pg/lib/utils' {
  /** How node-postgres turns a query parameter into what it sends (text, bytes or NULL) while binding. */
  export function prepareValue(value: unknown): string | Buffer | null;
}

/**
 * In order; a landed migration is never edited, only followed by a new one. Empty for now: the
 * platform's own migrations (outbox, inbox, dead letters, audit log, idempotency) create the
 * schema's infrastructure; the application tables come with the approval-window issue.
 */
export const APPROVAL_WINDOW_MIGRATIONS: Function[] = [];

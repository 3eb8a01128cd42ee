export const APPROVAL_WINDOW_SERVICE_NAME = 'approval-window';
export const APPROVAL_WINDOW_SCHEMA = 'approval_window';

export const GRID_SERVICE_NAME = 'grid';
export const GRID_SCHEMA = 'grid';

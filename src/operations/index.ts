export * from './wordpress-operations-props';
export * from './wordpress-operations';
export * from './wordpress-edge-operations';

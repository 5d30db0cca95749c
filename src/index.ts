export * from './wordpress/scalable-wordpress-on-fargate';
export * from './wordpress/wordpress-image';
export * from './wordpress/wordpress-database';
export * from './wordpress/monthly-peak';
export * from './operations/wordpress-operations';
export * from './operations/wordpress-edge-operations';

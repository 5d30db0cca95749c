export * from './wordpress/scalable-wordpress-on-fargate';
export * from './wordpress/wordpress-image';
export * from './wordpress/wordpress-database';
export * from './wordpress/monthly-peak';
export * from './edge/geo-blocked-cloud-front-waf';
export * from './edge/wordpress-web-acl';
export * from './edge/waf-logging';
export * from './edge/load-balancer-origin-access';

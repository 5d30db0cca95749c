export * from './wordpress';
export * from './operations';
export * as cost from './cost';
export * from './pipeline';
export * from './edge/geo-blocked-cloud-front-waf';
export * from './edge/wordpress-web-acl';
export * from './edge/waf-logging';
export * from './edge/load-balancer-origin-access';
export * from './wordpress-hosting';

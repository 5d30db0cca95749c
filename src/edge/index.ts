export * from './cloud-front-pricing-plan';
export * from './geo-blocked-cloud-front-waf';
export * from './geo-blocked-cloud-front-waf-props';
export * from './load-balancer-origin-access';
export * from './waf-logging';
export * from './wordpress-web-acl';
export * from './wordpress-web-acl-props';

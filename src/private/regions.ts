/** Where CloudFront keeps its certificates and web ACLs, and publishes its (and CLOUDFRONT-scope WAF) metrics. */
export const CLOUDFRONT_REGION = 'us-east-1';

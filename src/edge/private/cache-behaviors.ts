import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { VIEWER_ADDRESS_HEADER } from './bindings';

/** Paths that are never cached: the dashboard, and every PHP script called directly (login, comments, cron, plugins). */
const NEVER_CACHED_PATHS = ['wp-admin/*', '*.php'];
/** Static files: cached long, no cookies. PHP under these paths matches `*.php` first. */
const STATIC_PATHS = ['wp-includes/*', 'wp-content/themes/*', 'wp-content/plugins/*'];
const UPLOADS_PATH = 'wp-content/uploads/*';

/** The distribution's policies for WordPress. */
export interface WordpressPolicies {
  readonly pageCachePolicy: cloudfront.CachePolicy;
  readonly staticCachePolicy: cloudfront.CachePolicy;
  readonly originRequestPolicy: cloudfront.OriginRequestPolicy;
}

/** The cache and origin request policies, created in `scope` (IDs `PageCachePolicy`, `StaticCachePolicy`, `OriginRequestPolicy`). */
export function createWordpressPolicies(scope: Construct, staticFilesTtl: Duration | undefined): WordpressPolicies {
  const pageCachePolicy = new cloudfront.CachePolicy(scope, 'PageCachePolicy', {
    comment: 'WordPress pages: cached only when WordPress sends Cache-Control; every cookie and query string in the key',
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(0),
    maxTtl: Duration.days(1),
    cookieBehavior: cloudfront.CacheCookieBehavior.all(),
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
    headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Host'),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
  const staticCachePolicy = new cloudfront.CachePolicy(scope, 'StaticCachePolicy', {
    comment: 'WordPress static files: cached long, the ?ver= query string in the key, no cookies',
    minTtl: Duration.seconds(0),
    defaultTtl: staticFilesTtl ?? Duration.days(30),
    maxTtl: Duration.days(365),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
    headerBehavior: cloudfront.CacheHeaderBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
  const originRequestPolicy = new cloudfront.OriginRequestPolicy(scope, 'OriginRequestPolicy', {
    comment: 'WordPress: every viewer header, cookie and query string, plus the viewer protocol and address',
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.all('CloudFront-Forwarded-Proto', VIEWER_ADDRESS_HEADER),
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
  });
  return { pageCachePolicy, staticCachePolicy, originRequestPolicy };
}

/** The distribution's behaviours: the default one (pages) and the others in CloudFront's matching order. */
export interface WordpressBehaviors {
  readonly defaultBehavior: cloudfront.BehaviorOptions;
  readonly additionalBehaviors: { [pattern: string]: cloudfront.BehaviorOptions };
}

/**
 * The behaviours of a WordPress distribution: the dashboard and PHP never cached, static files cached long, uploads
 * from `uploadsOrigin` (the media bucket or the site), every other page cached only when WordPress says so.
 */
export function wordpressBehaviors(policies: WordpressPolicies, siteOrigin: cloudfront.IOrigin, uploadsOrigin: cloudfront.IOrigin,
  responseHeadersPolicy: cloudfront.IResponseHeadersPolicy): WordpressBehaviors {
  const common = {
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    compress: true,
    responseHeadersPolicy,
  };
  const dynamic: cloudfront.BehaviorOptions = {
    ...common,
    origin: siteOrigin,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
    cachePolicy: policies.pageCachePolicy,
    originRequestPolicy: policies.originRequestPolicy,
  };
  const neverCached: cloudfront.BehaviorOptions = { ...dynamic, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED };
  const staticFiles = (origin: cloudfront.IOrigin): cloudfront.BehaviorOptions => ({
    ...common,
    origin,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
    cachePolicy: policies.staticCachePolicy,
  });
  // CloudFront takes the first behaviour whose pattern matches, in this order.
  const additionalBehaviors: { [pattern: string]: cloudfront.BehaviorOptions } = {};
  additionalBehaviors[NEVER_CACHED_PATHS[0]] = neverCached;
  // Uploads before *.php: a PHP file in uploads is never run through the PHP behaviour (and the web ACL blocks it).
  additionalBehaviors[UPLOADS_PATH] = staticFiles(uploadsOrigin);
  additionalBehaviors[NEVER_CACHED_PATHS[1]] = neverCached;
  for (const path of STATIC_PATHS) {
    additionalBehaviors[path] = staticFiles(siteOrigin);
  }
  return { defaultBehavior: dynamic, additionalBehaviors };
}

import { Duration } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { WafLogging } from './waf-logging';

/** What an AWS managed rule group in the web ACL does. */
export enum ManagedRuleGroupMode {
  /** The group's rules take their own actions (most block). */
  ENFORCE = 'ENFORCE',
  /** Every rule of the group only counts (and labels) the requests it matches: to try a group out. */
  COUNT = 'COUNT',
  /** The group is not in the web ACL. */
  OFF = 'OFF',
}

/** The AWS managed rule groups of the web ACL, each on, counting or off. */
export interface WordpressManagedRules {
  /**
   * `AWSManagedRulesAmazonIpReputationList`: addresses Amazon threat intelligence knows as bots,
   * scanners and attackers (25 WCUs).
   *
   * @default ManagedRuleGroupMode.ENFORCE
   */
  readonly ipReputation?: ManagedRuleGroupMode;

  /**
   * `AWSManagedRulesCommonRuleSet`: the OWASP-style core rule set (700 WCUs). Its body rules listed in
   * `editorBodyRules` only count on `editorPaths` (uploads and post bodies) and block everywhere else.
   *
   * @default ManagedRuleGroupMode.ENFORCE
   */
  readonly commonRuleSet?: ManagedRuleGroupMode;

  /**
   * `AWSManagedRulesKnownBadInputsRuleSet`: request patterns of known exploits, e.g. Log4j (200 WCUs).
   *
   * @default ManagedRuleGroupMode.ENFORCE
   */
  readonly knownBadInputs?: ManagedRuleGroupMode;

  /**
   * `AWSManagedRulesSQLiRuleSet`: SQL injection (200 WCUs).
   *
   * @default ManagedRuleGroupMode.ENFORCE
   */
  readonly sqlDatabase?: ManagedRuleGroupMode;

  /**
   * `AWSManagedRulesPHPRuleSet`: PHP-specific injection (100 WCUs).
   *
   * @default ManagedRuleGroupMode.ENFORCE
   */
  readonly phpApplication?: ManagedRuleGroupMode;

  /**
   * `AWSManagedRulesWordPressRuleSet`: WordPress-specific exploits (100 WCUs). Its path rule also
   * blocks `/xmlrpc.php`; with `blockXmlrpc: false` the group skips that path.
   *
   * @default ManagedRuleGroupMode.ENFORCE
   */
  readonly wordpressApplication?: ManagedRuleGroupMode;
}

/** Properties of `WordpressWebAcl`. */
export interface WordpressWebAclProps {
  /**
   * Name of the web ACL (letters, digits, `-` and `_`, up to 128). It is also the `WebACL` dimension of
   * the web ACL's CloudWatch metrics.
   *
   * @default - a name derived from the construct path
   */
  readonly webAclName?: string;

  /**
   * The AWS managed rule groups and what each does.
   *
   * @default - all six groups enforced
   */
  readonly managedRules?: WordpressManagedRules;

  /**
   * Core rule set rules that WordPress editors trip with legitimate requests: they only count (and
   * label) requests on `editorPaths` and block everywhere else. One of `SizeRestrictions_BODY`
   * (bodies over 8 KB: media uploads, long posts), `CrossSiteScripting_BODY` (HTML and embeds in
   * posts), `GenericRFI_BODY`, `GenericLFI_BODY`, `EC2MetaDataSSRF_BODY`.
   *
   * @default ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY']
   */
  readonly editorBodyRules?: string[];

  /**
   * Path prefixes where the `editorBodyRules` only count: where WordPress takes uploads and post
   * bodies (the dashboard, `async-upload.php`, and the REST API the block editor saves through).
   *
   * @default ['/wp-admin/', '/wp-json/']
   */
  readonly editorPaths?: string[];

  /**
   * Requests one client IP may send in `rateLimitWindow` before it is blocked for the rest of the
   * window (10 to 2,000,000,000). Every request counts, static files too: a page view is often
   * dozens of requests.
   *
   * @default 2000
   */
  readonly rateLimit?: number;

  /**
   * The window the rate limit is counted over: 1, 2, 5 or 10 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;

  /**
   * Block requests from these countries (ISO 3166-1 alpha-2 codes, e.g. `['CN']`) with a WAF geo
   * match rule. Cannot be combined with `allowedCountries`.
   *
   * @default - no country is blocked
   */
  readonly blockedCountries?: string[];

  /**
   * Allow requests only from these countries (ISO 3166-1 alpha-2 codes, e.g. `['KR', 'JP']`); block
   * every other. Cannot be combined with `blockedCountries`.
   *
   * @default - every country is allowed
   */
  readonly allowedCountries?: string[];

  /**
   * Block `/xmlrpc.php`, WordPress's XML-RPC endpoint, a favourite of password-guessing and
   * pingback-amplification attacks. Turn off for pingbacks, Jetpack or the WordPress mobile apps.
   *
   * @default true
   */
  readonly blockXmlrpc?: boolean;

  /**
   * Block requests for PHP files under `/wp-content/uploads/`: uploads are never code, and an
   * uploaded script is the usual way a compromised plugin turns into a web shell.
   *
   * @default true
   */
  readonly blockPhpInUploads?: boolean;

  /**
   * IPv4 and IPv6 CIDRs (or single addresses) that may reach the dashboard (`/wp-admin/`) and the
   * login page (`/wp-login.php`); every other address gets 403 there. `publicAdminPaths` stay open.
   * Note that `wp-login.php` also serves password-protected posts' password form, password resets
   * and registration: with an allow-list, those work only from the listed addresses.
   *
   * @default - the dashboard and login page are reachable from anywhere
   */
  readonly adminAllowList?: string[];

  /**
   * Paths under `/wp-admin/` that the public site calls, which stay reachable from anywhere when
   * `adminAllowList` is set: `admin-ajax.php` (themes and plugins call it from public pages) and
   * `admin-post.php` (public form submissions).
   *
   * @default ['/wp-admin/admin-ajax.php', '/wp-admin/admin-post.php']
   */
  readonly publicAdminPaths?: string[];

  /**
   * Where requests are logged.
   *
   * @default WafLogging.cloudWatchLogs() - a new log group kept a month
   */
  readonly logging?: WafLogging;

  /**
   * Rules of your own, added to the web ACL as given, each with the web ACL capacity units (WCUs) it
   * needs (the console's rule editor or the WAF `CheckCapacity` API tells them). Their units count in
   * `capacityUnits`: above 1,500 the synthesis warns (AWS WAF charges per further 500 WCUs), above
   * 5,000 it fails. Add rules here rather than by editing `webAcl.rules`, which nothing counts.
   *
   * @default - none
   */
  readonly additionalRules?: WordpressWebAclRule[];

  /**
   * A request header that exempts the requests carrying a secret token from the per-IP rate limit, and from nothing
   * else (geo-blocking, the allow-list and the managed rule groups still apply): what lets a load test such as
   * `PeakRehearsal` send a peak's rate from a few NAT addresses. The token is generated by Secrets Manager when the
   * stack deploys and never appears in a template; the header is redacted from the web ACL's logs.
   *
   * @default - no exemption: the rate limit counts every request
   */
  readonly rateLimitExemption?: RateLimitExemptionOptions;
}

/** The header and token secret that exempt a load test from a `WordpressWebAcl`'s per-IP rate limit. */
export interface RateLimitExemptionOptions {
  /**
   * Name of the request header (lower case).
   *
   * @default 'x-peak-rehearsal'
   */
  readonly headerName?: string;

  /**
   * Regions the token secret is replicated to: where the load generator runs (the site's region), as its task reads
   * the secret in its own region.
   *
   * @default - none (the token stays in us-east-1)
   */
  readonly replicaRegions?: string[];
}

/** A rule of your own in a `WordpressWebAcl`. */
export interface WordpressWebAclRule {
  /** The rule, as CloudFormation takes it (a name and a priority unique in the web ACL, a statement, an action, a visibility config). */
  readonly rule: wafv2.CfnWebACL.RuleProperty;

  /** Web ACL capacity units the rule needs (1 to 5,000), e.g. from the WAF `CheckCapacity` API. */
  readonly capacityUnits: number;
}

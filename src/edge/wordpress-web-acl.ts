import { Annotations, ArnFormat, Aspects, Duration, IAspect, IResolvable, Names, RemovalPolicy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { parseCidr, ParsedCidr } from '../private/cidr';
import { isCountryCode } from './private/country-codes';
import {
  and, COMMON_RULE_SET_BODY_LABELS, CostedStatement, geoMatch, INCLUDED_WCU, ipSet, labelMatch, MANAGED_GROUPS, MAX_WCU, not, or, pathMatch,
} from './private/waf-statements';
import { WafLogDestinationType, WafLogging } from './waf-logging';
import { acknowledge } from '../private/acknowledge';
import { checkInteger, isUnresolved, propError, ValidationError } from '../private/validation';

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
}

/** A rule of your own in a `WordpressWebAcl`. */
export interface WordpressWebAclRule {
  /** The rule, as CloudFormation takes it (a name and a priority unique in the web ACL, a statement, an action, a visibility config). */
  readonly rule: wafv2.CfnWebACL.RuleProperty;

  /** Web ACL capacity units the rule needs (1 to 5,000), e.g. from the WAF `CheckCapacity` API. */
  readonly capacityUnits: number;
}

const DEFAULT_EDITOR_BODY_RULES = ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY'];
const DEFAULT_EDITOR_PATHS = ['/wp-admin/', '/wp-json/'];
const DEFAULT_PUBLIC_ADMIN_PATHS = ['/wp-admin/admin-ajax.php', '/wp-admin/admin-post.php'];
const RATE_WINDOWS_SECONDS = [60, 120, 300, 600];
const WAF_LOG_PREFIX = 'aws-waf-logs-';
/**
 * The log destinations need fixed names (WAF requires the `aws-waf-logs-` prefix), so a retained one would
 * make the retry of a failed first deployment fail with "already exists". CloudFormation's
 * `RetainExceptOnCreate` deletes them when the stack's creation rolls back and keeps them on every later
 * removal (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
 */
const RETAIN_EXCEPT_ON_CREATE = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

/**
 * A WAFv2 web ACL for CloudFront, tuned for WordPress. It must live in a stack in us-east-1 (where
 * CloudFront-scope web ACLs exist); a distribution in any region uses it through
 * `GeoBlockedCloudFrontWaf`.
 *
 * Creates an `AWS::WAFv2::WebACL` (scope CLOUDFRONT, default action allow, CloudWatch metrics and
 * sampled requests on for the ACL and every rule) with, in evaluation order: the Amazon IP reputation
 * list; an optional geo match rule (`blockedCountries` / `allowedCountries`); an optional admin
 * allow-list (IPv4 and IPv6 `AWS::WAFv2::IPSet`s) for `/wp-admin/` and `/wp-login.php`; blocks of
 * `/xmlrpc.php` and of PHP under `/wp-content/uploads/`; a per-IP rate limit; the Core rule set (with
 * its upload and post-body rules only counting on the editor's paths), Known bad inputs, SQL
 * database, PHP application and WordPress application managed groups. Requests are logged to a
 * CloudWatch Logs log group or an S3 bucket (`aws-waf-logs-*`), with cookies and the Authorization
 * header redacted.
 */
export class WordpressWebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** ARN of the web ACL, what a distribution's `webAclId` takes. */
  public readonly webAclArn: string;
  /**
   * Name of the web ACL, which is also the `WebACL` dimension of its CloudWatch metrics (what alarms
   * on `AWS/WAFV2` metrics, e.g. `WordpressEdgeOperations`' `webAclName`, take).
   */
  public readonly webAclName: string;
  /** The IPv4 addresses of `adminAllowList`, if any. */
  public readonly adminIpSetV4?: wafv2.CfnIPSet;
  /** The IPv6 addresses of `adminAllowList`, if any. */
  public readonly adminIpSetV6?: wafv2.CfnIPSet;
  /** The log group the requests are logged to, with CloudWatch Logs logging. */
  public readonly logGroup?: logs.ILogGroup;
  /** The bucket the requests are logged to, with S3 logging. */
  public readonly logBucket?: s3.IBucket;
  /** The logging configuration of the web ACL. */
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;
  /** Countries the geo match rule blocks (empty when none). */
  public readonly blockedCountries: string[];
  /** Countries the geo match rule allows exclusively (empty when there is no such rule). */
  public readonly allowedCountries: string[];
  /** Metric names of the web ACL's rules, in priority order (the `Rule` dimension of their CloudWatch metrics). */
  public readonly ruleMetricNames: string[];
  /**
   * Estimated web ACL capacity units (WCUs) of all rules: the managed groups at their documented
   * capacity (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html),
   * the library's own rules from the documented cost of each statement and text transformation, and
   * the declared units of `additionalRules`. AWS may count a little less (it counts a text
   * transformation shared by several statements once). Above 1,500 AWS WAF charges extra per million
   * requests (give this number to `CostEstimate`'s `edge.webAclCapacityUnits`); the defaults use 1,437.
   */
  public readonly capacityUnits: number;

  constructor(scope: Construct, id: string, props: WordpressWebAclProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.validateRegion(stack);
    this.validateProps(props);

    this.blockedCountries = props.blockedCountries ?? [];
    this.allowedCountries = props.allowedCountries ?? [];
    const modes = props.managedRules ?? {};
    const blockXmlrpc = props.blockXmlrpc ?? true;
    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    // Capacity units by the prop that brought them, to name the culprit when the total is too high.
    const wcuByProp = new Map<string, number>();
    const count = (prop: string, units: number) => wcuByProp.set(prop, (wcuByProp.get(prop) ?? 0) + units);
    const addRule = (name: string, priority: number, costed: CostedStatement, action: 'block' | 'count', prop: string) => {
      rules.push({ name, priority, action: { [action]: {} }, statement: costed.statement, visibilityConfig: visibility(name) });
      count(prop, costed.wcu);
    };
    type GroupOptions = Partial<wafv2.CfnWebACL.ManagedRuleGroupStatementProperty>;
    const addManagedGroup = (key: keyof WordpressManagedRules, priority: number, options: GroupOptions = {}, scopeDown?: CostedStatement) => {
      const mode = modes[key] ?? ManagedRuleGroupMode.ENFORCE;
      const group = MANAGED_GROUPS[key];
      if (mode === ManagedRuleGroupMode.OFF) {
        return;
      }
      rules.push({
        name: group.ruleName,
        priority,
        overrideAction: mode === ManagedRuleGroupMode.COUNT ? { count: {} } : { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: group.groupName,
            ...options,
            scopeDownStatement: scopeDown?.statement,
          },
        },
        visibilityConfig: visibility(group.ruleName),
      });
      count(`managedRules.${key}`, group.wcu);
      count('blockXmlrpc', scopeDown?.wcu ?? 0);
    };

    // 0: known bad addresses first: the cheapest rule stops the most noise.
    addManagedGroup('ipReputation', 0);

    // 10: geo-blocking.
    if (this.blockedCountries.length > 0) {
      addRule('GeoBlock', 10, geoMatch(this.blockedCountries), 'block', 'blockedCountries');
    } else if (this.allowedCountries.length > 0) {
      addRule('GeoBlock', 10, not(geoMatch(this.allowedCountries)), 'block', 'allowedCountries');
    }

    // 20: the dashboard and login page only from the allow-list.
    if (props.adminAllowList !== undefined) {
      const entries = props.adminAllowList.map((cidr) => parseCidr(cidr)!);
      const v4 = entries.filter((e) => e.version === 'IPV4');
      const v6 = entries.filter((e) => e.version === 'IPV6');
      const ipSets: CostedStatement[] = [];
      if (v4.length > 0) {
        this.adminIpSetV4 = this.ipSet('AdminIpSetV4', 'IPV4', v4);
        ipSets.push(ipSet(this.adminIpSetV4.attrArn));
      }
      if (v6.length > 0) {
        this.adminIpSetV6 = this.ipSet('AdminIpSetV6', 'IPV6', v6);
        ipSets.push(ipSet(this.adminIpSetV6.attrArn));
      }
      const adminPaths = or(pathMatch('/wp-admin', 'STARTS_WITH'), pathMatch('/wp-login.php', 'STARTS_WITH'));
      // The public exceptions compare the raw path exactly: a path that only decodes to one is not exempt.
      const publicPaths = (props.publicAdminPaths ?? DEFAULT_PUBLIC_ADMIN_PATHS).map((p) => pathMatch(p, 'EXACTLY', []));
      const statement = publicPaths.length > 0
        ? and(adminPaths, not(or(...ipSets)), not(or(...publicPaths)))
        : and(adminPaths, not(or(...ipSets)));
      const publicPathsWcu = publicPaths.reduce((total, p) => total + p.wcu, 0);
      addRule('AdminAllowList', 20, { statement: statement.statement, wcu: statement.wcu - publicPathsWcu }, 'block', 'adminAllowList');
      count('publicAdminPaths', publicPathsWcu);
    }

    // 30, 40: paths WordPress sites never need open.
    if (blockXmlrpc) {
      addRule('BlockXmlrpc', 30, pathMatch('/xmlrpc.php', 'STARTS_WITH'), 'block', 'blockXmlrpc');
    }
    if (props.blockPhpInUploads ?? true) {
      addRule('BlockPhpInUploads', 40,
        and(pathMatch('/wp-content/uploads/', 'STARTS_WITH'), pathMatch('.php', 'CONTAINS', ['URL_DECODE'])), 'block', 'blockPhpInUploads');
    }

    // 50: one client, too many requests.
    const rateLimit = props.rateLimit ?? 2000;
    const windowSeconds = (props.rateLimitWindow ?? Duration.minutes(5)).toSeconds();
    rules.push({
      name: 'RateLimitPerIp',
      priority: 50,
      action: { block: {} },
      statement: { rateBasedStatement: { limit: rateLimit, evaluationWindowSec: windowSeconds, aggregateKeyType: 'IP' } },
      visibilityConfig: visibility('RateLimitPerIp'),
    });
    count('rateLimit', 2);

    // 60, 61: the core rule set; its editor-hostile body rules count, then block outside the editor's paths.
    const commonMode = modes.commonRuleSet ?? ManagedRuleGroupMode.ENFORCE;
    const bodyRules = props.editorBodyRules ?? DEFAULT_EDITOR_BODY_RULES;
    addManagedGroup('commonRuleSet', 60, bodyRules.length > 0
      ? { ruleActionOverrides: bodyRules.map((name) => ({ name, actionToUse: { count: {} } })) }
      : {});
    if (commonMode !== ManagedRuleGroupMode.OFF && bodyRules.length > 0) {
      const labels = or(...bodyRules.map((rule) => labelMatch(COMMON_RULE_SET_BODY_LABELS[rule])));
      const editorPaths = or(...(props.editorPaths ?? DEFAULT_EDITOR_PATHS).map((p) => pathMatch(p, 'STARTS_WITH')));
      addRule('CommonRuleSetBodyOutsideEditor', 61, { statement: and(labels, not(editorPaths)).statement, wcu: labels.wcu },
        commonMode === ManagedRuleGroupMode.COUNT ? 'count' : 'block', 'editorBodyRules');
      count('editorPaths', editorPaths.wcu);
    }

    // 70 to 100: the other managed groups.
    addManagedGroup('knownBadInputs', 70);
    addManagedGroup('sqlDatabase', 80);
    addManagedGroup('phpApplication', 90);
    // The WordPress group blocks /xmlrpc.php itself; when XML-RPC is wanted, the group skips that path.
    addManagedGroup('wordpressApplication', 100, {}, blockXmlrpc ? undefined : not(pathMatch('/xmlrpc.php', 'STARTS_WITH')));

    // Rules of your own, with the capacity units you declare for them.
    const ownRules = rules.length;
    (props.additionalRules ?? []).forEach((extra, i) => {
      rules.push(extra.rule);
      count(`additionalRules[${i}]`, extra.capacityUnits);
    });
    this.validateAdditionalRules(rules, ownRules);
    rules.sort((x, y) => x.priority - y.priority);

    const wcu = [...wcuByProp.values()].reduce((total, units) => total + units, 0);
    this.capacityUnits = wcu;
    this.checkCapacity(props, wcuByProp);

    this.webAclName = props.webAclName ?? Names.uniqueResourceName(this, { maxLength: 128 });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      description: 'WordPress behind CloudFront, cdk-fargate-wordpress',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.webAclName),
      rules,
    });
    this.webAclArn = this.webAcl.attrArn;
    this.ruleMetricNames = rules.map((rule) => (rule.visibilityConfig as wafv2.CfnWebACL.VisibilityConfigProperty).metricName);
    Aspects.of(this).add(new UncountedRulesCheck(this, rules.map((rule) => rule.name)));

    // ------------------------------------------------------------------ logging
    const logging = props.logging ?? WafLogging.cloudWatchLogs();
    let destinationArn: string;
    if (logging.destinationType === WafLogDestinationType.S3) {
      const options = logging.s3Options ?? {};
      this.logBucket = options.bucket
        ?? this.createLogBucket(options.expiration ?? Duration.days(90), options.removalPolicy ?? RETAIN_EXCEPT_ON_CREATE);
      destinationArn = this.logBucket.bucketArn;
    } else {
      const options = logging.cloudWatchLogsOptions ?? {};
      const logGroupName = options.logGroupName ?? `${WAF_LOG_PREFIX}${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
      this.logGroup = new logs.LogGroup(this, 'LogGroup', {
        logGroupName,
        retention: options.retention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: options.removalPolicy ?? RETAIN_EXCEPT_ON_CREATE,
      });
      // WAF takes the log group ARN without the ":*" suffix that LogGroup.logGroupArn has.
      destinationArn = stack.formatArn({
        service: 'logs', resource: 'log-group', resourceName: this.logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    }
    this.loggingConfiguration = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      logDestinationConfigs: [destinationArn],
      redactedFields: [{ singleHeader: { Name: 'cookie' } }, { singleHeader: { Name: 'authorization' } }],
    });
    if (this.logBucket) {
      this.loggingConfiguration.node.addDependency(this.logBucket);
    }
  }

  /**
   * Fails above AWS WAF's 5,000 WCUs per web ACL, naming the prop (among those given) that brings the most
   * units; warns above the 1,500 WCUs the base price includes, naming the total. Limits: AWS WAF quotas
   * (https://docs.aws.amazon.com/waf/latest/developerguide/limits.html, a fixed quota) and
   * https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html; price:
   * https://aws.amazon.com/waf/pricing/.
   */
  private checkCapacity(props: WordpressWebAclProps, wcuByProp: Map<string, number>): void {
    const wcu = this.capacityUnits;
    if (wcu > MAX_WCU) {
      const valueOf = (prop: string): unknown => {
        const extra = /^additionalRules\[(\d+)\]$/.exec(prop);
        if (extra) {
          return props.additionalRules![Number(extra[1])].rule.name;
        }
        if (prop.startsWith('managedRules.')) {
          return props.managedRules?.[prop.slice('managedRules.'.length) as keyof WordpressManagedRules];
        }
        return (props as { [key: string]: unknown })[prop];
      };
      const [prop, units] = [...wcuByProp.entries()]
        .filter(([name, n]) => n > 0 && valueOf(name) !== undefined)
        .sort((a, b) => b[1] - a[1])[0] ?? ['capacityUnits', wcu];
      const value = valueOf(prop);
      const shown = Array.isArray(value) && value.length > 5 ? `[${value.slice(0, 3).join(', ')}, ... (${value.length} entries)]` : value ?? wcu;
      throw propError(this, prop, shown, `The web ACL's rules would need about ${wcu} web ACL capacity units (WCUs), ${units} of them `
        + `for ${prop}; AWS WAF allows at most ${MAX_WCU} per web ACL. Turn off managed groups (managedRules), shorten editorPaths or `
        + 'publicAdminPaths, or move rules to another web ACL.');
    }
    if (wcu > INCLUDED_WCU) {
      const blocks = Math.ceil((wcu - INCLUDED_WCU) / 500);
      Annotations.of(this).addWarningV2('cdk-fargate-wordpress:waf-capacity',
        `The web ACL's rules need about ${wcu} web ACL capacity units (WCUs), above the ${INCLUDED_WCU} AWS WAF's base price includes: `
        + `each further 500 (here ${blocks}) adds a charge per million requests. Price it with CostEstimate's `
        + `edge.webAclCapacityUnits: ${wcu}.`);
    }
  }

  /** Rule names and priorities must be unique in a web ACL: the additional rules (from `ownRules` on) must not clash. */
  private validateAdditionalRules(rules: wafv2.CfnWebACL.RuleProperty[], ownRules: number): void {
    for (let i = ownRules; i < rules.length; i++) {
      const rule = rules[i];
      const clash = rules.find((other, j) => j !== i && (other.name === rule.name
        || (!isUnresolved(rule.priority) && other.priority === rule.priority)));
      if (clash) {
        throw propError(this, `additionalRules[${i - ownRules}].rule`, `${rule.name} (priority ${rule.priority})`,
          `It clashes with rule ${clash.name} (priority ${clash.priority}): every rule of a web ACL needs its own name and priority. `
          + 'The library\'s rules use priorities 0, 10, 20, 30, 40, 50, 60, 61, 70, 80, 90 and 100.');
      }
    }
  }

  /** True when the web ACL has a geo match rule. */
  public get geoBlocking(): boolean {
    return this.blockedCountries.length > 0 || this.allowedCountries.length > 0;
  }

  private ipSet(id: string, version: 'IPV4' | 'IPV6', entries: ParsedCidr[]): wafv2.CfnIPSet {
    return new wafv2.CfnIPSet(this, id, {
      scope: 'CLOUDFRONT',
      ipAddressVersion: version,
      addresses: entries.map((e) => e.cidr),
      description: `WordPress dashboard allow-list, ${version === 'IPV4' ? 'IPv4' : 'IPv6'}`,
    });
  }

  private createLogBucket(expiration: Duration, removalPolicy: RemovalPolicy): s3.Bucket {
    const stack = Stack.of(this);
    const suffix = Names.uniqueResourceName(this, { maxLength: 63 - WAF_LOG_PREFIX.length - 13, separator: '-' }).toLowerCase();
    const bucket = new s3.Bucket(this, 'LogBucket', {
      bucketName: `${WAF_LOG_PREFIX}${stack.account}-${suffix}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration }],
      removalPolicy,
    });
    // The log delivery service writes WAF logs; declared here so that WAF does not edit the policy behind CloudFormation's back.
    const condition = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
    };
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
      conditions: { ...condition, StringEquals: { ...condition.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['s3:GetBucketAcl'],
      resources: [bucket.bucketArn],
      conditions: condition,
    }));
    acknowledge(bucket, 'AwsSolutions-S1',
      'This bucket is itself the destination of the web ACL\'s request logs; logging access to it would need another bucket for no gain.');
    return bucket;
  }

  private validateRegion(stack: Stack): void {
    if (Token.isUnresolved(stack.region)) {
      Annotations.of(this).addWarningV2('cdk-fargate-wordpress:web-acl-region-unknown',
        'The stack has no explicit region: a CloudFront web ACL can only be created in us-east-1, and deploying it elsewhere fails '
        + 'with "The scope is not valid". Give the stack env.region us-east-1.');
    } else if (stack.region !== 'us-east-1') {
      throw new ValidationError(this, `WordpressWebAcl is in a stack in ${stack.region}, but a CloudFront web ACL (scope CLOUDFRONT) `
        + 'can only be created in us-east-1. Put it in a stack with env.region us-east-1 and pass it to GeoBlockedCloudFrontWaf in the '
        + 'site\'s stack (see the README, "Any region").');
    }
  }

  private validateProps(props: WordpressWebAclProps): void {
    if (props.webAclName !== undefined && !isUnresolved(props.webAclName) && !/^[\w-]{1,128}$/.test(props.webAclName)) {
      throw propError(this, 'webAclName', props.webAclName, 'Allowed: 1 to 128 letters, digits, "-" and "_".');
    }
    checkInteger(this, 'rateLimit', props.rateLimit, 10, 2_000_000_000);
    (props.additionalRules ?? []).forEach((extra, i) => checkInteger(this, `additionalRules[${i}].capacityUnits`, extra.capacityUnits, 1, MAX_WCU));
    if (props.rateLimitWindow !== undefined && !props.rateLimitWindow.isUnresolved()
      && !RATE_WINDOWS_SECONDS.includes(props.rateLimitWindow.toSeconds({ integral: false }))) {
      throw propError(this, 'rateLimitWindow', props.rateLimitWindow, 'Allowed: 1, 2, 5 or 10 minutes.');
    }
    if (props.blockedCountries !== undefined && props.allowedCountries !== undefined) {
      throw new ValidationError(this, 'blockedCountries and allowedCountries cannot both be set; block a list or allow a list.');
    }
    for (const prop of ['blockedCountries', 'allowedCountries'] as const) {
      const codes = props[prop];
      if (codes === undefined) {
        continue;
      }
      if (codes.length === 0) {
        throw propError(this, prop, codes, 'Give at least one ISO 3166-1 alpha-2 country code such as "CN", or leave it unset.');
      }
      codes.forEach((code, i) => {
        if (!isUnresolved(code) && !isCountryCode(code)) {
          throw propError(this, `${prop}[${i}]`, code, 'Allowed: an ISO 3166-1 alpha-2 country code in upper case, such as "CN" or "KR".');
        }
      });
      if (new Set(codes).size !== codes.length) {
        throw propError(this, prop, codes, 'Each country may appear only once.');
      }
    }
    if (props.adminAllowList !== undefined) {
      if (props.adminAllowList.length === 0) {
        throw propError(this, 'adminAllowList', props.adminAllowList,
          'An empty allow-list locks everybody out of the dashboard; give at least one CIDR, or leave it unset.');
      }
      props.adminAllowList.forEach((cidr, i) => {
        if (parseCidr(cidr) === undefined) {
          throw propError(this, `adminAllowList[${i}]`, cidr, 'Allowed: an IPv4 or IPv6 CIDR with no host bits set below the prefix '
            + '(e.g. "203.0.113.0/24", "2001:db8::/32"), or a single address; not /0.');
        }
      });
    }
    const pathLists = { editorPaths: props.editorPaths, publicAdminPaths: props.publicAdminPaths };
    for (const [prop, paths] of Object.entries(pathLists)) {
      (paths ?? []).forEach((path, i) => {
        if (!/^\/[A-Za-z0-9._~\/-]{0,200}$/.test(path)) {
          throw propError(this, `${prop}[${i}]`, path, 'Allowed: a URL path starting with "/" (letters, digits, "." "_" "~" "/" "-").');
        }
      });
    }
    if (props.editorPaths !== undefined && props.editorPaths.length === 0 && (props.editorBodyRules ?? DEFAULT_EDITOR_BODY_RULES).length > 0) {
      throw propError(this, 'editorPaths', props.editorPaths, 'Give at least one path, or set editorBodyRules to [] to enforce those rules everywhere.');
    }
    (props.editorBodyRules ?? []).forEach((rule, i) => {
      if (!(rule in COMMON_RULE_SET_BODY_LABELS)) {
        throw propError(this, `editorBodyRules[${i}]`, rule, `Allowed: ${Object.keys(COMMON_RULE_SET_BODY_LABELS).join(', ')}.`);
      }
    });
  }
}

/**
 * Warns at synthesis when rules were added to the web ACL behind the construct's back (`webAcl.rules`
 * edited after construction): their capacity units are in no estimate, and may push the web ACL past the
 * 1,500 WCUs of the base price.
 */
class UncountedRulesCheck implements IAspect {
  constructor(private readonly acl: WordpressWebAcl, private readonly counted: string[]) {}

  public visit(node: IConstruct): void {
    const rules = this.acl.webAcl.rules;
    if (node !== this.acl.webAcl || !Array.isArray(rules)) {
      return;
    }
    const uncounted = (rules as Array<wafv2.CfnWebACL.RuleProperty | IResolvable>)
      .map((rule) => (Tokenization.isResolvable(rule) ? '(a token)' : rule.name))
      .filter((name) => !this.counted.includes(name));
    if (uncounted.length > 0) {
      Annotations.of(this.acl).addWarningV2('cdk-fargate-wordpress:waf-capacity-uncounted',
        `Rules were added to webAcl.rules after WordpressWebAcl counted ${this.acl.capacityUnits} capacity units: ${uncounted.join(', ')}. `
        + 'Their units are in no estimate and may take the web ACL past the 1,500 WCUs of the base price; give them to additionalRules '
        + 'with their capacityUnits instead.');
    }
  }
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

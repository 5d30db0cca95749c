import { Aspects, Names } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { notExempt, rateLimitExemption, replicaArn, RateLimitExemption } from './private/rate-limit-exemption';
import { checkCapacity, UncountedRulesCheck, validateAdditionalRules, validateWebAclProps, validateWebAclRegion } from './private/web-acl-checks';
import { buildWebAclRules, visibility } from './private/web-acl-rules';
import { WafLogging } from './waf-logging';
import { WordpressWebAclProps } from './wordpress-web-acl-props';
import { propError } from '../private/validation';

/**
 * A WAFv2 web ACL for CloudFront tuned for WordPress, created in a stack in us-east-1 (the only region of
 * CloudFront-scope web ACLs) and used by a `GeoBlockedCloudFrontWaf` in any region.
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
   * transformation shared by several statements once). Above 1,500 AWS WAF bills more per request
   * (give this number to `CostEstimate`'s `edge.webAclCapacityUnits`); the defaults use 1,437.
   */
  public readonly capacityUnits: number;
  /** The secret whose value exempts a request from the rate limit, with `rateLimitExemption`. */
  public readonly rateLimitExemptionToken?: secretsmanager.Secret;
  /** The header that carries the token, with `rateLimitExemption`. */
  public readonly rateLimitExemptionHeaderName?: string;

  private readonly exemption?: RateLimitExemption;
  private readonly exemptionRegions: string[];

  constructor(scope: Construct, id: string, props: WordpressWebAclProps = {}) {
    super(scope, id);
    validateWebAclRegion(this);
    validateWebAclProps(this, props);

    this.blockedCountries = props.blockedCountries ?? [];
    this.allowedCountries = props.allowedCountries ?? [];
    this.exemption = props.rateLimitExemption ? rateLimitExemption(this, props.rateLimitExemption) : undefined;
    this.exemptionRegions = props.rateLimitExemption?.replicaRegions ?? [];
    this.rateLimitExemptionToken = this.exemption?.secret;
    this.rateLimitExemptionHeaderName = this.exemption?.headerName;
    const { rules, wcuByProp, adminIpSetV4, adminIpSetV6 } = buildWebAclRules(this, props,
      (all, ownRules) => validateAdditionalRules(this, all, ownRules), this.exemption && notExempt(this.exemption));
    this.adminIpSetV4 = adminIpSetV4;
    this.adminIpSetV6 = adminIpSetV6;
    this.capacityUnits = [...wcuByProp.values()].reduce((total, units) => total + units, 0);
    checkCapacity(this, props, this.capacityUnits, wcuByProp);

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
    const logging = (props.logging ?? WafLogging.cloudWatchLogs())._bind(this);
    this.logGroup = logging.logGroup;
    this.logBucket = logging.logBucket;
    this.loggingConfiguration = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      logDestinationConfigs: [logging.destinationArn],
      redactedFields: [{ singleHeader: { Name: 'cookie' } }, { singleHeader: { Name: 'authorization' } },
        ...(this.exemption ? [{ singleHeader: { Name: this.exemption.headerName } }] : [])],
    });
    if (this.logBucket) {
      this.loggingConfiguration.node.addDependency(this.logBucket);
    }
  }

  /**
   * ARN of the rate-limit exemption token's replica in `region` (one of `rateLimitExemption.replicaRegions`), as a value
   * of this stack (e.g. for a `CfnOutput` that the site's stack reads with `Fn::GetStackOutput`).
   */
  public rateLimitExemptionTokenArnIn(region: string): string {
    if (!this.exemption || !(this.exemptionRegions.includes(region))) {
      throw propError(this, 'rateLimitExemption.replicaRegions', this.exemptionRegions,
        `The token has no replica in ${region}: add the region to rateLimitExemption.replicaRegions.`);
    }
    return replicaArn(this.exemption, region);
  }

  /** True when the web ACL has a geo match rule. */
  public get geoBlocking(): boolean {
    return this.blockedCountries.length > 0 || this.allowedCountries.length > 0;
  }
}

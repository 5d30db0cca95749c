import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ACCOUNT, EDGE_REGION, nagFindings, newStack, onlyResource } from '../fixtures';
import { ManagedRuleGroupMode, WafLogging, WordpressWebAcl, WordpressWebAclProps } from 'cdk-fargate-wordpress';

/** GIVEN a us-east-1 stack WHEN a web ACL is added with these props. */
function webAcl(props: WordpressWebAclProps = {}): { acl: WordpressWebAcl; template: Template; stack: Stack } {
  const stack = newStack('Edge', EDGE_REGION);
  const acl = new WordpressWebAcl(stack, 'WebAcl', props);
  return { acl, template: Template.fromStack(stack), stack };
}

function rules(template: Template): any[] {
  return onlyResource(template, 'AWS::WAFv2::WebACL').Rules;
}

function rule(template: Template, name: string): any {
  const found = rules(template).find((r) => r.Name === name);
  expect(found).toBeDefined();
  return found;
}

const DECODED = [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'NORMALIZE_PATH' }];
function path(search: string, constraint: string, transformations: any[] = DECODED): any {
  return {
    ByteMatchStatement: {
      SearchString: search, FieldToMatch: { UriPath: {} }, PositionalConstraint: constraint, TextTransformations: transformations,
    },
  };
}

let defaults: { acl: WordpressWebAcl; template: Template; stack: Stack };
beforeAll(() => {
  defaults = webAcl();
});

describe('defaults', () => {
  test('a CloudFront-scope web ACL that allows by default, with metrics and sampled requests', () => {
    defaults.template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Name: 'EdgeWebAcl8DEA6539',
      DefaultAction: { Allow: {} },
      // The metrics' WebACL dimension is the name, so alarms can be built from webAclName.
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'EdgeWebAcl8DEA6539' },
    });
    expect(defaults.acl.webAclName).toBe('EdgeWebAcl8DEA6539');
    for (const r of rules(defaults.template)) {
      expect(r.VisibilityConfig).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: r.Name });
    }
    expect(defaults.acl.webAclArn).toBe(defaults.acl.webAcl.attrArn);
  });

  test('the rules in evaluation order: reputation, xmlrpc, PHP in uploads, rate, core (+ body re-block), bad inputs, SQLi, PHP, WordPress', () => {
    expect(rules(defaults.template).map((r) => [r.Priority, r.Name])).toEqual([
      [0, 'AmazonIpReputationList'],
      [30, 'BlockXmlrpc'],
      [40, 'BlockPhpInUploads'],
      [50, 'RateLimitPerIp'],
      [60, 'CommonRuleSet'],
      [61, 'CommonRuleSetBodyOutsideEditor'],
      [70, 'KnownBadInputs'],
      [80, 'SqlDatabase'],
      [90, 'PhpApplication'],
      [100, 'WordpressApplication'],
    ]);
    // Each rule's metric name, exposed for dashboards (the `Rule` dimension of AWS/WAFV2 metrics).
    expect(defaults.acl.ruleMetricNames).toEqual(rules(defaults.template).map((r) => r.VisibilityConfig.MetricName));
    expect(defaults.acl.ruleMetricNames).toHaveLength(10);
  });

  test('the six AWS managed groups, enforced', () => {
    const groups = rules(defaults.template).filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(groups.map((r) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesPHPRuleSet', 'AWSManagedRulesWordPressRuleSet',
    ]);
    for (const group of groups) {
      expect(group.OverrideAction).toEqual({ None: {} });
      expect(group.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
    }
    expect(rule(defaults.template, 'WordpressApplication').Statement.ManagedRuleGroupStatement.ScopeDownStatement).toBeUndefined();
  });

  test('the core rule set counts the upload and post-body rules, which block again outside /wp-admin/ and /wp-json/', () => {
    expect(rule(defaults.template, 'CommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'CrossSiteScripting_BODY', ActionToUse: { Count: {} } },
    ]);
    expect(rule(defaults.template, 'CommonRuleSetBodyOutsideEditor')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        AndStatement: {
          Statements: [
            {
              OrStatement: {
                Statements: [
                  { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body' } },
                  { LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body' } },
                ],
              },
            },
            { NotStatement: { Statement: { OrStatement: { Statements: [path('/wp-admin/', 'STARTS_WITH'), path('/wp-json/', 'STARTS_WITH')] } } } },
          ],
        },
      },
    });
  });

  test('/xmlrpc.php and PHP under /wp-content/uploads/ are blocked, on the decoded, normalized path', () => {
    expect(rule(defaults.template, 'BlockXmlrpc')).toMatchObject({ Action: { Block: {} }, Statement: path('/xmlrpc.php', 'STARTS_WITH') });
    expect(rule(defaults.template, 'BlockPhpInUploads')).toMatchObject({
      Action: { Block: {} },
      Statement: {
        AndStatement: {
          Statements: [path('/wp-content/uploads/', 'STARTS_WITH'), path('.php', 'CONTAINS', [{ Priority: 0, Type: 'URL_DECODE' }])],
        },
      },
    });
  });

  test('a client IP may send 2000 requests per 5 minutes', () => {
    expect(rule(defaults.template, 'RateLimitPerIp')).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } },
    });
  });

  test('no geo rule, no admin allow-list, no IP sets', () => {
    expect(rules(defaults.template).map((r) => r.Name)).not.toEqual(expect.arrayContaining(['GeoBlock']));
    expect(rules(defaults.template).map((r) => r.Name)).not.toEqual(expect.arrayContaining(['AdminAllowList']));
    defaults.template.resourceCountIs('AWS::WAFv2::IPSet', 0);
    expect(defaults.acl.blockedCountries).toEqual([]);
    expect(defaults.acl.allowedCountries).toEqual([]);
    expect(defaults.acl.geoBlocking).toBe(false);
  });

  test('logs to an aws-waf-logs- log group kept a month and retained (except on a failed creation), cookies and Authorization redacted', () => {
    const group = defaults.template.findResources('AWS::Logs::LogGroup');
    const [logicalId, resource] = Object.entries(group)[0];
    expect(resource).toMatchObject({
      Properties: { RetentionInDays: 30, LogGroupName: 'aws-waf-logs-Edge-WebAcl-8DEA6539' },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    defaults.template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebAcl'), 'Arn'] },
      // The log group ARN without the ":*" suffix, as WAF requires.
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${EDGE_REGION}:${ACCOUNT}:log-group:`, { Ref: logicalId }]] }],
      RedactedFields: [{ SingleHeader: { Name: 'cookie' } }, { SingleHeader: { Name: 'authorization' } }],
    });
    expect(defaults.acl.logGroup).toBeDefined();
    expect(defaults.acl.logBucket).toBeUndefined();
  });

  test('1,437 capacity units: under the 1,500 included in the price, no warning', () => {
    expect(defaults.acl.capacityUnits).toBe(1325 + 22 + 42 + 2 + 46);
    Annotations.fromStack(defaults.stack).hasNoWarning('*', Match.anyValue());
  });

  test('cdk-nag finds nothing unacknowledged', () => {
    expect(nagFindings(defaults.stack)).toEqual([]);
  });
});

describe('managed rule groups', () => {
  test('each group can count or be off', () => {
    const { template } = webAcl({
      managedRules: {
        ipReputation: ManagedRuleGroupMode.OFF,
        knownBadInputs: ManagedRuleGroupMode.COUNT,
        sqlDatabase: ManagedRuleGroupMode.OFF,
        phpApplication: ManagedRuleGroupMode.COUNT,
        wordpressApplication: ManagedRuleGroupMode.ENFORCE,
      },
    });
    const names = rules(template).map((r) => r.Name);
    expect(names).not.toContain('AmazonIpReputationList');
    expect(names).not.toContain('SqlDatabase');
    expect(rule(template, 'KnownBadInputs').OverrideAction).toEqual({ Count: {} });
    expect(rule(template, 'PhpApplication').OverrideAction).toEqual({ Count: {} });
    expect(rule(template, 'WordpressApplication').OverrideAction).toEqual({ None: {} });
  });

  test('a counting core rule set only counts its body rules outside the editor too', () => {
    const { template } = webAcl({ managedRules: { commonRuleSet: ManagedRuleGroupMode.COUNT } });
    expect(rule(template, 'CommonRuleSet').OverrideAction).toEqual({ Count: {} });
    expect(rule(template, 'CommonRuleSetBodyOutsideEditor').Action).toEqual({ Count: {} });
  });

  test('without the core rule set there is no body re-block rule', () => {
    const { template, acl } = webAcl({ managedRules: { commonRuleSet: ManagedRuleGroupMode.OFF } });
    expect(rules(template).map((r) => r.Name)).not.toEqual(expect.arrayContaining(['CommonRuleSet', 'CommonRuleSetBodyOutsideEditor']));
    expect(acl.capacityUnits).toBe(625 + 22 + 42 + 2);
  });

  test('editorBodyRules and editorPaths choose what counts where; [] enforces the whole core rule set everywhere', () => {
    const custom = webAcl({ editorBodyRules: ['SizeRestrictions_BODY', 'GenericRFI_BODY'], editorPaths: ['/wp-admin/'] }).template;
    expect(rule(custom, 'CommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'GenericRFI_BODY', ActionToUse: { Count: {} } },
    ]);
    const statements = rule(custom, 'CommonRuleSetBodyOutsideEditor').Statement.AndStatement.Statements;
    expect(statements[0].OrStatement.Statements[1]).toEqual({
      LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:GenericRFI_Body' },
    });
    expect(statements[1]).toEqual({ NotStatement: { Statement: path('/wp-admin/', 'STARTS_WITH') } });

    const strict = webAcl({ editorBodyRules: [] }).template;
    expect(rule(strict, 'CommonRuleSet').Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
    expect(rules(strict).map((r) => r.Name)).not.toContain('CommonRuleSetBodyOutsideEditor');
  });
});

describe('geo-blocking', () => {
  test('blockedCountries: a geo match rule that blocks them', () => {
    const { template, acl } = webAcl({ blockedCountries: ['CN', 'RU'] });
    expect(rule(template, 'GeoBlock')).toMatchObject({
      Priority: 10, Action: { Block: {} }, Statement: { GeoMatchStatement: { CountryCodes: ['CN', 'RU'] } },
    });
    expect(acl.blockedCountries).toEqual(['CN', 'RU']);
    expect(acl.geoBlocking).toBe(true);
  });

  test('allowedCountries: every other country is blocked', () => {
    const { template, acl } = webAcl({ allowedCountries: ['KR', 'JP'] });
    expect(rule(template, 'GeoBlock')).toMatchObject({
      Action: { Block: {} }, Statement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ['KR', 'JP'] } } } },
    });
    expect(acl.allowedCountries).toEqual(['KR', 'JP']);
    expect(acl.geoBlocking).toBe(true);
  });
});

describe('admin allow-list', () => {
  test('IPv4 and IPv6 IP sets; the dashboard and login page are blocked for everyone else but admin-ajax.php and admin-post.php', () => {
    const { template, acl, stack } = webAcl({ adminAllowList: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7', '2001:db8:ffff::1'] });
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV4', Addresses: ['203.0.113.0/24', '198.51.100.7/32'],
    });
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'CLOUDFRONT', IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32', '2001:db8:ffff::1/128'],
    });
    const v4 = stack.resolve(acl.adminIpSetV4!.attrArn);
    const v6 = stack.resolve(acl.adminIpSetV6!.attrArn);
    const none = [{ Priority: 0, Type: 'NONE' }];
    expect(rule(template, 'AdminAllowList')).toEqual(expect.objectContaining({
      Priority: 20,
      Action: { Block: {} },
      Statement: {
        AndStatement: {
          Statements: [
            { OrStatement: { Statements: [path('/wp-admin', 'STARTS_WITH'), path('/wp-login.php', 'STARTS_WITH')] } },
            {
              NotStatement: {
                Statement: { OrStatement: { Statements: [{ IPSetReferenceStatement: { Arn: v4 } }, { IPSetReferenceStatement: { Arn: v6 } }] } },
              },
            },
            {
              NotStatement: {
                Statement: {
                  OrStatement: {
                    Statements: [path('/wp-admin/admin-ajax.php', 'EXACTLY', none), path('/wp-admin/admin-post.php', 'EXACTLY', none)],
                  },
                },
              },
            },
          ],
        },
      },
    }));
    expect(nagFindings(stack)).toEqual([]);
  });

  test('IPv4 only: one IP set; publicAdminPaths [] leaves no exception', () => {
    const { template, acl } = webAcl({ adminAllowList: ['203.0.113.0/24'], publicAdminPaths: [] });
    template.resourceCountIs('AWS::WAFv2::IPSet', 1);
    expect(acl.adminIpSetV6).toBeUndefined();
    expect(rule(template, 'AdminAllowList').Statement.AndStatement.Statements).toHaveLength(2);
  });

  test('custom public admin paths', () => {
    const { template } = webAcl({ adminAllowList: ['2001:db8::/32'], publicAdminPaths: ['/wp-admin/admin-ajax.php'] });
    expect(rule(template, 'AdminAllowList').Statement.AndStatement.Statements[2]).toEqual({
      NotStatement: { Statement: path('/wp-admin/admin-ajax.php', 'EXACTLY', [{ Priority: 0, Type: 'NONE' }]) },
    });
  });
});

describe('other props', () => {
  test('XML-RPC allowed: no block rule, and the WordPress group skips /xmlrpc.php', () => {
    const { template } = webAcl({ blockXmlrpc: false });
    expect(rules(template).map((r) => r.Name)).not.toContain('BlockXmlrpc');
    expect(rule(template, 'WordpressApplication').Statement.ManagedRuleGroupStatement.ScopeDownStatement).toEqual({
      NotStatement: { Statement: path('/xmlrpc.php', 'STARTS_WITH') },
    });
  });

  test('PHP in uploads allowed', () => {
    expect(rules(webAcl({ blockPhpInUploads: false }).template).map((r) => r.Name)).not.toContain('BlockPhpInUploads');
  });

  test('rate limit and window', () => {
    const { template } = webAcl({ rateLimit: 500, rateLimitWindow: Duration.minutes(1) });
    expect(rule(template, 'RateLimitPerIp').Statement.RateBasedStatement).toEqual({ Limit: 500, EvaluationWindowSec: 60, AggregateKeyType: 'IP' });
  });

  test('a name', () => {
    const { template, acl } = webAcl({ webAclName: 'wordpress-edge' });
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Name: 'wordpress-edge', VisibilityConfig: Match.objectLike({ MetricName: 'wordpress-edge' }) });
    expect(acl.webAclName).toBe('wordpress-edge');
  });

  test('CloudWatch Logs options', () => {
    webAcl({
      logging: WafLogging.cloudWatchLogs({ logGroupName: 'aws-waf-logs-wordpress', retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY }),
    }).template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: 'aws-waf-logs-wordpress', RetentionInDays: 365 }, DeletionPolicy: 'Delete',
    });
  });

  test('S3 logging: a new aws-waf-logs- bucket, private, SSL only, writable by the log delivery service of this account', () => {
    const { template, acl, stack } = webAcl({ logging: WafLogging.s3({ expiration: Duration.days(30), removalPolicy: RemovalPolicy.RETAIN }) });
    expect(acl.logGroup).toBeUndefined();
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    const bucket = template.findResources('AWS::S3::Bucket');
    const [logicalId, resource] = Object.entries(bucket)[0];
    expect(resource).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketName: `aws-waf-logs-${ACCOUNT}-edge-webacl-8dea6539`,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 30, Status: 'Enabled' }] },
      },
    });
    // The default expiration is 90 days, and a bucket can be destroyed with its stack.
    webAcl({ logging: WafLogging.s3({ removalPolicy: RemovalPolicy.DESTROY }) }).template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete', Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }] } }),
    });
    const statements = onlyResource(template, 'AWS::S3::BucketPolicy').PolicyDocument.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({
        Sid: 'AWSLogDeliveryWrite',
        Action: 's3:PutObject',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' } }),
      }),
      expect.objectContaining({ Sid: 'AWSLogDeliveryAclCheck', Action: 's3:GetBucketAcl' }),
    ]));
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { LogDestinationConfigs: [{ 'Fn::GetAtt': [logicalId, 'Arn'] }] });
    expect(acl.logBucket).toBeDefined();
    expect(nagFindings(stack)).toEqual([]);
  });

  test('S3 logging into a given bucket', () => {
    const stack = newStack('Edge', EDGE_REGION);
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'aws-waf-logs-mine');
    const acl = new WordpressWebAcl(stack, 'WebAcl', { logging: WafLogging.s3({ bucket }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::aws-waf-logs-mine']] }],
    });
    expect(acl.logBucket).toBe(bucket);
  });

  test('past 1,500 capacity units a warning naming the total and the extra charge', () => {
    const many = Array.from({ length: 10 }, (_, i) => `/wp-json/plugin-${i}/`);
    const { stack, acl } = webAcl({ editorPaths: many });
    expect(acl.capacityUnits).toBe(1437 - 44 + 10 * 22);
    Annotations.fromStack(stack).hasWarning('/Edge/WebAcl', Match.stringLikeRegexp(
      'need about 1613 web ACL capacity units \\(WCUs\\), above the 1500 AWS WAF\'s base price includes: each further 500 \\(here 1\\) '
      + 'adds a charge per million requests. Price it with CostEstimate\'s edge.webAclCapacityUnits: 1613'));
  });

  test('past 5,000 (AWS WAF\'s limit per web ACL) an error naming the prop that brings the most units', () => {
    const tooMany = Array.from({ length: 200 }, (_, i) => `/p${i}/`);
    expect(() => webAcl({ editorPaths: tooMany })).toThrow(new RegExp('^Edge/WebAcl: invalid editorPaths: "\\[/p0/, /p1/, /p2/, \\.\\.\\. \\(200 entries\\)\\]"\\. '
      + 'The web ACL\'s rules would need about 5793 web ACL capacity units \\(WCUs\\), 4400 of them for editorPaths; AWS WAF allows at most 5000'));
    const heavy = { rule: customRule('Heavy', 200), capacityUnits: 4000 };
    expect(() => webAcl({ additionalRules: [heavy] })).toThrow(/invalid additionalRules\[0\]: "Heavy"\. The web ACL's rules would need about 5437 .* 4000 of them for additionalRules\[0\]/);
  });

  test('additionalRules: added as given, in priority order, their units counted (and warned about past 1,500)', () => {
    const { template, acl, stack } = webAcl({ additionalRules: [{ rule: customRule('BlockBadBot', 55), capacityUnits: 100 }] });
    const names = rules(template).map((r) => r.Name);
    expect(names.indexOf('BlockBadBot')).toBe(names.indexOf('RateLimitPerIp') + 1);
    expect(rule(template, 'BlockBadBot')).toEqual({
      Name: 'BlockBadBot',
      Priority: 55,
      Action: { Block: {} },
      Statement: {
        ByteMatchStatement: {
          SearchString: 'BadBot',
          FieldToMatch: { SingleHeader: { Name: 'user-agent' } },
          PositionalConstraint: 'CONTAINS',
          TextTransformations: [{ Priority: 0, Type: 'NONE' }],
        },
      },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'BlockBadBot' },
    });
    expect(acl.capacityUnits).toBe(1537);
    expect(acl.ruleMetricNames).toContain('BlockBadBot');
    Annotations.fromStack(stack).hasWarning('/Edge/WebAcl', Match.stringLikeRegexp('need about 1537 web ACL capacity units'));
  });

  test('additionalRules must not clash with the library\'s names or priorities, and declare 1 to 5,000 units', () => {
    expect(() => webAcl({ additionalRules: [{ rule: customRule('Mine', 50), capacityUnits: 10 }] }))
      .toThrow(/invalid additionalRules\[0\]\.rule: "Mine \(priority 50\)"\. It clashes with rule RateLimitPerIp \(priority 50\)/);
    expect(() => webAcl({ additionalRules: [{ rule: customRule('BlockXmlrpc', 5), capacityUnits: 10 }] }))
      .toThrow(/invalid additionalRules\[0\]\.rule: "BlockXmlrpc \(priority 5\)"\. It clashes with rule BlockXmlrpc \(priority 30\)/);
    expect(() => webAcl({ additionalRules: [{ rule: customRule('Free', 5), capacityUnits: 0 }] }))
      .toThrow(/invalid additionalRules\[0\]\.capacityUnits: 0\. Allowed: a whole number from 1 to 5000/);
  });

  test('a rule slipped into webAcl.rules behind the construct\'s back: a warning that nothing counted it', () => {
    const stack = newStack('Edge', EDGE_REGION);
    const acl = new WordpressWebAcl(stack, 'WebAcl');
    acl.webAcl.rules = [...(acl.webAcl.rules as any[]), customRule('Sneaky', 200)];
    Annotations.fromStack(stack).hasWarning('/Edge/WebAcl', Match.stringLikeRegexp(
      'Rules were added to webAcl.rules after WordpressWebAcl counted 1437 capacity units: Sneaky'));
    const untouched = webAcl();
    Annotations.fromStack(untouched.stack).hasNoWarning('*', Match.stringLikeRegexp('Rules were added'));
  });
});

/** A byte-match rule that blocks a user agent. */
function customRule(name: string, priority: number): any {
  return {
    name,
    priority,
    action: { block: {} },
    statement: {
      byteMatchStatement: {
        searchString: 'BadBot',
        fieldToMatch: { singleHeader: { Name: 'user-agent' } },
        positionalConstraint: 'CONTAINS',
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
  };
}

describe('region', () => {
  test('outside us-east-1 it fails at synth, saying where it must go', () => {
    expect(() => new WordpressWebAcl(newStack('Site', 'ap-northeast-1'), 'WebAcl'))
      .toThrow(/WordpressWebAcl is in a stack in ap-northeast-1, but a CloudFront web ACL \(scope CLOUDFRONT\) can only be created in us-east-1/);
  });

  test('in a stack without a region: a warning', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new WordpressWebAcl(stack, 'WebAcl');
    Annotations.fromStack(stack).hasWarning('/Agnostic/WebAcl', Match.stringLikeRegexp('can only be created in us-east-1'));
  });
});

describe('bad input is rejected at synth, naming the prop', () => {
  const cases: Array<[string, WordpressWebAclProps, RegExp]> = [
    ['a country code that is not ISO 3166-1', { blockedCountries: ['CN', 'XX'] }, /invalid blockedCountries\[1\]: "XX"\. Allowed: an ISO 3166-1 alpha-2/],
    ['a lower-case country code', { allowedCountries: ['kr'] }, /invalid allowedCountries\[0\]: "kr"/],
    ['a three-letter country code', { blockedCountries: ['CHN'] }, /invalid blockedCountries\[0\]: "CHN"/],
    ['an empty country list', { blockedCountries: [] }, /invalid blockedCountries: \[\]\. Give at least one/],
    ['a country twice', { blockedCountries: ['CN', 'CN'] }, /invalid blockedCountries: \["CN", "CN"\]\. Each country may appear only once/],
    ['both country lists', { blockedCountries: ['CN'], allowedCountries: ['KR'] }, /blockedCountries and allowedCountries cannot both be set/],
    ['a rate limit below 10', { rateLimit: 9 }, /invalid rateLimit: 9\. Allowed: a whole number from 10 to 2000000000/],
    ['a rate limit above the maximum', { rateLimit: 3_000_000_000 }, /invalid rateLimit: 3000000000/],
    ['a rate window of 3 minutes', { rateLimitWindow: Duration.minutes(3) }, /invalid rateLimitWindow: 3 minutes\. Allowed: 1, 2, 5 or 10 minutes/],
    ['a malformed CIDR', { adminAllowList: ['203.0.113.0/24', '203.0.113/24'] }, /invalid adminAllowList\[1\]: "203\.0\.113\/24"/],
    ['a CIDR with host bits', { adminAllowList: ['203.0.113.7/24'] }, /invalid adminAllowList\[0\]: "203\.0\.113\.7\/24"\. Allowed: an IPv4 or IPv6 CIDR with no host bits/],
    ['an IPv6 CIDR with host bits', { adminAllowList: ['2001:db8::1/32'] }, /invalid adminAllowList\[0\]: "2001:db8::1\/32"/],
    ['a /0', { adminAllowList: ['0.0.0.0/0'] }, /invalid adminAllowList\[0\]: "0\.0\.0\.0\/0"/],
    ['a prefix too long', { adminAllowList: ['10.0.0.0/33'] }, /invalid adminAllowList\[0\]: "10\.0\.0\.0\/33"/],
    ['a host name', { adminAllowList: ['office.example.com'] }, /invalid adminAllowList\[0\]: "office\.example\.com"/],
    ['an empty allow-list', { adminAllowList: [] }, /invalid adminAllowList: \[\]\. An empty allow-list locks everybody out/],
    ['an editor path without a slash', { editorPaths: ['wp-admin/'] }, /invalid editorPaths\[0\]: "wp-admin\/"\. Allowed: a URL path starting with "\/"/],
    ['a public admin path with a wildcard', { publicAdminPaths: ['/wp-admin/*'] }, /invalid publicAdminPaths\[0\]: "\/wp-admin\/\*"/],
    ['no editor path for counted body rules', { editorPaths: [] }, /invalid editorPaths: \[\]\. Give at least one path, or set editorBodyRules to \[\]/],
    ['an unknown body rule', { editorBodyRules: ['NoUserAgent_HEADER'] }, /invalid editorBodyRules\[0\]: "NoUserAgent_HEADER"\. Allowed: SizeRestrictions_BODY/],
    ['a name with spaces', { webAclName: 'my acl' }, /invalid webAclName: "my acl"/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => webAcl(props)).toThrow(message);
  });
});

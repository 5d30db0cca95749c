import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ACCOUNT, EdgeFixture, edgeFixture, nagFindings, nagV2Findings } from '../fixtures';
import {
  CloudFrontPricingPlan, GeoBlockedCloudFrontWaf, GeoBlockedCloudFrontWafProps, ILoadBalancedOrigin, SiteFront, WordpressHosting, WordpressWebAcl,
  WordpressWebAclProps,
} from 'cdk-fargate-wordpress';

const WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/wordpress/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`;

/** A customer's own load balancer behind the site contract's origin role (HTTP on 80). */
class OwnOrigin implements ILoadBalancedOrigin {
  public readonly listener: elbv2.ApplicationListener;
  public readonly listenerRule: elbv2.ApplicationListenerRule;
  public readonly listenerPort = 80;
  public readonly listenerProtocol = elbv2.ApplicationProtocol.HTTP;

  constructor(public readonly loadBalancer: elbv2.ApplicationLoadBalancer) {
    this.listener = loadBalancer.addListener('Listener', { port: 80, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    this.listenerRule = new elbv2.ApplicationListenerRule(loadBalancer, 'Rule', {
      listener: this.listener, priority: 100, conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])], action: elbv2.ListenerAction.fixedResponse(200),
    });
  }

  public useFront(_front: SiteFront): void {}
}

interface Edge extends EdgeFixture {
  readonly edge: GeoBlockedCloudFrontWaf;
  readonly webAcl?: WordpressWebAcl;
}

/** GIVEN a web ACL in us-east-1 (unless a webAclArn is given) and a site stack with a load balancer, WHEN the edge is added with these props. */
function edge(props: Partial<GeoBlockedCloudFrontWafProps> = {}, webAclProps?: WordpressWebAclProps): Edge {
  const fixture = edgeFixture();
  const webAcl = props.webAclArn === undefined ? new WordpressWebAcl(fixture.edgeStack, 'WebAcl', webAclProps) : undefined;
  const e = new GeoBlockedCloudFrontWaf(fixture.siteStack, 'Edge', { origin: new OwnOrigin(fixture.loadBalancer), webAcl, ...props });
  return { ...fixture, edge: e, webAcl };
}

/** The stack outputs about approving a plan. */
function approvalOutputs(template: Template): { [id: string]: any } {
  return Object.fromEntries(Object.entries(template.findOutputs('*')).filter(([id]) => id.includes('PricingPlanApproval')));
}

/** The synthesis errors of the app (what `cdk synth` fails with). */
function synthErrors(f: EdgeFixture): string {
  try {
    f.app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const captchaRule = {
  name: 'Captcha',
  priority: 200,
  action: { captcha: {} },
  statement: {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: '/checkout', textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'Captcha', sampledRequestsEnabled: true },
};

function managedGroupRule(name: string, vendorName = 'AWS', managedRuleGroupConfigs?: any[]) {
  return {
    name,
    priority: 210,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName, name, managedRuleGroupConfigs } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

describe('pricingPlan', () => {
  test('default: no plan, no subscription', () => {
    const f = edge();
    Template.fromStack(f.siteStack).resourceCountIs('AWS::PricingPlanManager::Subscription', 0);
    expect(f.edge.pricingPlanSubscription).toBeUndefined();
  });

  test.each([
    ['FREE', CloudFrontPricingPlan.FREE],
    ['PRO', CloudFrontPricingPlan.PRO],
    ['BUSINESS', CloudFrontPricingPlan.BUSINESS],
    ['PREMIUM', CloudFrontPricingPlan.PREMIUM],
  ])('%s: one CloudFront-family subscription naming the distribution and its web ACL, created after the distribution', (tier, plan) => {
    const f = edge({ pricingPlan: plan });
    const template = Template.fromStack(f.siteStack);
    const distributionId = f.siteStack.resolve((f.edge.distribution.node.defaultChild as cloudfront.CfnDistribution).logicalId);
    template.resourcePropertiesCountIs('AWS::PricingPlanManager::Subscription', {
      PlanFamily: 'CloudFront',
      PlanTier: tier,
      ResourceArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudfront::${ACCOUNT}:distribution/`, { Ref: distributionId }]] },
        { 'Fn::GetStackOutput': Match.objectLike({ Region: 'us-east-1' }) },
      ],
    }, 1);
    // The distribution carries the web ACL the subscription names (WebACLId, the same cross-region reference).
    const subscription = Object.values<any>(template.findResources('AWS::PricingPlanManager::Subscription'))[0];
    const distribution = Object.values<any>(template.findResources('AWS::CloudFront::Distribution'))[0];
    expect(subscription.Properties.ResourceArns[1]).toEqual(distribution.Properties.DistributionConfig.WebACLId);
    expect(subscription.Properties.UsageLevel).toBeUndefined();
    expect(f.edge.pricingPlanSubscription).toBeDefined();
  });

  test('a paid tier gets a stack output telling operators how to approve it; the Free tier, which applies at once, none', () => {
    const pro = Template.fromStack(edge({ pricingPlan: CloudFrontPricingPlan.PRO }).siteStack);
    const outputs = approvalOutputs(pro);
    expect(Object.keys(outputs)).toEqual([expect.stringMatching(/^EdgePricingPlanApproval[0-9A-F]{8}$/)]);
    const output: any = Object.values(outputs)[0];
    expect(output.Description).toMatch(/^The PRO CloudFront flat-rate plan is created PENDING_APPROVAL: it is not billed and does not apply until an operator approves it$/);
    const text = JSON.stringify(output.Value);
    expect(text).toContain('aws pricing-plan-manager approve-paid-subscription --region us-east-1 --arn ');
    expect(text).toMatch(/\{"Fn::GetAtt":\["EdgePricingPlan[0-9A-F]+","Arn"\]\}/);
    expect(text).toContain('--if-match <ETag>');
    expect(approvalOutputs(Template.fromStack(edge({ pricingPlan: CloudFrontPricingPlan.FREE }).siteStack))).toEqual({});
  });

  test('the plan classes: tiers, approval, and tiers named in text', () => {
    expect([CloudFrontPricingPlan.FREE, CloudFrontPricingPlan.PRO, CloudFrontPricingPlan.BUSINESS, CloudFrontPricingPlan.PREMIUM]
      .map((p) => [p.tier, p.requiresApproval])).toEqual([['FREE', false], ['PRO', true], ['BUSINESS', true], ['PREMIUM', true]]);
    expect(CloudFrontPricingPlan.fromTier(' business ')).toBe(CloudFrontPricingPlan.BUSINESS);
    expect(() => CloudFrontPricingPlan.fromTier('GOLD')).toThrow(/^invalid pricingPlan: "GOLD"\. Allowed: FREE, PRO, BUSINESS or PREMIUM/);
    expect(() => CloudFrontPricingPlan.fromTier('')).toThrow(/invalid pricingPlan: ""/);
  });

  test('a web ACL given by ARN cannot be inspected: a warning says what to check', () => {
    const f = edge({ webAclArn: WEB_ACL_ARN, pricingPlan: CloudFrontPricingPlan.PRO });
    Annotations.fromStack(f.siteStack).hasWarning('/Site/Edge', Match.stringLikeRegexp('pricingPlan PRO: the web ACL given by webAclArn cannot be inspected'));
    expect(synthErrors(f)).toBe('');
  });

  test('a subscribed edge has no cdk-nag finding (cdk-nag 3 and 2)', () => {
    const f = edge({ pricingPlan: CloudFrontPricingPlan.PRO });
    expect(nagFindings(f.edge)).toEqual([]);
    expect(nagV2Findings(f.app).filter((finding) => finding.includes('/Edge/'))).toEqual([]);
  });

  test('the default distribution and web ACL use nothing the plans disallow', () => {
    expect(synthErrors(edge({ pricingPlan: CloudFrontPricingPlan.BUSINESS }))).toBe('');
    expect(synthErrors(edge({ pricingPlan: CloudFrontPricingPlan.BUSINESS, mediaOffload: true }))).toBe('');
  });
});

describe('through the drop-in', () => {
  test('edge.pricingPlan subscribes each environment\'s distribution with its own web ACL, read from the us-east-1 stack', () => {
    // GIVEN staging and production, each with its web ACL in its own us-east-1 stack, both on the Pro plan
    const app = new App();
    const common = {
      env: { account: ACCOUNT, region: 'ap-northeast-1' },
      hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
      availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
      edge: { pricingPlan: CloudFrontPricingPlan.PRO },
    };
    const staging = new WordpressHosting(app, 'Staging', { ...common, domainName: 'staging.example.com' });
    const production = new WordpressHosting(app, 'Production', { ...common, domainName: 'www.example.com' });
    // WHEN synthesized: no error (the web ACLs are not shared)
    app.synth();
    // THEN each subscription is in its own us-east-1 monitoring stack (PricingPlanManager answers in us-east-1 only), none in
    // the site's region: it names the distribution through the site stack's output, and its own edge stack's web ACL
    for (const env of [staging, production]) {
      expect(Template.fromStack(env.siteStack).findResources('AWS::PricingPlanManager::Subscription')).toEqual({});
      const monitoring = Template.fromStack(env.edgeMonitoringStack);
      const plan = Object.values<any>(monitoring.findResources('AWS::PricingPlanManager::Subscription'));
      expect(plan).toHaveLength(1);
      expect(JSON.stringify(plan[0].Properties.ResourceArns[0])).toContain(`"Fn::GetStackOutput":{"StackName":"${env.siteStack.stackName}"`);
      expect(JSON.stringify(plan[0].Properties.ResourceArns[0])).toContain(':cloudfront::');
      expect(plan[0].Properties.ResourceArns[1]).toEqual({ 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${env.edgeStack.stackName}:.*WebAcl.*Arn`)) });
      expect(env.edge.pricingPlanSubscription).toBeDefined();
      expect(Object.keys(approvalOutputs(monitoring))).toHaveLength(1);
      expect(Object.keys(approvalOutputs(Template.fromStack(env.siteStack)))).toHaveLength(0);
    }
  });
});

describe('what the plans disallow fails the synthesis, naming the prop', () => {
  test('Lambda@Edge on a behavior added to the distribution', () => {
    const f = edge({ pricingPlan: CloudFrontPricingPlan.PRO });
    const fn = new lambda.Function(f.edgeStack, 'EdgeFn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=()=>{}') });
    f.edge.distribution.addBehavior('/shop/*', new origins.HttpOrigin('shop.example.com'), {
      edgeLambdas: [{ functionVersion: fn.currentVersion, eventType: cloudfront.LambdaEdgeEventType.VIEWER_REQUEST }],
    });
    expect(synthErrors(f)).toMatch(/Site\/Edge: invalid pricingPlan: PRO\. Flat-rate plans do not allow Lambda@Edge: the behavior of "\/shop\/\*" has edgeLambdas \(distribution\)\. Use a CloudFront Function/);
  });

  test('legacy cache settings (ForwardedValues) and real-time logs set through the escape hatch', () => {
    const f = edge({ pricingPlan: CloudFrontPricingPlan.PRO });
    const cfn = f.edge.distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.ForwardedValues', { QueryString: true });
    cfn.addPropertyOverride('DistributionConfig.DefaultCacheBehavior.RealtimeLogConfigArn', `arn:aws:cloudfront::${ACCOUNT}:realtime-log-config/x`);
    const errors = synthErrors(f);
    expect(errors).toMatch(/do not allow legacy cache settings: the default behavior has ForwardedValues \(distribution\)\. Use a cache policy/);
    expect(errors).toMatch(/do not allow real-time logs: the default behavior has a realtimeLogConfig \(distribution\)\. Use the standard access logs/);
  });

  test('an origin access identity, an IAM certificate, dedicated IP SSL and continuous deployment', () => {
    const f = edge({ pricingPlan: CloudFrontPricingPlan.PREMIUM });
    const cfn = f.edge.distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.Origins.0.S3OriginConfig', { OriginAccessIdentity: 'origin-access-identity/cloudfront/E123' });
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', { IamCertificateId: 'ASCA123', SslSupportMethod: 'vip' });
    cfn.addPropertyOverride('DistributionConfig.ContinuousDeploymentPolicyId', 'abc');
    const errors = synthErrors(f);
    expect(errors).toMatch(/do not allow origin access identities: origin "\w+" has one \(distribution\)/);
    expect(errors).toMatch(/do not allow IAM server certificates: the viewer certificate is one \(certificate\)/);
    expect(errors).toMatch(/do not allow dedicated IP SSL: the viewer certificate uses sslSupportMethod VIP/);
    expect(errors).toMatch(/do not allow continuous deployment/);
  });

  test.each<[string, WordpressWebAclProps, RegExp]>([
    ['a CAPTCHA action', { additionalRules: [{ rule: captchaRule, capacityUnits: 3 }] },
      /invalid pricingPlan: BUSINESS\. Flat-rate plans do not allow CAPTCHA actions: the web ACL's rule "Captcha" \(webAcl: additionalRules\) uses one\. Use Challenge or Block\./],
    ['a CAPTCHA override in a managed rule group', {
      additionalRules: [{
        rule: {
          ...managedGroupRule('AWSManagedRulesAnonymousIpList'),
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAnonymousIpList', ruleActionOverrides: [{ name: 'HostingProviderIPList', actionToUse: { captcha: {} } }] } },
        },
        capacityUnits: 50,
      }],
    },
    /do not allow CAPTCHA actions: the web ACL's rule "AWSManagedRulesAnonymousIpList"/],
    ['targeted Bot Control', {
      additionalRules: [{
        rule: managedGroupRule('AWSManagedRulesBotControlRuleSet', 'AWS',
          [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'TARGETED' } }]),
        capacityUnits: 50,
      }],
    },
    /do not allow targeted Bot Control: the web ACL's rule "AWSManagedRulesBotControlRuleSet" \(webAcl: additionalRules\) sets InspectionLevel TARGETED/],
    ['account takeover prevention', { additionalRules: [{ rule: managedGroupRule('AWSManagedRulesATPRuleSet'), capacityUnits: 50 }] },
      /do not allow account takeover or account creation fraud prevention: the web ACL's rule "AWSManagedRulesATPRuleSet"/],
    ['a partner rule group', { additionalRules: [{ rule: managedGroupRule('SomeVendorRules', 'Some Vendor'), capacityUnits: 50 }] },
      /do not allow partner managed rule groups: the web ACL's rule "SomeVendorRules" \(webAcl: additionalRules\) uses Some Vendor's SomeVendorRules/],
  ])('%s in the web ACL', (_what, webAclProps, message) => {
    expect(synthErrors(edge({ pricingPlan: CloudFrontPricingPlan.BUSINESS }, webAclProps))).toMatch(message);
  });

  test('the common Bot Control level and the same rules without a plan are fine', () => {
    const common = {
      additionalRules: [{
        rule: managedGroupRule('AWSManagedRulesBotControlRuleSet', 'AWS',
          [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' } }]),
        capacityUnits: 50,
      }],
    };
    expect(synthErrors(edge({ pricingPlan: CloudFrontPricingPlan.BUSINESS }, common))).toBe('');
    expect(synthErrors(edge({}, { additionalRules: [{ rule: captchaRule, capacityUnits: 3 }] }))).toBe('');
  });

  test('a web ACL shared with another distribution: the subscribed edge names webAcl and the other edge', () => {
    const f = edge({ pricingPlan: CloudFrontPricingPlan.PRO });
    new GeoBlockedCloudFrontWaf(f.siteStack, 'Other', { origin: new OwnOrigin(new elbv2.ApplicationLoadBalancer(f.siteStack, 'Lb2', { vpc: f.loadBalancer.vpc! })), webAcl: f.webAcl });
    expect(synthErrors(f)).toMatch(/Site\/Edge: invalid pricingPlan: PRO\. Flat-rate plans do not allow a web ACL shared between distributions: webAcl is also the web ACL of Site\/Other\. Give each subscribed distribution a web ACL of its own/);
  });

  test('a web ACL ARN shared with another distribution: named as webAclArn', () => {
    const f = edge({ webAclArn: WEB_ACL_ARN, pricingPlan: CloudFrontPricingPlan.PRO });
    new GeoBlockedCloudFrontWaf(f.siteStack, 'Other', { origin: new OwnOrigin(new elbv2.ApplicationLoadBalancer(f.siteStack, 'Lb2', { vpc: f.loadBalancer.vpc! })), webAclArn: WEB_ACL_ARN });
    expect(synthErrors(f)).toMatch(/do not allow a web ACL shared between distributions: webAclArn is also the web ACL of Site\/Other/);
  });
});

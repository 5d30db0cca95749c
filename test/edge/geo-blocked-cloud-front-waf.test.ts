import { CfnElement, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { ACCOUNT, EDGE_REGION, EdgeFixture, edgeFixture, loadBalancerIngress, nagFindings, onlyResource, REGION } from '../fixtures';
import {
  GeoBlockedCloudFrontWaf, GeoBlockedCloudFrontWafProps, ILoadBalancedOrigin, LoadBalancerOriginAccess, SiteFront, WordpressWebAcl,
  WordpressWebAclProps,
} from 'cdk-fargate-wordpress';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const SECURITY_HEADERS = '67f7725c-6f97-4210-82d7-5512b31e9d03';
const WEB_ACL_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/wordpress/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`;
const CERT_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`;

/**
 * A customer's own load balancer in front of their own service, behind the site contract's origin role: an ALB, a
 * listener and a listener rule from aws-cdk-lib, nothing of this library's. It records what the edge tells it.
 */
class OwnOrigin implements ILoadBalancedOrigin {
  public readonly listener: elbv2.ApplicationListener;
  public readonly listenerRule: elbv2.ApplicationListenerRule;
  public readonly listenerPort: number;
  public readonly listenerProtocol: elbv2.ApplicationProtocol;
  public readonly fronts: SiteFront[] = [];

  constructor(public readonly loadBalancer: elbv2.ApplicationLoadBalancer, options: OwnOriginOptions = {}) {
    const certificate = options.https
      ? acm.Certificate.fromCertificateArn(loadBalancer, 'AlbCert', `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`) : undefined;
    this.listenerProtocol = certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP;
    this.listenerPort = options.port ?? (certificate ? 443 : 80);
    this.listener = loadBalancer.addListener('Listener', {
      port: this.listenerPort,
      protocol: this.listenerProtocol,
      certificates: certificate ? [certificate] : undefined,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404),
    });
    this.listenerRule = new elbv2.ApplicationListenerRule(loadBalancer, 'Rule', {
      listener: this.listener,
      priority: 100,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: elbv2.ListenerAction.fixedResponse(200),
    });
  }

  public useFront(front: SiteFront): void {
    this.fronts.push(front);
  }
}

interface OwnOriginOptions {
  /** An HTTPS listener (with a regional certificate) instead of HTTP. */
  readonly https?: boolean;
  /** The listener's port, 80 or 443 by default. */
  readonly port?: number;
}

interface Edge extends EdgeFixture {
  readonly edge: GeoBlockedCloudFrontWaf;
  readonly origin: OwnOrigin;
  readonly webAcl?: WordpressWebAcl;
  readonly template: Template;
}

/**
 * GIVEN a us-east-1 stack with a web ACL (unless a webAclArn is given) and a site stack with a load balancer, a listener
 * and a listener rule (HTTP on 80 unless told),
 * WHEN the edge is added to the site stack with these props.
 */
function edge(props: Partial<GeoBlockedCloudFrontWafProps> = {}, options: {
  webAcl?: WordpressWebAclProps;
  internetFacing?: boolean;
  origin?: OwnOriginOptions;
  siteRegion?: string;
  context?: { [key: string]: string };
  customize?: (f: EdgeFixture) => Partial<GeoBlockedCloudFrontWafProps>;
} = {}): Edge {
  const fixture = edgeFixture({ internetFacing: options.internetFacing, siteRegion: options.siteRegion, context: options.context });
  const webAcl = props.webAclArn === undefined && !('webAcl' in props)
    ? new WordpressWebAcl(fixture.edgeStack, 'WebAcl', options.webAcl) : undefined;
  const origin = new OwnOrigin(fixture.loadBalancer, options.origin);
  const e = new GeoBlockedCloudFrontWaf(fixture.siteStack, 'Edge', {
    origin,
    webAcl,
    ...props,
    ...options.customize?.(fixture),
  });
  dropEmptyEdgeStack(fixture);
  return { ...fixture, edge: e, origin, webAcl, template: Template.fromStack(fixture.siteStack) };
}

/** GIVEN the fixture WHEN a us-east-1 certificate for www.example.com and a hosted zone are added. */
function customDomain(f: EdgeFixture, names = ['www.example.com']): Partial<GeoBlockedCloudFrontWafProps> {
  const edgeZone = route53.HostedZone.fromHostedZoneAttributes(f.edgeStack, 'EdgeZone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
  const certificate = new acm.Certificate(f.edgeStack, 'Certificate', {
    domainName: names[0], subjectAlternativeNames: names.slice(1), validation: acm.CertificateValidation.fromDns(edgeZone),
  });
  const hostedZone = route53.HostedZone.fromHostedZoneAttributes(f.siteStack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
  return { certificate, domainNames: names, hostedZone };
}

/** Nothing in us-east-1 (a web ACL by ARN): no empty template. */
function dropEmptyEdgeStack(fixture: EdgeFixture): void {
  if (fixture.edgeStack !== fixture.siteStack && !fixture.edgeStack.node.findAll().some(CfnResource.isCfnResource)) {
    fixture.app.node.tryRemoveChild(fixture.edgeStack.node.id);
  }
}

function config(template: Template): any {
  return onlyResource(template, 'AWS::CloudFront::Distribution').DistributionConfig;
}

function behavior(template: Template, pattern: string): any {
  const found = config(template).CacheBehaviors.find((b: any) => b.PathPattern === pattern);
  expect(found).toBeDefined();
  return found;
}

function logicalId(stack: Stack, construct: IConstruct): string {
  const cfn = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild as CfnElement;
  return stack.resolve(cfn.logicalId);
}

let defaults: Edge;
beforeAll(() => {
  defaults = edge();
});

describe('defaults', () => {
  test('an internal load balancer reached through a CloudFront VPC origin over HTTP, 60 s read timeout', () => {
    defaults.template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: {
        Arn: { Ref: logicalId(defaults.siteStack, defaults.loadBalancer) }, OriginProtocolPolicy: 'http-only', OriginSSLProtocols: ['TLSv1.2'],
      },
    });
    expect(config(defaults.template).Origins).toEqual([{
      DomainName: { 'Fn::GetAtt': [logicalId(defaults.siteStack, defaults.loadBalancer), 'DNSName'] },
      Id: Match.anyValue(),
      VpcOriginConfig: { OriginReadTimeout: 60, VpcOriginId: { 'Fn::GetAtt': [logicalId(defaults.siteStack, defaults.edge.vpcOrigin!), 'Id'] } },
    }].map((o) => ({ ...o, Id: expect.any(String) })));
    expect(defaults.edge.originSecret).toBeUndefined();
  });

  test('the load balancer admits CloudFront\'s origin-facing prefix list on port 80, in one rule, and nothing else', () => {
    // A VPC origin's traffic comes from CloudFront's origin-facing addresses, not from the VPC's CIDR block.
    expect(loadBalancerIngress(defaults.template)).toEqual([{
      SourcePrefixListId: 'pl-xxxxxxxx', FromPort: 80, ToPort: 80, IpProtocol: 'tcp', Description: expect.stringMatching(/CloudFront/),
    }]);
  });

  test('the prefix list ID is looked up by name in the site\'s account and region (a context lookup the CLI records)', () => {
    const missing = (defaults.app.synth().manifest.missing ?? []).filter((m) => m.provider !== 'availability-zones'); // the fixture's VPC
    expect(missing).toEqual([expect.objectContaining({
      provider: 'cc-api-provider',
      props: expect.objectContaining({
        account: ACCOUNT,
        region: REGION,
        typeName: 'AWS::EC2::PrefixList',
        propertyMatch: { PrefixListName: 'com.amazonaws.global.cloudfront.origin-facing' },
        propertiesToReturn: ['PrefixListId'],
      }),
    })]);
  });

  test('HTTPS only, HTTP/2 and HTTP/3, IPv6, every price class, compression and security headers everywhere', () => {
    const c = config(defaults.template);
    expect(c).toMatchObject({ Enabled: true, HttpVersion: 'http2and3', IPV6Enabled: true, PriceClass: 'PriceClass_All', Comment: 'WordPress (cdk-fargate-wordpress)' });
    expect(c.Aliases).toBeUndefined();
    expect(c.ViewerCertificate).toBeUndefined(); // CloudFront's default certificate for *.cloudfront.net
    expect(c.Restrictions).toBeUndefined();
    for (const b of [c.DefaultCacheBehavior, ...c.CacheBehaviors]) {
      expect(b).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true, ResponseHeadersPolicyId: SECURITY_HEADERS });
    }
  });

  test('the behaviours in CloudFront\'s matching order: dashboard, uploads, PHP, then static files', () => {
    expect(config(defaults.template).CacheBehaviors.map((b: any) => b.PathPattern)).toEqual([
      'wp-admin/*', 'wp-content/uploads/*', '*.php', 'wp-includes/*', 'wp-content/themes/*', 'wp-content/plugins/*',
    ]);
  });

  test('the dashboard and PHP scripts are never cached and get everything WordPress needs', () => {
    const policy = { Ref: logicalId(defaults.siteStack, defaults.edge.originRequestPolicy) };
    for (const pattern of ['wp-admin/*', '*.php']) {
      expect(behavior(defaults.template, pattern)).toMatchObject({
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: policy,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      });
    }
    defaults.template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: {
        HeadersConfig: { HeaderBehavior: 'allViewerAndWhitelistCloudFront', Headers: ['CloudFront-Forwarded-Proto', 'CloudFront-Viewer-Address'] },
        CookiesConfig: { CookieBehavior: 'all' },
        QueryStringsConfig: { QueryStringBehavior: 'all' },
      },
    });
  });

  test('pages are cached only when WordPress sends Cache-Control, keyed on every cookie, query string and the host', () => {
    expect(config(defaults.template).DefaultCacheBehavior).toMatchObject({
      CachePolicyId: { Ref: logicalId(defaults.siteStack, defaults.edge.pageCachePolicy) },
      OriginRequestPolicyId: { Ref: logicalId(defaults.siteStack, defaults.edge.originRequestPolicy) },
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachedMethods: ['GET', 'HEAD'],
    });
    defaults.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        MinTTL: 0,
        DefaultTTL: 0,
        MaxTTL: 86400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          CookiesConfig: { CookieBehavior: 'all' },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Host'] },
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
        },
      },
    });
  });

  test('static files (and uploads, from the load balancer) are cached 30 days by default, ?ver= in the key, no cookies', () => {
    const staticPolicy = { Ref: logicalId(defaults.siteStack, defaults.edge.staticCachePolicy) };
    const siteOrigin = config(defaults.template).DefaultCacheBehavior.TargetOriginId;
    for (const pattern of ['wp-includes/*', 'wp-content/themes/*', 'wp-content/plugins/*', 'wp-content/uploads/*']) {
      const b = behavior(defaults.template, pattern);
      expect(b).toMatchObject({ CachePolicyId: staticPolicy, AllowedMethods: ['GET', 'HEAD', 'OPTIONS'], TargetOriginId: siteOrigin });
      expect(b.OriginRequestPolicyId).toBeUndefined();
    }
    defaults.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        MinTTL: 0,
        DefaultTTL: 30 * 86400,
        MaxTTL: 365 * 86400,
        ParametersInCacheKeyAndForwardedToOrigin: {
          CookiesConfig: { CookieBehavior: 'none' }, QueryStringsConfig: { QueryStringBehavior: 'all' }, HeadersConfig: { HeaderBehavior: 'none' },
        },
      },
    });
  });

  test('the web ACL from the us-east-1 stack, read with Fn::GetStackOutput: no custom resource in either stack', () => {
    const outputs = Template.fromStack(defaults.edgeStack).toJSON().Outputs;
    const [outputName, output] = Object.entries<any>(outputs).find(([, o]) => JSON.stringify(o.Value).includes('WebAcl'))!;
    expect(output.Value).toEqual({ 'Fn::GetAtt': [logicalId(defaults.edgeStack, defaults.webAcl!.webAcl), 'Arn'] });
    expect(config(defaults.template).WebACLId).toEqual({ 'Fn::GetStackOutput': { StackName: 'Edge', Region: EDGE_REGION, OutputName: outputName } });
    for (const stack of [defaults.siteStack, defaults.edgeStack]) {
      const types = Object.values<any>(Template.fromStack(stack).toJSON().Resources).map((r) => r.Type);
      expect(types.filter((t) => t.startsWith('Custom::') || t === 'AWS::Lambda::Function')).toEqual([]);
    }
    expect(defaults.siteStack.dependencies).toContain(defaults.edgeStack);
  });

  test('access logs to a new encrypted, private, SSL-only, retained bucket with ACLs for CloudFront, without cookies', () => {
    expect(config(defaults.template).Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logicalId(defaults.siteStack, defaults.edge.accessLogsBucket), 'RegionalDomainName'] },
      IncludeCookies: false,
      Prefix: 'cloudfront/',
    });
    defaults.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }] },
      }),
    });
    defaults.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the CloudFront name is the URL; no media bucket, no DNS records', () => {
    expect(defaults.siteStack.resolve(defaults.edge.url)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(defaults.siteStack, defaults.edge.distribution), 'DomainName'] }]],
    });
    expect(defaults.edge.mediaBucket).toBeUndefined();
    expect(defaults.edge.certificate).toBeUndefined();
    expect(defaults.edge.webAcl).toBe(defaults.webAcl);
    defaults.template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(() => defaults.edge.grantMediaReadWrite(new iam.Role(defaults.siteStack, 'Role', { assumedBy: new iam.AccountRootPrincipal() })))
      .toThrow(/grantMediaReadWrite\(\) needs a media bucket/);
  });

  test('cdk-nag finds nothing unacknowledged in the edge and the web ACL', () => {
    expect(nagFindings(defaults.edge)).toEqual([]);
    expect(nagFindings(defaults.edgeStack)).toEqual([]);
  });
});

describe('custom domain', () => {
  let custom: Edge;
  beforeAll(() => {
    custom = edge({}, { customize: (f) => customDomain(f, ['www.example.com', 'example.com']) });
  });

  test('aliases, the us-east-1 certificate through Fn::GetStackOutput, TLS 1.2 (2021) with SNI', () => {
    const c = config(custom.template);
    expect(c.Aliases).toEqual(['www.example.com', 'example.com']);
    expect(c.ViewerCertificate).toEqual({
      AcmCertificateArn: { 'Fn::GetStackOutput': { StackName: 'Edge', Region: EDGE_REGION, OutputName: expect.stringMatching(/Certificate/) } },
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('alias A and AAAA records for every name; the first name is the URL', () => {
    for (const name of ['www.example.com.', 'example.com.']) {
      for (const type of ['A', 'AAAA']) {
        custom.template.hasResourceProperties('AWS::Route53::RecordSet', {
          Name: name,
          Type: type,
          HostedZoneId: 'Z0123456789EXAMPLE',
          AliasTarget: { DNSName: { 'Fn::GetAtt': [logicalId(custom.siteStack, custom.edge.distribution), 'DomainName'] }, HostedZoneId: Match.anyValue() },
        });
      }
    }
    custom.template.resourceCountIs('AWS::Route53::RecordSet', 4);
    expect(custom.edge.url).toBe('https://www.example.com');
    expect(custom.edge.domainName).toBe('www.example.com');
  });

  test('cdk-nag finds nothing unacknowledged', () => {
    expect(nagFindings(custom.edge)).toEqual([]);
    expect(nagFindings(custom.edgeStack)).toEqual([]);
  });

  test('a certificate imported by its us-east-1 ARN is used as is; without a hosted zone no records', () => {
    const { template } = edge({}, {
      customize: (f) => ({ certificate: acm.Certificate.fromCertificateArn(f.siteStack, 'Cert', CERT_ARN), domainNames: ['www.example.com'] }),
    });
    expect(config(template).ViewerCertificate.AcmCertificateArn).toBe(CERT_ARN);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });
});

describe('any region', () => {
  test('in us-east-1 everything stays in one stack and references the web ACL directly', () => {
    const { template, siteStack, edgeStack, webAcl } = edge({}, { siteRegion: EDGE_REGION });
    expect(siteStack).toBe(edgeStack);
    expect(config(template).WebACLId).toEqual({ 'Fn::GetAtt': [logicalId(siteStack, webAcl!.webAcl), 'Arn'] });
    expect(template.toJSON().Outputs).toBeUndefined();
  });

  test('in another region, too (eu-west-1)', () => {
    const { template } = edge({}, { siteRegion: 'eu-west-1' });
    expect(config(template).WebACLId).toEqual({ 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Edge', Region: EDGE_REGION }) });
  });

  test('an app that chose its cross-stack reference strength keeps it (strong: CDK\'s export reader instead of Fn::GetStackOutput)', () => {
    const { template } = edge({}, { context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::GetStackOutput');
    template.resourceCountIs('Custom::CrossRegionExportReader', 1);
  });
});

describe('props', () => {
  test('a web ACL given by ARN', () => {
    const { template, edge: e } = edge({ webAclArn: WEB_ACL_ARN });
    expect(config(template).WebACLId).toBe(WEB_ACL_ARN);
    expect(e.webAcl).toBeUndefined();
    expect(e.webAclArn).toBe(WEB_ACL_ARN);
  });

  test('CloudFront geo restriction as the cheaper alternative', () => {
    const { template, edge: e } = edge({ geoRestriction: cloudfront.GeoRestriction.denylist('CN', 'RU') });
    expect(config(template).Restrictions).toEqual({ GeoRestriction: { RestrictionType: 'blacklist', Locations: ['CN', 'RU'] } });
    expect(nagFindings(e)).toEqual([]);
  });

  test('price class, read timeout, static TTL, response headers, comment', () => {
    const { template } = edge({
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      originReadTimeout: Duration.seconds(90),
      staticFilesTtl: Duration.days(7),
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS,
      comment: 'Blog',
    });
    const c = config(template);
    expect(c).toMatchObject({ PriceClass: 'PriceClass_200', Comment: 'Blog' });
    expect(c.Origins[0].VpcOriginConfig.OriginReadTimeout).toBe(90);
    expect(c.DefaultCacheBehavior.ResponseHeadersPolicyId).toBe('60669652-455b-4ae9-85a4-c4c02393f86c');
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', { CachePolicyConfig: Match.objectLike({ DefaultTTL: 7 * 86400 }) });
  });

  test('the origin is told the distribution\'s URL and that the viewer\'s address arrives in CloudFront-Viewer-Address', () => {
    expect(defaults.origin.fronts).toEqual([{ publicUrl: defaults.edge.url, clientIpHeader: 'CloudFront-Viewer-Address' }]);
    expect(defaults.edge.clientIpHeader).toBe('CloudFront-Viewer-Address');
    // ... the header the origin request policy forwards.
    defaults.template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: { HeaderBehavior: 'allViewerAndWhitelistCloudFront', Headers: Match.arrayWith(['CloudFront-Viewer-Address']) },
      }),
    });
  });

  test('clientIpHeader names another header for the origin (one a CloudFront Function of the owner sets)', () => {
    const e = edge({ clientIpHeader: 'True-Client-IP' });
    expect(e.origin.fronts).toEqual([{ publicUrl: e.edge.url, clientIpHeader: 'True-Client-IP' }]);
  });

  test('an HTTPS listener of the origin: HTTPS through the VPC origin on its port, the prefix list on that port only', () => {
    const { template } = edge({}, { origin: { https: true, port: 8443 }, customize: customDomain });
    template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', HTTPSPort: 8443, OriginSSLProtocols: ['TLSv1.2'] }),
    });
    expect(loadBalancerIngress(template)).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-xxxxxxxx', FromPort: 8443, ToPort: 8443 })]);
  });

  test('a given prefix list ID is used as is, on the origin\'s HTTP listener port, without a lookup', () => {
    const e = edge({ originAccess: LoadBalancerOriginAccess.vpcOrigin({ cloudFrontPrefixListId: 'pl-58a04531' }) }, { origin: { port: 8000 } });
    e.template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'http-only', HTTPPort: 8000 }),
    });
    expect(loadBalancerIngress(e.template)).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-58a04531', FromPort: 8000, ToPort: 8000 })]);
    expect((e.app.synth().manifest.missing ?? []).filter((m) => m.provider !== 'availability-zones')).toEqual([]);
  });

  test('media offload: a private, encrypted, versioned, logged bucket serves uploads through Origin Access Control', () => {
    const e = edge({ mediaOffload: true });
    const bucketId = logicalId(e.siteStack, e.edge.mediaBucket!);
    e.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(e.siteStack, e.edge.accessLogsBucket) }, LogFilePrefix: 'media-bucket/' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    });
    e.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4', Name: Match.anyValue() },
    });
    const uploads = behavior(e.template, 'wp-content/uploads/*');
    const s3Origin = config(e.template).Origins.find((o: any) => o.Id === uploads.TargetOriginId);
    expect(s3Origin).toMatchObject({ DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] }, OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] } });
    e.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } }),
        ]),
      },
    });
    // The media bucket's access logs go to the access logs bucket under a bucket policy, not the legacy log-delivery ACL.
    const logsId = logicalId(e.siteStack, e.edge.accessLogsBucket);
    expect(e.template.toJSON().Resources[logsId].Properties.AccessControl).toBeUndefined();
    e.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } }, StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        })]),
      },
    });
    expect(nagFindings(e.edge)).toEqual([]);
  });

  test('grantMediaReadWrite: get, put and delete objects and list the bucket, nothing more; cdk-nag clean', () => {
    const f = edgeFixture();
    const e = new GeoBlockedCloudFrontWaf(f.siteStack, 'Edge', { origin: new OwnOrigin(f.loadBalancer), webAclArn: WEB_ACL_ARN, mediaOffload: true });
    const role = new iam.Role(f.siteStack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    e.grantMediaReadWrite(role);
    dropEmptyEdgeStack(f);
    const bucketId = logicalId(f.siteStack, e.mediaBucket!);
    Template.fromStack(f.siteStack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] } },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] } },
        ],
      },
    });
    expect(nagFindings(role)).toEqual([]);
  });

  test('a given media bucket and access logs bucket; buckets destroyed on removal when asked', () => {
    const { template, edge: e, siteStack } = edge({ removalPolicy: RemovalPolicy.DESTROY }, {
      customize: (f) => ({
        mediaBucket: s3.Bucket.fromBucketName(f.siteStack, 'Media', 'my-media'),
        accessLogsBucket: new s3.Bucket(f.siteStack, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }),
      }),
    });
    expect(e.mediaBucket!.bucketName).toBe('my-media');
    expect(config(template).Logging.Bucket).toEqual({ 'Fn::GetAtt': [logicalId(siteStack, e.accessLogsBucket), 'RegionalDomainName'] });
    const destroyed = edge({ removalPolicy: RemovalPolicy.DESTROY, mediaOffload: true }).template;
    expect(Object.values<any>(destroyed.findResources('AWS::S3::Bucket')).map((b) => b.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  });
});

describe('public load balancer with a secret header', () => {
  let pub: Edge;
  beforeAll(() => {
    pub = edge({}, {
      internetFacing: true,
      origin: { https: true },
      customize: (f) => ({
        ...customDomain(f),
        originAccess: LoadBalancerOriginAccess.publicWithSecretHeader({ cloudFrontPrefixListId: 'pl-58a04531' }),
      }),
    });
  });

  test('the origin learns the URL and the viewer-address header: only this distribution passes the listener rule', () => {
    expect(pub.origin.fronts).toEqual([{ publicUrl: 'https://www.example.com', clientIpHeader: 'CloudFront-Viewer-Address' }]);
  });

  test('a random secret, sent by CloudFront in X-Origin-Verify over HTTPS (TLS 1.2) and required by the listener rule', () => {
    pub.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
    });
    const secretRef = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: logicalId(pub.siteStack, pub.edge.originSecret as any) }, ':SecretString:::}}']] };
    pub.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 100,
      Conditions: Match.arrayWith([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Origin-Verify', Values: [secretRef] } }]),
    });
    expect(config(pub.template).Origins).toEqual([expect.objectContaining({
      DomainName: { 'Fn::GetAtt': [logicalId(pub.siteStack, pub.loadBalancer), 'DNSName'] },
      CustomOriginConfig: expect.objectContaining({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'], HTTPSPort: 443 }),
      OriginCustomHeaders: [{ HeaderName: 'X-Origin-Verify', HeaderValue: secretRef }],
    })]);
    pub.template.resourceCountIs('AWS::CloudFront::VpcOrigin', 0);
    expect(pub.edge.originHeaderName).toBe('X-Origin-Verify');
    expect(JSON.stringify(pub.template.toJSON())).not.toMatch(/"SecretString"\s*:/);
  });

  test('only CloudFront\'s origin-facing prefix list may reach the load balancer, on 443', () => {
    const inline = Object.values<any>(pub.template.findResources('AWS::EC2::SecurityGroup')).flatMap((g) => g.Properties.SecurityGroupIngress ?? []);
    const separate = Object.values<any>(pub.template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    expect([...inline, ...separate]).toEqual([expect.objectContaining({ SourcePrefixListId: 'pl-58a04531', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]);
  });

  test('cdk-nag finds nothing unacknowledged in the edge', () => {
    expect(nagFindings(pub.edge)).toEqual([]);
  });
});

describe('cdk-nag acknowledgements follow the configuration', () => {
  /** The acknowledgements recorded on the distribution, by rule id. */
  function acknowledged(e: GeoBlockedCloudFrontWaf): { [id: string]: string } {
    const recorded = Object.assign({}, ...e.distribution.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data));
    return Object.fromEntries(Object.entries(recorded).map(([id, reason]) => [id.replace(/^.*::/, ''), reason as string]));
  }

  test('geo-blocking in the web ACL: CFR1 is acknowledged as done by WAF', () => {
    expect(acknowledged(edge({}, { webAcl: { blockedCountries: ['CN'] } }).edge)['AwsSolutions-CFR1']).toMatch(/enforced by the web ACL's GeoBlock rule/);
  });

  test('no geo-blocking at all: CFR1 says the owner chose to serve every country', () => {
    expect(acknowledged(defaults.edge)['AwsSolutions-CFR1']).toMatch(/serves every country by its owner's configuration/);
  });

  test('a web ACL by ARN: CFR1 says it is left to that web ACL', () => {
    expect(acknowledged(edge({ webAclArn: WEB_ACL_ARN }).edge)['AwsSolutions-CFR1']).toMatch(/left to the web ACL given by webAclArn/);
  });

  test('CFR4 only without a custom domain', () => {
    expect(acknowledged(defaults.edge)['AwsSolutions-CFR4']).toMatch(/default certificate/);
    expect(acknowledged(edge({}, { customize: customDomain }).edge)['AwsSolutions-CFR4']).toBeUndefined();
  });
});

describe('bad input is rejected at synth, naming the prop', () => {
  const cases: Array<[string, Partial<GeoBlockedCloudFrontWafProps>, Parameters<typeof edge>[1], RegExp]> = [
    ['no web ACL', { webAcl: undefined }, {}, /a web ACL is required: give webAcl \(a WordpressWebAcl in a stack in us-east-1\) or webAclArn/],
    ['two web ACLs', {}, { customize: () => ({ webAclArn: WEB_ACL_ARN }) }, /webAcl and webAclArn cannot both be set/],
    ['a regional web ACL', { webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/wp/abc` }, {}, /invalid webAclArn: .*CloudFront-scope WAFv2 web ACL/],
    ['a CloudFront web ACL ARN outside us-east-1', { webAclArn: `arn:aws:wafv2:eu-west-1:${ACCOUNT}:global/webacl/wp/abc` }, {},
      /invalid webAclArn: .*lives in us-east-1, not eu-west-1/],
    ['not an ARN', { webAclArn: 'my-web-acl' }, {}, /invalid webAclArn: "my-web-acl"/],
    ['a certificate in the site\'s region', {}, {
      customize: (f) => ({
        certificate: new acm.Certificate(f.siteStack, 'Cert', { domainName: 'www.example.com' }), domainNames: ['www.example.com'],
      }),
    }, /invalid certificate: .*CloudFront only uses certificates issued in us-east-1; this one is in ap-northeast-1/],
    ['a certificate imported from eu-west-1', {}, {
      customize: (f) => ({
        certificate: acm.Certificate.fromCertificateArn(f.siteStack, 'Cert', `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/abc`), domainNames: ['www.example.com'],
      }),
    }, /invalid certificate: .*this one is in eu-west-1/],
    ['a certificate without domain names', {}, { customize: (f) => ({ certificate: acm.Certificate.fromCertificateArn(f.siteStack, 'C', CERT_ARN) }) },
      /certificate is set but domainNames is not/],
    ['a domain without a certificate', { domainNames: ['www.example.com'] }, {}, /invalid domainNames: \["www\.example\.com"\]\. A custom domain needs a certificate/],
    ['an empty domain list', { domainNames: [] }, {}, /invalid domainNames: \[\]\. Give at least one domain name/],
    ['a malformed domain', {}, { customize: (f) => ({ ...customDomain(f), domainNames: ['www example com'] }) }, /invalid domainNames\[0\]: "www example com"/],
    ['a hosted zone without domain names', {}, {
      customize: (f) => ({ hostedZone: route53.HostedZone.fromHostedZoneAttributes(f.siteStack, 'Z', { hostedZoneId: 'Z1', zoneName: 'example.com' }) }),
    }, /hostedZone is set but domainNames is not/],
    ['a domain outside the hosted zone', {}, { customize: (f) => ({ ...customDomain(f), domainNames: ['www.example.org'] }) },
      /invalid domainNames\[0\]: "www\.example\.org"\. It is not in the hosted zone example\.com/],
    ['a geo restriction with an unknown country', { geoRestriction: cloudfront.GeoRestriction.denylist('XX') }, {},
      /invalid geoRestriction\.locations\[0\]: "XX"/],
    ['geo-blocking twice', { geoRestriction: cloudfront.GeoRestriction.denylist('CN') }, { webAcl: { blockedCountries: ['CN'] } },
      /geoRestriction is set and the web ACL already geo-blocks/],
    ['a media bucket with media offload off', { mediaOffload: false }, { customize: (f) => ({ mediaBucket: s3.Bucket.fromBucketName(f.siteStack, 'M', 'my-media') }) },
      /mediaBucket is set but mediaOffload is false/],
    ['a read timeout over 120 s', { originReadTimeout: Duration.seconds(121) }, {}, /invalid originReadTimeout: 2 minutes 1 second\. Allowed: whole seconds from 1 to 120/],
    ['a read timeout of a fraction of a second', { originReadTimeout: Duration.millis(1500) }, {}, /invalid originReadTimeout: 1 second 500 millis\. Allowed: whole seconds/],
    ['a client IP header that is no header name', { clientIpHeader: 'Client IP' }, {}, /invalid clientIpHeader: "Client IP"\. Allowed: an HTTP header name/],
    ['a static TTL over a year', { staticFilesTtl: Duration.days(400) }, {}, /invalid staticFilesTtl: 400 days/],
    ['a VPC origin to an internet-facing load balancer', {}, { internetFacing: true }, /invalid originAccess: "vpcOrigin\(\)"\. The load balancer is internet-facing/],
    ['a VPC origin with a malformed prefix list', { originAccess: LoadBalancerOriginAccess.vpcOrigin({ cloudFrontPrefixListId: 'sg-0123456789abcdef0' }) }, {},
      /invalid originAccess\.cloudFrontPrefixListId: "sg-0123456789abcdef0"\. Allowed: the ID \(pl-\.\.\.\)/],
    ['HTTPS to a VPC origin without a domain', {}, { origin: { https: true } },
      /invalid origin\.listenerProtocol: "HTTPS"\. HTTPS to the load balancer needs domainNames/],
    ['a public origin that is internal', {}, { customize: (f) => ({ ...customDomain(f), originAccess: publicAccess(f) }) },
      /invalid originAccess: "publicWithSecretHeader\(\)"\. The load balancer is internal/],
    ['a malformed prefix list', {}, { internetFacing: true, origin: { https: true }, customize: (f) => ({ ...customDomain(f), originAccess: publicAccess(f, 'com.amazonaws.global.cloudfront.origin-facing') }) },
      /invalid originAccess\.cloudFrontPrefixListId: "com\.amazonaws/],
    ['a header name with a space', {}, { internetFacing: true, origin: { https: true }, customize: (f) => ({ ...customDomain(f), originAccess: publicAccess(f, 'pl-58a04531', 'X Origin') }) },
      /invalid originAccess\.headerName: "X Origin"/],
    ['a public origin whose load balancer is open to the internet', {}, {
      internetFacing: true,
      origin: { https: true },
      customize: (f) => {
        f.loadBalancer.addListener('Open', { port: 8080, open: true, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
        return { ...customDomain(f), originAccess: publicAccess(f) };
      },
    }, /security group Site\/LoadBalancer\/SecurityGroup admits 0\.0\.0\.0\/0 on port 8080: with publicWithSecretHeader\(\) only CloudFront/],
    ['a public origin with an HTTP listener', {}, { internetFacing: true, customize: (f) => ({ ...customDomain(f), originAccess: publicAccess(f) }) },
      /invalid origin\.listenerProtocol: "HTTP"\. publicWithSecretHeader\(\) sends the secret header over the internet, so only over HTTPS/],
    ['a public origin without a domain', {}, { internetFacing: true, origin: { https: true }, customize: (f) => ({ originAccess: publicAccess(f) }) },
      /invalid originAccess: "publicWithSecretHeader\(\)"\. An HTTPS origin needs domainNames/],
  ];
  test.each(cases)('%s', (_name, props, options, message) => {
    expect(() => edge(props, options)).toThrow(message);
  });
});

function publicAccess(_f: EdgeFixture, cloudFrontPrefixListId = 'pl-58a04531', headerName?: string): LoadBalancerOriginAccess {
  return LoadBalancerOriginAccess.publicWithSecretHeader({ cloudFrontPrefixListId, headerName });
}

import { Environment, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { GeoBlockedCloudFrontWaf, GeoBlockedCloudFrontWafOptions, LoadBalancerOriginAccess, WordpressWebAcl, WordpressWebAclProps } from './edge';
import { weakReference } from './edge/private/cross-region';
import { WordpressEdgeAlarmThresholds, WordpressEdgeOperations, WordpressOperations, WordpressOperationsOptions } from './operations';
import { BlueGreenEcsPipeline, BlueGreenEcsPipelineOptions } from './pipeline';
import { validateHostingProps, warnStagingContent } from './private/hosting-props';
import { CLOUDFRONT_REGION } from './private/regions';
import { addRehearsal, webAclWithExemption } from './private/rehearsal-wiring';
import { PeakRehearsal, PeakRehearsalOptions } from './rehearsal';
import { ScalableWordpressOnFargate } from './wordpress/scalable-wordpress-on-fargate';
import { WordpressSiteOptions } from './wordpress/scalable-wordpress-on-fargate-props';
import { WordpressDeployment } from './wordpress/wordpress-deployment';

/** Properties of `WordpressHosting`. */
export interface WordpressHostingProps {
  /**
   * Account and region of the site. Both must be explicit: the web ACL, the certificate and the
   * CloudFront alarms go to us-east-1 of the same account.
   */
  readonly env: Environment;

  /**
   * Prefix of the three stacks' names (`<prefix>-Edge`, `<prefix>-Site`, `<prefix>-EdgeMonitoring`). Used as given: it must be
   * unique in the account and regions the stacks go to (e.g. include the environment, `acme-shop-prod`). Letters, digits and
   * hyphens, starting with a letter, at most 113 characters (a stack name has at most 128).
   *
   * @default - the construct's id (`Production` gives `Production-Site`); inside a `Stage`, the stage's name and the construct's id
   * (`Prod-Production`, for a stage `Prod`), so that two stages of one app, e.g. a staging and a production stage of a CDK
   * pipeline, deploy side by side in one account
   */
  readonly stackNamePrefix?: string;

  /**
   * The site's domain name, e.g. `www.example.com`: CloudFront serves it with a certificate in
   * us-east-1, and WordPress is pinned to `https://<domainName>`.
   */
  readonly domainName: string;

  /**
   * The public hosted zone of `domainName` (its ID and name): the certificate is validated and the
   * alias records are created in it.
   */
  readonly hostedZone: route53.HostedZoneAttributes;

  /**
   * Availability zones of the site's new VPC. They are also recorded as the site stack's zones, so
   * that synthesis needs no lookup (without them, `cdk synth` asks AWS for the region's zones).
   *
   * @default - the first two zones of the region, looked up by the CDK CLI
   */
  readonly availabilityZones?: string[];

  /**
   * An existing VPC, by its attributes (IDs of its subnets, zones, CIDR block): the site is built in it
   * instead of a new VPC, without a lookup. Tasks and the internal load balancer go to the private
   * subnets, the database and the file system to the isolated ones (or the private ones without).
   * For a VPC defined in another stack of the app, pass it as `site.vpc` instead.
   *
   * @default - a new VPC (or `site.vpc` / `site.cluster`)
   */
  readonly vpcAttributes?: ec2.VpcAttributes;

  /**
   * ID of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in the site's
   * region (`pl-...`): the load balancer admits it, and nothing else, on its listener (a CloudFront VPC
   * origin's traffic comes from CloudFront's origin-facing addresses, not from the VPC). Find it with
   * `aws ec2 describe-managed-prefix-lists --filters
   * Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing --region <region>`.
   *
   * @default - looked up by name (`ec2.PrefixList.fromLookup`): the CDK CLI resolves it once with
   * credentials and records it in `cdk.context.json`
   */
  readonly cloudFrontPrefixListId?: string;

  /**
   * Everything `ScalableWordpressOnFargate` offers (capacity, monthly peaks, database, image, ...) but where
   * its traffic comes from, which the drop-in decides (an internal load balancer behind CloudFront for
   * `domainName`).
   *
   * @default - the site's defaults, with `clientIpHeader: 'CloudFront-Viewer-Address'` (WordPress sees the
   * viewer's address, which CloudFront sends, rather than CloudFront's); with a `pipeline`,
   * `deployment: WordpressDeployment.ecsBlueGreen()` and so `content: WordpressContent.immutable()` (the code comes
   * from the released image), without one `WordpressContent.shared()`
   */
  readonly site?: WordpressSiteOptions;

  /**
   * The web ACL's settings: geo-blocking, the admin allow-list, rate limit, managed rule groups, logging.
   *
   * @default - the `WordpressWebAcl` defaults
   */
  readonly webAcl?: WordpressWebAclProps;

  /**
   * The distribution's settings: price class, media offload, caching of static files, ...
   *
   * @default - the `GeoBlockedCloudFrontWaf` defaults
   */
  readonly edge?: GeoBlockedCloudFrontWafOptions;

  /**
   * A release pipeline onto this stage's site. It releases the way the site's `deployment` says
   * (`WordpressDeployment.ecsBlueGreen()` by default with a pipeline; `codeDeployBlueGreen()` for CodeDeploy).
   *
   * @default - no pipeline
   */
  readonly pipeline?: BlueGreenEcsPipelineOptions;

  /**
   * A staging `WordpressHosting` (same app, stage, account and region) whose site each release goes to
   * first: the pipeline deploys there, waits for the approval (if `manualApproval`), then releases
   * here. The two share nothing stateful. Staging's tasks pull each release from this pipeline's
   * repository: its policy names staging's task execution role (this stack already depends on
   * staging's, so no reference goes the other way).
   *
   * @default - no staging deployment
   */
  readonly promoteFrom?: WordpressHosting;

  /**
   * E-mail addresses the alarms notify (in the site's region and in us-east-1), and, with a pipeline,
   * its release notifications (approval needed, started, succeeded, failed, rolled back).
   *
   * @default - no subscription
   */
  readonly alarmEmails?: string[];

  /**
   * The site's alarms and dashboard: thresholds, dashboard name, an existing topic.
   *
   * @default - the `WordpressOperations` defaults
   */
  readonly operations?: WordpressOperationsOptions;

  /**
   * Thresholds of the us-east-1 alarms on CloudFront and the web ACL.
   *
   * @default - the `WordpressEdgeOperations` defaults
   */
  readonly edgeAlarmThresholds?: WordpressEdgeAlarmThresholds;

  /**
   * A peak rehearsal (`PeakRehearsal`) some days before each of `site.monthlyPeaks`: the web ACL gets a rate-limit
   * exemption whose token is replicated to the site's region, the rehearsal reports to the operations topic and
   * dashboard. Needs `site.monthlyPeaks`.
   *
   * @default - no rehearsal
   */
  readonly rehearsal?: PeakRehearsalOptions;
}

/**
 * The whole architecture for one domain, in three stacks: add it to an app once per environment
 * (e.g. staging and production), in a few lines.
 *
 * Creates, as children of the app (it is not placed inside a stack):
 * - `<prefix>-Edge`, in us-east-1: the `WordpressWebAcl` and the CloudFront certificate (DNS-validated);
 * - `<prefix>-Site`, in the given region: `ScalableWordpressOnFargate` with an internal load balancer
 *   that admits only CloudFront's origin-facing prefix list and gives WordPress the viewer's address
 *   from `CloudFront-Viewer-Address`, `GeoBlockedCloudFrontWaf` in front of it through a CloudFront VPC
 *   origin with the domain's alias records, `WordpressOperations` (alarms, dashboard) and, when asked, a `BlueGreenEcsPipeline`;
 * - `<prefix>-EdgeMonitoring`, in us-east-1: `WordpressEdgeOperations`, the alarms on CloudFront and
 *   the web ACL, whose metrics live there.
 * References between regions are read with `Fn::GetStackOutput`: no custom resources. Two of them
 * (staging, production) share nothing stateful; `promoteFrom` lets production's pipeline release to
 * staging first. Every sub-construct's props are reachable (`site`, `webAcl`, `edge`, `pipeline`,
 * `operations`) and every child is exposed.
 */
export class WordpressHosting extends Construct {
  /** The us-east-1 stack with the web ACL and the certificate. */
  public readonly edgeStack: Stack;
  /** The stack with the site, its distribution, operations and pipeline. */
  public readonly siteStack: Stack;
  /** The us-east-1 stack with the CloudFront and WAF alarms. */
  public readonly edgeMonitoringStack: Stack;
  /** The web ACL. */
  public readonly webAcl: WordpressWebAcl;
  /** The CloudFront certificate (us-east-1). */
  public readonly certificate: acm.Certificate;
  /** The WordPress site. */
  public readonly site: ScalableWordpressOnFargate;
  /** The CloudFront distribution in front of the site. */
  public readonly edge: GeoBlockedCloudFrontWaf;
  /** Alarms and dashboard of the site. */
  public readonly operations: WordpressOperations;
  /** Alarms on CloudFront and the web ACL (us-east-1). */
  public readonly edgeOperations: WordpressEdgeOperations;
  /** The release pipeline, when one was asked for. */
  public readonly pipeline?: BlueGreenEcsPipeline;
  /** The peak rehearsal, when one was asked for. */
  public readonly rehearsal?: PeakRehearsal;
  /** The site's URL: `https://<domainName>`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: WordpressHostingProps) {
    super(scope, id);
    const { account, region, prefix } = validateHostingProps(this, scope, id, props);
    this.url = `https://${props.domainName}`;
    const edgeEnv = { account, region: CLOUDFRONT_REGION };

    // ------------------------------------------------------------------ us-east-1: web ACL and certificate
    this.edgeStack = new Stack(this, 'Edge', {
      env: edgeEnv,
      stackName: `${prefix}-Edge`,
      description: `CloudFront web ACL and certificate of ${props.domainName} (cdk-fargate-wordpress)`,
    });
    this.webAcl = new WordpressWebAcl(this.edgeStack, 'WebAcl', props.rehearsal ? webAclWithExemption(props.webAcl, region) : props.webAcl);
    this.certificate = new acm.Certificate(this.edgeStack, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(route53.HostedZone.fromHostedZoneAttributes(this.edgeStack, 'Zone', props.hostedZone)),
    });

    // ------------------------------------------------------------------ the site's region
    this.siteStack = new Stack(this, 'Site', {
      env: props.env,
      stackName: `${prefix}-Site`,
      description: `WordPress for ${props.domainName} on ECS Fargate behind CloudFront (cdk-fargate-wordpress)`,
    });
    const zones = props.availabilityZones ?? props.site?.availabilityZones;
    if (zones) {
      // What `cdk.context.json` would hold after a lookup: ec2.Vpc checks the given zones against the region's.
      this.siteStack.node.setContext(`availability-zones:account=${account}:region=${region}`, zones);
    }
    const existingVpc = props.vpcAttributes ? ec2.Vpc.fromVpcAttributes(this.siteStack, 'Vpc', props.vpcAttributes) : undefined;
    this.site = new ScalableWordpressOnFargate(this.siteStack, 'Wordpress', {
      availabilityZones: props.availabilityZones,
      vpc: existingVpc,
      deployment: props.pipeline ? WordpressDeployment.ecsBlueGreen() : undefined,
      // Only CloudFront reaches the load balancer (the edge admits its prefix list), which sends the viewer's address.
      clientIpHeader: 'CloudFront-Viewer-Address',
      ...props.site,
      internetFacing: false,
      publicUrl: this.url,
    });
    // us-east-1, deployed after the site: the CloudFront and WAF alarms, and a flat-rate plan's subscription.
    this.edgeMonitoringStack = new Stack(this, 'EdgeMonitoring', {
      env: edgeEnv,
      stackName: `${prefix}-EdgeMonitoring`,
      description: `Alarms on CloudFront and the web ACL of ${props.domainName} (cdk-fargate-wordpress)`,
    });
    this.edge = new GeoBlockedCloudFrontWaf(this.siteStack, 'Edge', {
      ...props.edge,
      origin: this.site,
      // The header the site was told to believe (CloudFront-Viewer-Address unless site.clientIpHeader names another).
      clientIpHeader: props.site?.clientIpHeader ?? props.edge?.clientIpHeader,
      originAccess: LoadBalancerOriginAccess.vpcOrigin({ cloudFrontPrefixListId: props.cloudFrontPrefixListId }),
      webAcl: this.webAcl,
      certificate: this.certificate,
      domainNames: [props.domainName],
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(this.siteStack, 'Zone', props.hostedZone),
      // PricingPlanManager answers in us-east-1 only: the subscription goes there, after the distribution exists.
      pricingPlanStack: this.edgeMonitoringStack,
    });
    if (this.edge.mediaBucket) {
      this.edge.grantMediaReadWrite(this.site);
    }

    if (props.promoteFrom && props.promoteFrom.site.content.codeFromImage !== this.site.content.codeFromImage) {
      warnStagingContent(this, props.promoteFrom.site, this.site);
    }
    if (props.pipeline) {
      this.pipeline = new BlueGreenEcsPipeline(this.siteStack, 'Releases', {
        ...props.pipeline,
        service: this.site,
        staging: props.promoteFrom ? { service: props.promoteFrom.site, url: props.promoteFrom.url } : undefined,
      });
      if (!props.pipeline.notificationTopic) {
        // The operators hear about releases too: approvals needed, deployments started, succeeded, failed, rolled back.
        for (const email of props.alarmEmails ?? []) {
          this.pipeline.notificationTopic.addSubscription(new subscriptions.EmailSubscription(email));
        }
      }
    }

    this.operations = new WordpressOperations(this.siteStack, 'Operations', {
      alarmEmails: props.alarmEmails,
      ...props.operations,
      site: this.site,
      distribution: this.edge.distribution,
      webAclName: this.webAcl.webAclName,
      webAclRuleMetricNames: this.webAcl.ruleMetricNames,
      pipeline: this.pipeline?.pipeline,
    });

    if (props.rehearsal) {
      this.rehearsal = addRehearsal(this.edgeStack, this.siteStack, this.webAcl, this.site, this.url, props.rehearsal, this.operations);
    }

    this.edgeOperations = new WordpressEdgeOperations(this.edgeMonitoringStack, 'EdgeOperations', {
      distribution: cloudfront.Distribution.fromDistributionAttributes(this.edgeMonitoringStack, 'Distribution', {
        distributionId: weakReference(this.edgeMonitoringStack, this.edge.distribution.distributionId),
        domainName: props.domainName,
      }),
      webAclName: this.webAcl.webAclName,
      alarmEmails: props.alarmEmails,
      thresholds: props.edgeAlarmThresholds,
    });
  }
}

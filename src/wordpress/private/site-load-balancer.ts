import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ResolvedSiteProps } from './resolved-props';
import { acknowledge } from '../../private/acknowledge';
import { ValidationError } from '../../private/validation';

/** Port of the WordPress container (Apache in the official image). */
export const CONTAINER_PORT = 80;

/** The load balancer in front of the tasks, its listeners and target groups. */
export interface SiteLoadBalancer {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly accessLogsBucket?: s3.IBucket;
  readonly certificate?: acm.ICertificate;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  readonly listener: elbv2.ApplicationListener;
  readonly listenerPort: number;
  readonly listenerProtocol: elbv2.ApplicationProtocol;
  readonly redirectListener?: elbv2.ApplicationListener;
  readonly listenerRule: elbv2.ApplicationListenerRule;
  readonly testListener?: elbv2.ApplicationListener;
  readonly testListenerRule?: elbv2.ApplicationListenerRule;
}

/**
 * The Application Load Balancer (ID `LoadBalancer`) with its access logs (`AccessLogs`), the certificate (`Certificate`),
 * the target group (`TargetGroup`, and `AlternateTargetGroup` for blue/green), the production listener (`HttpsListener`
 * with a redirect from port 80, or `HttpListener`) whose rule (`ListenerRule`) forwards to WordPress and whose default
 * action answers 404, the blue/green test listener (`TestListener`, `TestListenerRule`), and the alias record (`AliasRecord`).
 */
export function createSiteLoadBalancer(scope: Construct, vpc: ec2.IVpc, resolved: ResolvedSiteProps): SiteLoadBalancer {
  const props = resolved.props;
  const internetFacing = resolved.internetFacing;
  const openListener = resolved.openListener;
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc,
    internetFacing,
    vpcSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
    dropInvalidHeaderFields: true,
    // Behind a proxy that names the viewer in a header, X-Forwarded-For would only make Apache's mod_remoteip take
    // the load balancer's peer (a CloudFront address) for the client: WordPress then sees the load balancer itself.
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html#x-forwarded-for
    xffHeaderProcessingMode: props.clientIpHeader ? elbv2.XffHeaderProcessingMode.REMOVE : undefined,
  });
  let accessLogsBucket: s3.IBucket | undefined;
  if (resolved.loadBalancerAccessLogs) {
    if (Token.isUnresolved(Stack.of(scope).region)) {
      throw new ValidationError(scope, 'load balancer access logs need the stack\'s region: give the stack an explicit '
        + 'env.region, or set loadBalancerAccessLogs: false.');
    }
    accessLogsBucket = props.accessLogsBucket ?? createAccessLogsBucket(scope, resolved);
    loadBalancer.logAccessLogs(accessLogsBucket, 'alb');
  }
  if (openListener) {
    acknowledge(loadBalancer, 'AwsSolutions-EC23',
      'An internet-facing load balancer of a public website accepts HTTP(S) from anywhere; only ports 80/443 are open.');
  }

  const certificate = props.certificate ?? (props.domainName && props.hostedZone
    ? new acm.Certificate(scope, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    })
    : undefined);

  const targetGroupProps: elbv2.ApplicationTargetGroupProps = {
    vpc,
    port: CONTAINER_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    deregistrationDelay: resolved.deregistrationDelay,
    healthCheck: resolved.healthCheck,
  };
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', targetGroupProps);
  const alternateTargetGroup = resolved.deployment.blueGreen
    ? new elbv2.ApplicationTargetGroup(scope, 'AlternateTargetGroup', targetGroupProps)
    : undefined;
  // With blue/green both target groups sit behind the rule (the idle one at weight 0); a deployment moves the weights.
  const forwardToWordpress = (): elbv2.ListenerAction => alternateTargetGroup
    ? elbv2.ListenerAction.weightedForward([
      { targetGroup, weight: 1 },
      { targetGroup: alternateTargetGroup, weight: 0 },
    ])
    : elbv2.ListenerAction.forward([targetGroup]);

  let listener: elbv2.ApplicationListener;
  let redirectListener: elbv2.ApplicationListener | undefined;
  if (certificate) {
    listener = loadBalancer.addListener('HttpsListener', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: resolved.sslPolicy,
      open: openListener,
      defaultAction: notFound(),
    });
    redirectListener = loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: openListener });
  } else {
    listener = loadBalancer.addListener('HttpListener', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: openListener,
      defaultAction: notFound(),
    });
  }
  const listenerRule = new elbv2.ApplicationListenerRule(scope, 'ListenerRule', {
    listener,
    priority: 100,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
    action: forwardToWordpress(),
  });

  let testListener: elbv2.ApplicationListener | undefined;
  let testListenerRule: elbv2.ApplicationListenerRule | undefined;
  const testListenerPort = testListenerPortOf(resolved, certificate !== undefined);
  if (testListenerPort !== undefined) {
    testListener = loadBalancer.addListener('TestListener', {
      port: testListenerPort,
      protocol: certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
      certificates: certificate ? [certificate] : undefined,
      sslPolicy: certificate ? resolved.sslPolicy : undefined,
      open: false,
      defaultAction: notFound(),
    });
    testListenerRule = new elbv2.ApplicationListenerRule(scope, 'TestListenerRule', {
      listener: testListener,
      priority: 100,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: forwardToWordpress(),
    });
    loadBalancer.connections.allowFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(testListenerPort),
      'Blue/green test traffic from inside the VPC');
  }
  // An internal load balancer's production listener admits nobody here: a CloudFront VPC origin's traffic arrives from
  // CloudFront's origin-facing addresses, not from the VPC's CIDR block, and GeoBlockedCloudFrontWaf admits exactly those
  // (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html).
  if (testListenerPort !== undefined && !openListener) {
    acknowledge(loadBalancer, 'AwsSolutions-EC23',
      'Only the blue/green test listener admits a CIDR block, the VPC\'s own; cdk-nag cannot resolve that intrinsic and flags it.');
  }
  if (props.domainName && props.hostedZone && internetFacing) {
    const target = route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(loadBalancer));
    new route53.ARecord(scope, 'AliasRecord', { zone: props.hostedZone, recordName: props.domainName, target });
  }
  return {
    loadBalancer,
    accessLogsBucket,
    certificate,
    targetGroup,
    alternateTargetGroup,
    listener,
    listenerPort: certificate ? 443 : 80,
    listenerProtocol: certificate ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
    redirectListener,
    listenerRule,
    testListener,
    testListenerRule,
  };
}

/** The role ECS assumes to move traffic between the target groups (native ECS blue/green), ID `BlueGreenRole`. */
export function createBlueGreenRole(scope: Construct): iam.Role {
  const role = new iam.Role(scope, 'BlueGreenRole', {
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    description: 'Lets Amazon ECS move WordPress traffic between the blue/green target groups',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForLoadBalancers')],
  });
  acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
    'The policy Amazon ECS documents for its blue/green infrastructure role, maintained by AWS as the deployment controller '
      + 'changes; only ecs.amazonaws.com can assume the role, and ECS uses it on this service\'s listener rules and target groups.');
  return role;
}

/** Native ECS blue/green: the alternate target group and the listener rules ECS moves, with the role it moves them with. */
export function nativeBlueGreenTarget(lb: SiteLoadBalancer, alternateTargetGroup: elbv2.ApplicationTargetGroup,
  role: iam.IRole): ecs.AlternateTarget {
  return new ecs.AlternateTarget('AlternateTarget', {
    alternateTargetGroup,
    productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(lb.listenerRule),
    testListener: lb.testListenerRule ? ecs.ListenerRuleConfiguration.applicationListenerRule(lb.testListenerRule) : undefined,
    role,
  });
}

/** Port of the test listener, if the deployment has one. */
function testListenerPortOf(resolved: ResolvedSiteProps, https: boolean): number | undefined {
  const deployment = resolved.deployment;
  if (deployment._bind().kind === 'CODE_DEPLOY_BLUE_GREEN') {
    return deployment._bind().codeDeployOptions?.testListenerPort ?? (https ? 8443 : 8080);
  }
  return deployment._bind().ecsBlueGreenOptions?.testListenerPort;
}

/** The bucket of the load balancer's access logs, ID `AccessLogs`. */
function createAccessLogsBucket(scope: Construct, resolved: ResolvedSiteProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED, // the only encryption ELB access logs support
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy: resolved.accessLogsRemovalPolicy,
  });
  acknowledge(bucket, 'AwsSolutions-S1',
    'This bucket is itself the access log destination of the load balancer; logging its own access would need another bucket for no gain.');
  return bucket;
}

/** The listener's answer to requests no rule takes. */
function notFound(): elbv2.ListenerAction {
  return elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' });
}

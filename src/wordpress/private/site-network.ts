import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ResolvedSiteProps } from './resolved-props';

/** Where the site runs: its VPC and cluster, and the subnets of its tasks and of its data (database, file system). */
export interface SiteNetwork {
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  readonly taskSubnets: ec2.SubnetSelection;
  readonly dataSubnets: ec2.SubnetSelection;
}

/** The given cluster (and its VPC), or the given or a new VPC with a new cluster (IDs `Vpc`, `FlowLogGroup`, `Cluster`). */
export function createSiteNetwork(scope: Construct, resolved: ResolvedSiteProps): SiteNetwork {
  const props = resolved.props;
  let vpc: ec2.IVpc;
  let cluster: ecs.ICluster;
  if (props.cluster) {
    cluster = props.cluster;
    vpc = props.cluster.vpc;
  } else {
    vpc = props.vpc ?? createVpc(scope, resolved);
    cluster = new ecs.Cluster(scope, 'Cluster', {
      vpc,
      containerInsightsV2: resolved.containerInsights,
      enableFargateCapacityProviders: true,
    });
  }
  return {
    vpc,
    cluster,
    taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    dataSubnets: {
      subnetType: vpc.isolatedSubnets.length > 0 ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS,
    },
  };
}

/** Two zones of public, private (tasks) and isolated (data) subnets, NAT, and flow logs of rejected traffic. */
function createVpc(scope: Construct, resolved: ResolvedSiteProps): ec2.Vpc {
  const props = resolved.props;
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    availabilityZones: props.availabilityZones,
    maxAzs: props.availabilityZones ? undefined : 2,
    natGateways: resolved.natGateways,
    natGatewayProvider: props.natGatewayProvider,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    restrictDefaultSecurityGroup: false,
  });
  vpc.addFlowLog('FlowLog', {
    trafficType: ec2.FlowLogTrafficType.REJECT,
    destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(scope, 'FlowLogGroup', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    })),
  });
  return vpc;
}

import { AspectPriority, Aspects, Duration, IAspect } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct, IConstruct } from 'constructs';
import { ResolvedSiteProps } from './resolved-props';
import { CONTAINER_PORT, createBlueGreenRole, nativeBlueGreenTarget, SiteLoadBalancer } from './site-load-balancer';
import { capacityProviderStrategies } from './site-scaling';

/** The Fargate service and, with native ECS blue/green, the role ECS moves traffic with. */
export interface SiteService {
  readonly service: ecs.FargateService;
  readonly blueGreenRole?: iam.IRole;
}

/** What the service runs and where. */
export interface SiteServiceOptions {
  readonly cluster: ecs.ICluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly subnets: ec2.SubnetSelection;
  readonly lb: SiteLoadBalancer;
  /** The Aurora cluster whose instances the first tasks wait for. */
  readonly databaseCluster?: rds.DatabaseCluster;
}

/**
 * The Fargate service (ID `Service`) registered in the target group, deployed the way `deployment` says (rolling with
 * the circuit breaker, native ECS blue/green with its role `BlueGreenRole`, or the CodeDeploy controller), with no
 * desired count in the template (auto scaling owns it), started after the database instances and capacity providers.
 */
export function createSiteService(scope: Construct, resolved: ResolvedSiteProps, options: SiteServiceOptions): SiteService {
  const { deployment } = resolved;
  const kind = deployment._bind().kind;
  const service = new ecs.FargateService(scope, 'Service', {
    cluster: options.cluster,
    taskDefinition: options.taskDefinition,
    vpcSubnets: options.subnets,
    assignPublicIp: false,
    enableExecuteCommand: resolved.enableExecuteCommand,
    healthCheckGracePeriod: resolved.healthCheckGracePeriod,
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    // CodeDeploy's controller has no circuit breaker: its deployment group's alarms roll back instead.
    circuitBreaker: kind === 'CODE_DEPLOY_BLUE_GREEN' ? undefined : { enable: true, rollback: true },
    deploymentController: kind === 'CODE_DEPLOY_BLUE_GREEN'
      ? { type: ecs.DeploymentControllerType.CODE_DEPLOY } : undefined,
    deploymentStrategy: kind === 'ECS_BLUE_GREEN' ? ecs.DeploymentStrategy.BLUE_GREEN : undefined,
    bakeTime: kind === 'ECS_BLUE_GREEN' ? deployment._bind().ecsBlueGreenOptions?.bakeTime ?? Duration.minutes(5) : undefined,
    propagateTags: ecs.PropagatedTagSource.SERVICE,
    capacityProviderStrategies: capacityProviderStrategies(resolved.capacity),
  });
  // Leave the running count to auto scaling: a DesiredCount in the template would reset it on every deployment.
  (service.node.defaultChild as ecs.CfnService).addPropertyDeletionOverride('DesiredCount');
  const blueGreenRole = kind === 'ECS_BLUE_GREEN' ? createBlueGreenRole(scope) : undefined;
  const { lb } = options;
  lb.targetGroup.addTarget(service.loadBalancerTarget({
    containerName: options.container.containerName,
    containerPort: CONTAINER_PORT,
    alternateTarget: blueGreenRole && lb.alternateTargetGroup
      ? nativeBlueGreenTarget(lb, lb.alternateTargetGroup, blueGreenRole) : undefined,
  }));
  startServiceAfterItsDependencies(service, options.cluster, options.databaseCluster);
  return { service, blueGreenRole };
}

/**
 * Make the first deployment wait for what the tasks need before ECS starts any.
 *
 * - The Aurora DB instances (writer and readers): the service refers to the cluster's endpoint, so
 *   CloudFormation would start it as soon as the `AWS::RDS::DBCluster` exists, minutes before its
 *   `AWS::RDS::DBInstance`s accept connections; tasks would fail their health checks and the circuit
 *   breaker would roll the stack back. (An RDS for MySQL instance needs nothing: the service refers to
 *   the instance's own endpoint address.)
 * - The cluster's `AWS::ECS::ClusterCapacityProviderAssociations`: a service whose capacity provider
 *   strategy names FARGATE_SPOT fails with "The specified capacity provider strategy cannot contain a
 *   capacity provider that is not associated with the cluster" when it is created before the
 *   associations (https://github.com/aws/containers-roadmap/issues/631#issuecomment-816354807; AWS's
 *   fix in its own constructs: https://github.com/aws-samples/serverless-container-constructs/pull/9).
 *   aws-cdk-lib creates the associations in an aspect at synthesis, so an aspect on the cluster adds the
 *   dependency once they exist. This works for the site's cluster and for a given `ecs.Cluster`; an
 *   imported cluster (`Cluster.fromClusterAttributes`) must have its capacity providers associated
 *   before the site deploys.
 */
function startServiceAfterItsDependencies(service: ecs.FargateService, cluster: ecs.ICluster, databaseCluster?: rds.DatabaseCluster): void {
  const cfnService = service.node.defaultChild as ecs.CfnService;
  for (const instance of databaseCluster?.node.findAll() ?? []) {
    if (instance instanceof rds.CfnDBInstance) {
      cfnService.addResourceDependency(instance);
    }
  }
  if (cluster instanceof ecs.Cluster) {
    // aws-cdk-lib's aspect runs at MUTATING (200) or, without @aws-cdk/core:aspectPrioritiesMutating, DEFAULT (500).
    Aspects.of(cluster).add(new ServiceAfterCapacityProviderAssociations(cfnService), { priority: AspectPriority.DEFAULT + 1 });
  }
}

/**
 * Visits an ECS cluster after aws-cdk-lib's own aspect has created its capacity provider associations
 * (that aspect has a lower priority number, so it runs first on the same construct) and makes the
 * service depend on them.
 */
class ServiceAfterCapacityProviderAssociations implements IAspect {
  constructor(private readonly service: ecs.CfnService) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof ecs.Cluster)) {
      return;
    }
    for (const child of node.node.children) {
      if (child instanceof ecs.CfnClusterCapacityProviderAssociations) {
        this.service.addResourceDependency(child);
      }
    }
  }
}

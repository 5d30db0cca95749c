/**
 * Who talks to whom, read from the templates (not from the code that wrote them): the pieces of a
 * load-balanced ECS service and the CloudFront origins in front of load balancers. The network checks
 * then ask whether each of these conversations is open, and whether anything else gets in.
 */
import { ModelResource, TemplateModel } from './template-model';

/** One ECS service and the resources its tasks use. */
export interface ServiceTopology {
  readonly service: ModelResource;
  readonly taskDefinition: ModelResource;
  /** The load balancers whose listeners forward to the service's target groups, each with the container port. */
  readonly loadBalancers: Array<{ readonly loadBalancer: ModelResource; readonly containerPort: number }>;
  /** Databases (RDS clusters, stand-alone instances) the task definition's containers are given (host, secret). */
  readonly databases: ModelResource[];
  /** EFS file systems the task definition mounts. */
  readonly fileSystems: ModelResource[];
}

/** One CloudFront origin that is a load balancer: the distribution, the load balancer and the port CloudFront connects to. */
export interface LoadBalancerOrigin {
  readonly distribution: ModelResource;
  readonly loadBalancer: ModelResource;
  readonly ports: number[];
  /** `vpc-origin` (AWS::CloudFront::VpcOrigin) or `custom` (the load balancer's DNS name as a custom origin). */
  readonly kind: 'vpc-origin' | 'custom';
}

/** Every ECS service of the model and what it uses. */
export function services(model: TemplateModel): ServiceTopology[] {
  return model.resources('AWS::ECS::Service').map((service) => {
    const taskDefinition = taskDefinitionOf(model, service);
    if (!taskDefinition) {
      throw new Error(`${service.key}: its TaskDefinition is not a resource of the model`);
    }
    const loadBalancers = (service.properties.LoadBalancers ?? []).flatMap((lb: any) => {
      const targetGroup = model.target(service.stack, lb.TargetGroupArn)?.resource;
      const containerPort = Number(lb.ContainerPort);
      return targetGroup ? loadBalancersForwardingTo(model, targetGroup).map((loadBalancer) => ({ loadBalancer, containerPort })) : [];
    });
    const containers = taskDefinition.properties.ContainerDefinitions ?? [];
    const given = model.mentions(taskDefinition.stack, containers.map((c: any) => [c.Environment, c.Secrets])).map((t) => t.resource);
    const databases = given.flatMap((r) => {
      if (r.type === 'AWS::SecretsManager::SecretTargetAttachment') {
        const target = model.target(r.stack, r.properties.TargetId)?.resource;
        return target ? [target] : [];
      }
      return [r];
    }).filter((r) => r.type === 'AWS::RDS::DBCluster' || r.type === 'AWS::RDS::DBInstance');
    const fileSystems = (taskDefinition.properties.Volumes ?? [])
      .map((v: any) => v.EFSVolumeConfiguration && model.target(taskDefinition.stack, v.EFSVolumeConfiguration.FilesystemId)?.resource)
      .filter((r: ModelResource | undefined): r is ModelResource => r?.type === 'AWS::EFS::FileSystem');
    return {
      service,
      taskDefinition,
      loadBalancers: uniqueBy(loadBalancers, (x) => `${x.loadBalancer.key}:${x.containerPort}`),
      databases: uniqueBy(databases, (r) => r.key),
      fileSystems: uniqueBy(fileSystems, (r) => r.key),
    };
  });
}

/**
 * The task definition of a service: the one its `TaskDefinition` references, or (a service under the
 * CodeDeploy controller names only the family) the task definition of that `Family` in its stack.
 */
export function taskDefinitionOf(model: TemplateModel, service: ModelResource): ModelResource | undefined {
  const value = service.properties.TaskDefinition;
  const target = model.target(service.stack, value)?.resource;
  if (target) {
    return target;
  }
  const family = model.render(service.stack, value);
  return model.resources('AWS::ECS::TaskDefinition')
    .find((td) => td.stack === service.stack && family !== undefined && model.render(td.stack, td.properties.Family) === family);
}

/** The load balancers with a listener (default action or rule) forwarding to a target group. */
export function loadBalancersForwardingTo(model: TemplateModel, targetGroup: ModelResource): ModelResource[] {
  const forwards = (stack: any, actions: any[]) => model.mentions(stack, (actions ?? []).map((a: any) => [a.TargetGroupArn, a.ForwardConfig]))
    .some((t) => t.resource.key === targetGroup.key);
  const listeners = [
    ...model.resources('AWS::ElasticLoadBalancingV2::Listener').filter((l) => forwards(l.stack, l.properties.DefaultActions)),
    ...model.resources('AWS::ElasticLoadBalancingV2::ListenerRule').filter((r) => forwards(r.stack, r.properties.Actions))
      .map((r) => model.target(r.stack, r.properties.ListenerArn)?.resource).filter((l): l is ModelResource => !!l),
  ];
  return uniqueBy(listeners.map((l) => model.target(l.stack, l.properties.LoadBalancerArn)?.resource)
    .filter((lb): lb is ModelResource => !!lb), (r) => r.key);
}

/**
 * CloudFront origins that are load balancers, and the ports CloudFront connects to them on (its
 * `OriginProtocolPolicy`: http-only → HTTPPort, https-only → HTTPSPort, match-viewer → both; 80 and 443 by default).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-vpcorigin-vpcoriginendpointconfig.html
 */
export function loadBalancerOrigins(model: TemplateModel): LoadBalancerOrigin[] {
  const found: LoadBalancerOrigin[] = [];
  for (const distribution of model.resources('AWS::CloudFront::Distribution')) {
    for (const origin of distribution.properties.DistributionConfig?.Origins ?? []) {
      if (origin.VpcOriginConfig) {
        const vpcOrigin = model.target(distribution.stack, origin.VpcOriginConfig.VpcOriginId)?.resource;
        const config = vpcOrigin?.properties.VpcOriginEndpointConfig;
        const loadBalancer = config ? model.target(vpcOrigin!.stack, config.Arn)?.resource : undefined;
        if (loadBalancer?.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
          found.push({ distribution, loadBalancer, ports: originPorts(config), kind: 'vpc-origin' });
        }
      } else if (origin.CustomOriginConfig) {
        const t = model.target(distribution.stack, origin.DomainName);
        if (t?.resource.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && t.attribute === 'DNSName') {
          found.push({ distribution, loadBalancer: t.resource, ports: originPorts(origin.CustomOriginConfig), kind: 'custom' });
        }
      }
    }
  }
  return found;
}

function originPorts(config: any): number[] {
  const http = Number(config.HTTPPort ?? 80);
  const https = Number(config.HTTPSPort ?? 443);
  switch (config.OriginProtocolPolicy) {
    case 'http-only': return [http];
    case 'https-only': return [https];
    default: return [http, https];
  }
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}

/**
 * ECS tasks that an EventBridge Scheduler schedule runs (`AWS::Scheduler::Schedule` with `Target.EcsParameters`), read
 * from the templates: which service's task definition family they run, on which cluster, in which subnets and security
 * groups, and whether the schedule's role may start them. A scheduled task that is meant to do a service's work (WP-Cron)
 * must run that service's code and reach what the service reaches: the same family, cluster, subnets and security groups
 * (the network checks prove the service's groups reach its database and file system).
 */
import { ModelResource, TemplateModel } from './template-model';
import { services, ServiceTopology } from './topology';

/** One scheduled ECS task and what it has in common with the service of its family. */
export interface ScheduledTask {
  readonly schedule: ModelResource;
  /** The service whose task definition family the schedule runs (undefined when none does). */
  readonly site?: ServiceTopology;
  /** What differs from the service or is missing, as human-readable findings (empty when none). */
  readonly findings: string[];
}

/** Every schedule of the model that runs an ECS task, checked against the service of its family. */
export function scheduledTasks(model: TemplateModel): ScheduledTask[] {
  const sites = services(model);
  return model.resources('AWS::Scheduler::Schedule').filter((s) => s.properties.Target?.EcsParameters).map((schedule) => {
    const target = schedule.properties.Target;
    const ecs = target.EcsParameters;
    const stack = schedule.stack;
    const findings: string[] = [];
    const taskDefinitionArn = model.render(stack, ecs.TaskDefinitionArn);
    const family = /:task-definition\/([^:]+)(?::\d+)?$/.exec(taskDefinitionArn ?? '')?.[1];
    const site = sites.find((s) => family !== undefined && model.render(s.taskDefinition.stack, s.taskDefinition.properties.Family) === family);
    if (!site) {
      return { schedule, findings: [`runs ${taskDefinitionArn ?? JSON.stringify(ecs.TaskDefinitionArn)}, the family of no service`] };
    }
    // Each item as the resource it names, else its value (a subnet or group given by ID), else its expression.
    const items = (where: typeof stack, value: any) => [value ?? []].flat()
      .map((v) => model.target(where, v)?.resource.key ?? model.render(where, v) ?? JSON.stringify(v)).sort();
    const keys = (value: any) => items(stack, value);
    const serviceKeys = (value: any) => items(site.service.stack, value);
    const same = (what: string, a: string[], b: string[]) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        findings.push(`${what}: ${a.join(', ') || 'none'}, but the service's are ${b.join(', ') || 'none'}`);
      }
    };
    // The target is the cluster's ARN, the service names the cluster (by Ref, or by name when it is imported).
    const clusterName = (v: string) => v.replace(/^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\//, '');
    same('cluster', keys(target.Arn).map(clusterName), serviceKeys(site.service.properties.Cluster).map(clusterName));
    const network = ecs.NetworkConfiguration?.AwsvpcConfiguration ?? {};
    const serviceNetwork = site.service.properties.NetworkConfiguration?.AwsvpcConfiguration ?? {};
    same('subnets', keys(network.Subnets), serviceKeys(serviceNetwork.Subnets));
    same('security groups', keys(network.SecurityGroups), serviceKeys(serviceNetwork.SecurityGroups));
    findings.push(...roleFindings(model, schedule, site, taskDefinitionArn!));
    return { schedule, site, findings };
  });
}

/** Whether the schedule's role may run the task definition it names and pass the task's two roles to ECS. */
function roleFindings(model: TemplateModel, schedule: ModelResource, site: ServiceTopology, taskDefinitionArn: string): string[] {
  const role = model.target(schedule.stack, schedule.properties.Target.RoleArn)?.resource;
  if (!role) {
    return ['its role is no role of the model'];
  }
  const statements = model.resources('AWS::IAM::Policy')
    .filter((p) => model.mentions(p.stack, p.properties.Roles).some((t) => t.resource.key === role.key))
    .flatMap((p) => [p.properties.PolicyDocument?.Statement ?? []].flat().map((s: any) => ({ stack: p.stack, s })))
    .filter(({ s }) => s.Effect === 'Allow');
  const allows = (action: string) => statements.filter(({ s }) => [s.Action].flat().includes(action));
  const findings: string[] = [];
  const runTask = allows('ecs:RunTask').flatMap(({ stack, s }) => [s.Resource].flat().map((r) => model.render(stack, r)));
  if (!runTask.includes(taskDefinitionArn)) {
    findings.push(`its role ${role.key} may not ecs:RunTask ${taskDefinitionArn} (it may: ${runTask.join(', ') || 'nothing'})`);
  }
  const passable = new Set(allows('iam:PassRole').flatMap(({ stack, s }) => model.mentions(stack, s.Resource).map((t) => t.resource.key)));
  for (const property of ['TaskRoleArn', 'ExecutionRoleArn']) {
    for (const taskRole of model.mentions(site.taskDefinition.stack, site.taskDefinition.properties[property])) {
      if (!passable.has(taskRole.resource.key)) {
        findings.push(`its role ${role.key} may not iam:PassRole the ${property} ${taskRole.resource.key}`);
      }
    }
  }
  return findings;
}

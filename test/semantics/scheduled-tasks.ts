/**
 * ECS tasks that an EventBridge Scheduler schedule runs, read from the templates: a universal target calling
 * `aws-sdk:ecs:runTask` (the RunTask request in `Target.Input`, PascalCase members:
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html) or the templated ECS target
 * (`Target.EcsParameters`). Which service's task definition family they run, on which cluster, in which subnets and
 * security groups, and whether the schedule's role may start them. A scheduled task that is meant to do a service's work (WP-Cron)
 * must run that service's code and reach what the service reaches: the same family, cluster, subnets and security groups
 * (the network checks prove the service's groups reach its database and file system).
 */
import { parseJsonInput } from './json-input';
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

/** What a schedule asks RunTask for, whichever kind of target it has (template values, unresolved). */
interface RunTaskRequest {
  readonly cluster: any;
  readonly taskDefinition: any;
  readonly subnets: any;
  readonly securityGroups: any;
  /** True for the universal target: the request names a family, which the role must allow as `family:*`. */
  readonly universal: boolean;
}

function runTaskRequest(model: TemplateModel, schedule: ModelResource): RunTaskRequest | undefined {
  const target = schedule.properties.Target ?? {};
  if (target.EcsParameters) {
    const network = target.EcsParameters.NetworkConfiguration?.AwsvpcConfiguration ?? {};
    return {
      cluster: target.Arn,
      taskDefinition: target.EcsParameters.TaskDefinitionArn,
      subnets: network.Subnets,
      securityGroups: network.SecurityGroups,
      universal: false,
    };
  }
  if (!/^arn:[^:]+:scheduler:::aws-sdk:ecs:runTask$/.test(model.render(schedule.stack, target.Arn) ?? '')) {
    return undefined;
  }
  const input = parseJsonInput(target.Input) ?? {};
  const network = input.NetworkConfiguration?.AwsvpcConfiguration ?? {};
  return {
    cluster: input.Cluster,
    taskDefinition: input.TaskDefinition,
    subnets: network.Subnets,
    securityGroups: network.SecurityGroups,
    universal: true,
  };
}

/** Every schedule of the model that runs an ECS task, checked against the service of its family. */
export function scheduledTasks(model: TemplateModel): ScheduledTask[] {
  const sites = services(model);
  return model.resources('AWS::Scheduler::Schedule').flatMap((schedule) => {
    const request = runTaskRequest(model, schedule);
    return request ? [checkTask(model, sites, schedule, request)] : [];
  });
}

function checkTask(model: TemplateModel, sites: ServiceTopology[], schedule: ModelResource, request: RunTaskRequest): ScheduledTask {
  const stack = schedule.stack;
  const findings: string[] = [];
  // A task definition ARN (with or without a revision), `family:revision` or the family alone.
  const taskDefinition = model.render(stack, request.taskDefinition);
  const family = /(?:task-definition\/)?([^:/]+)(?::\d+)?$/.exec(taskDefinition ?? '')?.[1];
  const site = sites.find((s) => family !== undefined && model.render(s.taskDefinition.stack, s.taskDefinition.properties.Family) === family);
  if (!site) {
    // A task of its own (e.g. the peak rehearsal's load generator): a task definition of the same stack that no service
    // runs. It reaches nothing of the site's but its public URL, so only its existence is checked here.
    const ref = (request.taskDefinition as { Ref?: string } | undefined)?.Ref;
    if (ref && model.resources('AWS::ECS::TaskDefinition').some((t) => t.stack === stack && t.logicalId === ref)) {
      return { schedule, findings: [] };
    }
    return { schedule, findings: [`runs ${taskDefinition ?? JSON.stringify(request.taskDefinition)}, the family of no service`] };
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
  // The request names the cluster's ARN, the service names the cluster (by Ref, or by name when it is imported).
  const clusterName = (v: string) => v.replace(/^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\//, '');
  same('cluster', keys(request.cluster).map(clusterName), serviceKeys(site.service.properties.Cluster).map(clusterName));
  const serviceNetwork = site.service.properties.NetworkConfiguration?.AwsvpcConfiguration ?? {};
  same('subnets', keys(request.subnets), serviceKeys(serviceNetwork.Subnets));
  same('security groups', keys(request.securityGroups), serviceKeys(serviceNetwork.SecurityGroups));
  findings.push(...roleFindings(model, schedule, site, request.universal ? { family: family! } : { arn: taskDefinition! }));
  return { schedule, site, findings };
}

/**
 * Whether the schedule's role may run the task definition it names and pass the task's two roles to ECS. A request that
 * names a family without a revision needs "all revisions in the ARN" (`family:*`,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html, taskDefinition).
 */
function roleFindings(model: TemplateModel, schedule: ModelResource, site: ServiceTopology, runs: { arn?: string; family?: string }): string[] {
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
  const allowed = runs.family !== undefined
    ? runTask.some((r) => r === '*' || r?.endsWith(`:task-definition/${runs.family}:*`))
    : runTask.includes(runs.arn);
  if (!allowed) {
    const what = runs.family !== undefined ? `every revision of the family ${runs.family}` : runs.arn;
    findings.push(`its role ${role.key} may not ecs:RunTask ${what} (it may: ${runTask.join(', ') || 'nothing'})`);
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

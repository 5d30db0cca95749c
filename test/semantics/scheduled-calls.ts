/**
 * EventBridge Scheduler schedules that call an AWS API directly (universal targets, `arn:<partition>:scheduler:::aws-sdk:
 * <service>:<action>`, https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html), and
 * whether each can do what its input asks: for `rds:modifyDBCluster`, the cluster the input names exists in the model,
 * the schedule's execution role may call `rds:ModifyDBCluster` on exactly that cluster and on no other resource, the
 * role trusts `scheduler.amazonaws.com`, may send to the schedule's dead-letter queue, and the schedule is created
 * after the cluster.
 */
import { actionMatches, identityStatements } from './image-pull';
import { ModelResource, TemplateModel } from './template-model';

/** One schedule with a universal target. */
export interface ScheduledCall {
  readonly schedule: ModelResource;
  /** `rds:modifyDBCluster`. */
  readonly call: string;
  readonly input: any;
}

/** Every schedule of the model whose target is a universal target. */
export function scheduledCalls(model: TemplateModel): ScheduledCall[] {
  return model.resources('AWS::Scheduler::Schedule').flatMap((schedule) => {
    const arn = model.render(schedule.stack, schedule.properties.Target?.Arn) ?? '';
    const match = /^arn:[^:]+:scheduler:::aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)$/.exec(arn);
    if (!match) {
      return [];
    }
    const text = schedule.properties.Target?.Input;
    return [{ schedule, call: `${match[1]}:${match[2]}`, input: typeof text === 'string' ? JSON.parse(text) : undefined }];
  });
}

/** What is wrong with a `rds:modifyDBCluster` schedule (empty when nothing is). */
export function modifyClusterFindings(model: TemplateModel, call: ScheduledCall): string[] {
  const { schedule } = call;
  const findings: string[] = [];
  const identifier = String(call.input?.DbClusterIdentifier ?? '');
  const clusters = model.resources('AWS::RDS::DBCluster')
    .filter((c) => model.render(c.stack, c.properties.DBClusterIdentifier)?.toLowerCase() === identifier.toLowerCase());
  if (clusters.length !== 1) {
    return [`${schedule.key}: its input names cluster "${identifier}", which ${clusters.length === 0 ? 'no' : 'more than one'} AWS::RDS::DBCluster of the app is`];
  }
  const cluster = clusters[0];
  const clusterArn = `arn:aws:rds:${cluster.stack.region ?? 'us-east-1'}:${cluster.stack.account ?? '123456789012'}:cluster:${identifier}`;
  const role = model.target(schedule.stack, schedule.properties.Target?.RoleArn)?.resource;
  if (!role || role.type !== 'AWS::IAM::Role') {
    return [`${schedule.key}: its RoleArn is not a role of the app`];
  }
  const trusts = [role.properties.AssumeRolePolicyDocument?.Statement ?? []].flat()
    .some((s: any) => s.Effect === 'Allow' && [s.Principal?.Service ?? []].flat().includes('scheduler.amazonaws.com'));
  if (!trusts) {
    findings.push(`${role.key} does not trust scheduler.amazonaws.com`);
  }
  const statements = identityStatements(model, role)
    .filter(({ statement }) => statement.Effect === 'Allow' && [statement.Action ?? []].flat().some((a: string) => actionMatches(a, 'rds:ModifyDBCluster')));
  const resources = statements.flatMap(({ stack, statement }) => [statement.Resource ?? []].flat()
    .map((r: any) => model.render(stack, r) ?? JSON.stringify(r)));
  if (!resources.includes(clusterArn)) {
    findings.push(`${role.key} may not call rds:ModifyDBCluster on ${clusterArn} (it may on: ${resources.join(', ') || 'nothing'})`);
  }
  const others = resources.filter((r) => r !== clusterArn);
  if (others.length > 0) {
    findings.push(`${role.key} may call rds:ModifyDBCluster on more than the cluster its schedules name: ${others.join(', ')}`);
  }
  const queue = model.target(schedule.stack, schedule.properties.Target?.DeadLetterConfig?.Arn)?.resource;
  if (queue) {
    const sends = identityStatements(model, role).some(({ stack, statement }) => statement.Effect === 'Allow'
      && [statement.Action ?? []].flat().some((a: string) => actionMatches(a, 'sqs:SendMessage'))
      && [statement.Resource ?? []].flat().some((r: any) => model.target(stack, r)?.resource.key === queue.key));
    if (!sends) {
      findings.push(`${role.key} may not send to ${queue.key}, the dead-letter queue of ${schedule.key}`);
    }
  }
  if (!model.isCreatedAfter(schedule, cluster)) {
    findings.push(`${schedule.key} is not created after ${cluster.key}, the cluster it modifies`);
  }
  return findings;
}

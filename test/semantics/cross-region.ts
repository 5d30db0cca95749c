/**
 * Values that cross stacks and regions, checked on the templates: every `Fn::GetStackOutput` reads an output its
 * stack defines (CloudFormation fails the deployment otherwise), and every Secrets Manager secret an ECS task reads
 * lives in the task's region, the region of its stack or one of its replicas (ECS reads it there; a replica keeps the
 * primary's ARN but for the region: https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html).
 */
import { StackTemplate, TemplateModel } from './template-model';

/** Every `Fn::GetStackOutput` of a template, with where it was found. */
function stackOutputReads(value: any, at: string, found: Array<{ at: string; read: any }> = []): Array<{ at: string; read: any }> {
  if (value !== null && typeof value === 'object') {
    if (value['Fn::GetStackOutput']) {
      found.push({ at, read: value });
    }
    for (const [key, child] of Object.entries(value)) {
      stackOutputReads(child, `${at}.${key}`, found);
    }
  }
  return found;
}

/** The `Fn::GetStackOutput`s that read no output of the model (stack, region and output name). */
export function unresolvedStackOutputs(model: TemplateModel): string[] {
  return model.stacks.flatMap((stack) => stackOutputReads(stack.template.Resources ?? {}, stack.stackName)
    .filter(({ read }) => model.outputOf(stack, read) === undefined)
    .map(({ at, read }) => `${at}: ${JSON.stringify(read['Fn::GetStackOutput'])}`));
}

/** One secret an ECS container reads, traced to the Secrets Manager secret resource that holds it. */
export interface TaskSecretRead {
  readonly at: string;
  /** Region the task runs in. */
  readonly taskRegion: string;
  /** Region the `ValueFrom` ARN names. */
  readonly arnRegion?: string;
  /** Region of the secret resource, and the regions it is replicated to. */
  readonly secretRegion?: string;
  readonly replicaRegions: string[];
}

/** Secrets Manager secrets read by ECS containers through another stack's output (the ones that can cross regions). */
export function crossStackTaskSecrets(model: TemplateModel): TaskSecretRead[] {
  const reads: TaskSecretRead[] = [];
  for (const taskDefinition of model.resources('AWS::ECS::TaskDefinition')) {
    const stack = taskDefinition.stack;
    for (const container of taskDefinition.properties.ContainerDefinitions ?? []) {
      for (const secret of container.Secrets ?? []) {
        const output = model.outputOf(stack, secret.ValueFrom);
        if (!output) {
          continue;
        }
        const text = JSON.stringify(output.value);
        const arnRegion = /:secretsmanager:([a-z0-9-]+):/.exec(text)?.[1];
        const secretResource = [...text.matchAll(/"Ref":"(\w+)"/g)]
          .map((m) => model.resource(output.stack.stackName, m[1]))
          .find((r) => r?.type === 'AWS::SecretsManager::Secret');
        reads.push({
          at: `${taskDefinition.key} ${container.Name} ${secret.Name}`,
          taskRegion: region(stack),
          arnRegion,
          secretRegion: secretResource ? region(secretResource.stack) : undefined,
          replicaRegions: (secretResource?.properties.ReplicaRegions ?? []).map((r: any) => r.Region),
        });
      }
    }
  }
  return reads;
}

function region(stack: StackTemplate): string {
  return stack.region ?? 'us-east-1';
}

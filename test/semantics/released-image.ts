/**
 * Does every service a pipeline releases onto keep the released image across stack updates? Over a TemplateModel.
 *
 * CloudFormation registers a task definition with what its template names; a pipeline registers its own revisions outside
 * CloudFormation (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html), so a stack update that
 * registers the task definition anew puts the template's image back, unless the template names the image through an `ssm`
 * dynamic reference (resolved to the parameter's latest version whenever the stack is created or updated:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm.html) to a parameter that the pipeline
 * writes after each deployment. A writer is a CodeBuild action of the same pipeline that runs after the deploy action (same stage,
 * higher runOrder), passes the parameter's name in its environment, and whose project role may `ssm:PutParameter` on the
 * parameter's ARN (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html).
 */
import { actionMatches, dynamicReferenceTarget, identityStatements, servicesDeployedBy } from './image-pull';
import { ModelResource, TemplateModel } from './template-model';
import { taskDefinitionOf } from './topology';

/** One service a pipeline releases onto, and how its released image is kept (or why not). */
export interface ReleasedImageRecord {
  readonly service: ModelResource;
  readonly via: string;
  /** The parameter its task definition takes its image from, if any. */
  readonly parameter?: ModelResource;
  /** The pipeline actions that write the parameter after the deployment, with a role that may. */
  readonly writers: string[];
  /** What is missing, in words (empty when the release is kept). */
  readonly missing: string[];
}

/** Every service each pipeline deploys to, with the parameter its image comes from and who writes it. */
export function releasedImageRecords(model: TemplateModel): ReleasedImageRecord[] {
  const records: ReleasedImageRecord[] = [];
  for (const pipeline of model.resources('AWS::CodePipeline::Pipeline')) {
    for (const stage of pipeline.properties.Stages ?? []) {
      for (const deploy of stage.Actions ?? []) {
        for (const service of servicesDeployedBy(model, pipeline.stack, deploy)) {
          const via = `${pipeline.key} ${stage.Name}/${deploy.Name}`;
          const taskDefinition = taskDefinitionOf(model, service);
          const parameters = (taskDefinition?.properties.ContainerDefinitions ?? [])
            .map((c: any) => dynamicReferenceTarget(model, taskDefinition!.stack, c.Image))
            .filter((p: ModelResource | undefined): p is ModelResource => p !== undefined);
          if (parameters.length !== 1) {
            records.push({ service, via, writers: [], missing: [`a container image that is a dynamic reference to an SSM parameter (found ${parameters.length})`] });
            continue;
          }
          const parameter = parameters[0];
          const name = model.render(parameter.stack, parameter.properties.Name);
          const writers = (stage.Actions as any[])
            .filter((a) => a.ActionTypeId?.Provider === 'CodeBuild' && (a.RunOrder ?? 1) > (deploy.RunOrder ?? 1))
            .filter((a) => passesName(model, pipeline, a, name) && mayPut(model, pipeline, a, parameter))
            .map((a) => `${stage.Name}/${a.Name}`);
          records.push({
            service,
            via,
            parameter,
            writers,
            missing: writers.length > 0 ? [] : [`a CodeBuild action after ${deploy.Name} that passes "${name}" and may ssm:PutParameter it`],
          });
        }
      }
    }
  }
  return records;
}

/** Whether a CodeBuild action passes the parameter's name in an environment variable. */
function passesName(model: TemplateModel, pipeline: ModelResource, action: any, name: string | undefined): boolean {
  const rendered = model.render(pipeline.stack, action.Configuration?.EnvironmentVariables);
  return name !== undefined && rendered !== undefined && (JSON.parse(rendered) as any[]).some((v) => v.value === name);
}

/** Whether the CodeBuild project of an action may put the parameter (an Allow on its ARN, no Deny). */
function mayPut(model: TemplateModel, pipeline: ModelResource, action: any, parameter: ModelResource): boolean {
  const project = model.target(pipeline.stack, action.Configuration?.ProjectName)?.resource;
  const role = project && model.target(project.stack, project.properties.ServiceRole)?.resource;
  if (role?.type !== 'AWS::IAM::Role') {
    return false;
  }
  const name = model.render(parameter.stack, parameter.properties.Name) ?? '';
  const arn = `arn:aws:ssm:${parameter.stack.region}:${parameter.stack.account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  const matches = (effect: string) => identityStatements(model, role).some(({ stack, statement }) => statement.Effect === effect
    && [statement.Action ?? []].flat().some((a: string) => actionMatches(a, 'ssm:PutParameter'))
    && [statement.Resource ?? []].flat().some((r: any) => covers(model.render(stack, r), arn)));
  return matches('Allow') && !matches('Deny');
}

function covers(pattern: string | undefined, arn: string): boolean {
  return pattern !== undefined && new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(arn);
}

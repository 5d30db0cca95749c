/**
 * Can each ECS task definition's execution role pull its image? Over a TemplateModel.
 *
 * Images come from two places: the task definitions in the templates, and the task definitions a
 * pipeline registers when it releases (CodePipeline's ECS deploy action registers a new revision of the
 * service's task definition with the released image; CodeDeploy's ECS deployments do the same from the
 * service's task definition). A released image comes from the pipeline's release repository: the
 * repository of its ECR source action, or the one its CodeBuild projects may push to (`ecr:PutImage`).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html
 *
 * Pulling a private ECR image needs, for the task execution role, `ecr:GetAuthorizationToken` (identity
 * policy only, no resource-level permission) and `ecr:BatchGetImage` + `ecr:GetDownloadUrlForLayer` on the
 * repository, from an identity policy of the role or (same account) a repository policy naming the role;
 * another account's repository needs both. The AWS managed `AmazonECSTaskExecutionRolePolicy` grants them
 * on every repository.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
 * Public images (Docker Hub, Amazon ECR Public, any registry without credentials) need no permission.
 */
import { ModelResource, StackTemplate, TemplateModel } from './template-model';
import { taskDefinitionOf } from './topology';

/** Where an image lives. */
export type ImageSource =
  /** A private ECR repository: a resource of the model, or named by its ARN. */
  | { readonly kind: 'ecr'; readonly repository?: ModelResource; readonly arn: string; readonly account: string }
  | { readonly kind: 'public'; readonly uri: string }
  | { readonly kind: 'unknown'; readonly expression: string };

/** One image a task definition runs, and the role that pulls it. */
export interface ImageUse {
  readonly taskDefinition: ModelResource;
  /** The container name, or `(released image)` for a pipeline's release. */
  readonly container: string;
  readonly image: ImageSource;
  readonly executionRole?: ModelResource;
  /** `template`, or the pipeline action that registers the task definition with this image. */
  readonly via: string;
}

/** The verdict on one image use. */
export interface PullVerdict {
  readonly pullable: boolean;
  /** What is missing, in words (empty when pullable). */
  readonly missing: string[];
}

/** The permissions a pull needs on the repository (besides ecr:GetAuthorizationToken). */
export const REPOSITORY_PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;
/** https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html */
const TASK_EXECUTION_ROLE_POLICY = {
  Effect: 'Allow',
  Action: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage',
    'logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: '*',
};

/** Every image of every task definition, and every image a pipeline releases onto a service. */
export function imageUses(model: TemplateModel): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const taskDefinition of model.resources('AWS::ECS::TaskDefinition')) {
    const executionRole = executionRoleOf(model, taskDefinition);
    for (const container of taskDefinition.properties.ContainerDefinitions ?? []) {
      uses.push({ taskDefinition, container: container.Name, image: imageSource(model, taskDefinition.stack, container.Image), executionRole, via: 'template' });
    }
  }
  for (const pipeline of model.resources('AWS::CodePipeline::Pipeline')) {
    const actions = (pipeline.properties.Stages ?? []).flatMap((s: any) => s.Actions ?? []);
    const repositories = releaseRepositories(model, pipeline, actions);
    for (const action of actions) {
      for (const service of servicesDeployedBy(model, pipeline.stack, action)) {
        const taskDefinition = taskDefinitionOf(model, service);
        if (!taskDefinition) {
          continue;
        }
        for (const image of repositories) {
          uses.push({
            taskDefinition,
            container: '(released image)',
            image,
            executionRole: executionRoleOf(model, taskDefinition),
            via: `${pipeline.key} action ${action.Name}`,
          });
        }
      }
    }
  }
  return uses;
}

/** Whether an image use's execution role can pull the image, and what is missing if not. */
export function pullVerdict(model: TemplateModel, use: ImageUse): PullVerdict {
  const image = use.image;
  if (image.kind === 'public') {
    return { pullable: true, missing: [] };
  }
  if (image.kind === 'unknown') {
    return { pullable: false, missing: [`an image the model cannot resolve: ${image.expression}`] };
  }
  if (!use.executionRole) {
    return { pullable: false, missing: ['an execution role (the task definition has none in the model)'] };
  }
  const role = use.executionRole;
  const identity = identityStatements(model, role);
  const missing: string[] = [];
  if (!allows(identity, 'ecr:GetAuthorizationToken', () => true, (s, r) => model.render(s, r) === '*')) {
    missing.push(`ecr:GetAuthorizationToken on * for ${role.key}`);
  }
  const onRepository = (s: StackTemplate, r: any) => resourceIsRepository(model, s, r, image);
  const crossAccount = image.account !== (role.stack.account ?? '123456789012');
  for (const action of REPOSITORY_PULL_ACTIONS) {
    const byIdentity = allows(identity, action, () => true, onRepository);
    const byRepository = image.repository !== undefined && allows(repositoryStatements(image.repository), action,
      (s, principal) => principalIsRole(model, s, principal, role), () => true);
    if (crossAccount ? !(byIdentity && byRepository) : !(byIdentity || byRepository)) {
      missing.push(`${action} on ${image.repository?.key ?? image.arn} for ${role.key} `
        + `(${crossAccount ? 'another account: identity policy and repository policy' : 'identity policy or repository policy'})`);
    }
  }
  return { pullable: missing.length === 0, missing };
}

/** Where an image expression points (through an `ssm` dynamic reference, to the template value of a parameter of the model). */
export function imageSource(model: TemplateModel, stack: StackTemplate, expression: any): ImageSource {
  const parameter = dynamicReferenceTarget(model, stack, expression);
  if (parameter) {
    return imageSource(model, parameter.stack, parameter.properties.Value);
  }
  const repository = model.mentions(stack, expression).map((t) => t.resource).find((r) => r.type === 'AWS::ECR::Repository');
  if (repository) {
    return repositorySource(model, repository);
  }
  const uri = model.render(stack, expression);
  if (uri === undefined) {
    return { kind: 'unknown', expression: JSON.stringify(expression) };
  }
  const ecr = ECR_URI.exec(uri);
  if (ecr) {
    const [, account, region, name] = ecr;
    const arn = `arn:aws:ecr:${region}:${account}:repository/${name}`;
    const inModel = model.resources('AWS::ECR::Repository').find((r) => repositorySource(model, r).arn === arn);
    return inModel ? repositorySource(model, inModel) : { kind: 'ecr', arn, account };
  }
  return { kind: 'public', uri };
}

function repositorySource(model: TemplateModel, repository: ModelResource): ImageSource & { kind: 'ecr' } {
  const account = repository.stack.account ?? '123456789012';
  const name = model.render(repository.stack, repository.properties.RepositoryName) ?? `<generated name of ${repository.key}>`;
  return { kind: 'ecr', repository, account, arn: `arn:aws:ecr:${repository.stack.region ?? 'us-east-1'}:${account}:repository/${name}` };
}

function executionRoleOf(model: TemplateModel, taskDefinition: ModelResource): ModelResource | undefined {
  const role = model.target(taskDefinition.stack, taskDefinition.properties.ExecutionRoleArn)?.resource;
  return role?.type === 'AWS::IAM::Role' ? role : undefined;
}

/** The repositories a pipeline releases images from: its ECR source's, and those its CodeBuild projects push to. */
function releaseRepositories(model: TemplateModel, pipeline: ModelResource, actions: any[]): ImageSource[] {
  const found: ImageSource[] = [];
  for (const action of actions) {
    const provider = action.ActionTypeId?.Provider;
    if (provider === 'ECR') {
      const t = model.target(pipeline.stack, action.Configuration.RepositoryName);
      found.push(t?.resource.type === 'AWS::ECR::Repository' ? repositorySource(model, t.resource)
        : imageSource(model, pipeline.stack, { 'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/${model.render(pipeline.stack, action.Configuration.RepositoryName)}` }));
    }
    if (provider === 'CodeBuild') {
      const project = model.target(pipeline.stack, action.Configuration.ProjectName)?.resource;
      const role = project && model.target(project.stack, project.properties.ServiceRole)?.resource;
      if (role?.type === 'AWS::IAM::Role') {
        for (const { stack, statement } of identityStatements(model, role)) {
          if (statement.Effect === 'Allow' && [statement.Action].flat().some((a: string) => actionMatches(a, 'ecr:PutImage'))) {
            for (const r of [statement.Resource].flat()) {
              const repository = model.target(stack, r)?.resource;
              if (repository?.type === 'AWS::ECR::Repository') {
                found.push(repositorySource(model, repository));
              }
            }
          }
        }
      }
    }
  }
  return [...new Map(found.map((f) => [(f as any).arn ?? JSON.stringify(f), f])).values()];
}

/**
 * The `AWS::SSM::Parameter` of the model an `{{resolve:ssm:<name>}}` dynamic reference names (by name, in the stack's
 * account and region), if the expression is one.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm.html
 */
export function dynamicReferenceTarget(model: TemplateModel, stack: StackTemplate, expression: any): ModelResource | undefined {
  const reference = /^\{\{resolve:ssm:([^:}]+)\}\}$/.exec(model.render(stack, expression) ?? '');
  return reference ? model.resources('AWS::SSM::Parameter').find((p) => p.stack.account === stack.account && p.stack.region === stack.region
    && model.render(p.stack, p.properties.Name) === reference[1]) : undefined;
}

/** The ECS services a pipeline action deploys to (ECS deploy action, or CodeDeploy's ECS blue/green deploy action). */
export function servicesDeployedBy(model: TemplateModel, stack: StackTemplate, action: any): ModelResource[] {
  const provider = action.ActionTypeId?.Provider;
  if (action.ActionTypeId?.Category !== 'Deploy') {
    return [];
  }
  if (provider === 'ECS') {
    const service = model.target(stack, action.Configuration.ServiceName)?.resource;
    return service?.type === 'AWS::ECS::Service' ? [service] : [];
  }
  if (provider === 'CodeDeployToECS') {
    const group = model.target(stack, action.Configuration.DeploymentGroupName)?.resource;
    return (group?.properties.ECSServices ?? []).map((s: any) => model.target(group!.stack, s.ServiceName)?.resource)
      .filter((s: ModelResource | undefined): s is ModelResource => s?.type === 'AWS::ECS::Service');
  }
  return [];
}

interface PlacedStatement {
  readonly stack: StackTemplate;
  readonly statement: any;
}

/** Every statement of every identity policy attached to a role (inline, AWS::IAM::Policy, managed). */
export function identityStatements(model: TemplateModel, role: ModelResource): PlacedStatement[] {
  const placed = (stack: StackTemplate, document: any) => [document?.Statement ?? []].flat().map((statement: any) => ({ stack, statement }));
  const attachedTo = (r: ModelResource) => model.mentions(r.stack, r.properties.Roles ?? []).some((t) => t.resource.key === role.key);
  const statements = [
    ...(role.properties.Policies ?? []).flatMap((p: any) => placed(role.stack, p.PolicyDocument)),
    ...model.resources('AWS::IAM::Policy').filter(attachedTo).flatMap((p) => placed(p.stack, p.properties.PolicyDocument)),
    ...model.resources('AWS::IAM::ManagedPolicy').filter(attachedTo).flatMap((p) => placed(p.stack, p.properties.PolicyDocument)),
  ];
  for (const arn of role.properties.ManagedPolicyArns ?? []) {
    const managed = model.target(role.stack, arn)?.resource;
    if (managed?.type === 'AWS::IAM::ManagedPolicy') {
      statements.push(...placed(managed.stack, managed.properties.PolicyDocument));
    } else if (String(model.render(role.stack, arn)).endsWith(':policy/service-role/AmazonECSTaskExecutionRolePolicy')) {
      statements.push({ stack: role.stack, statement: TASK_EXECUTION_ROLE_POLICY });
    }
  }
  return statements;
}

function repositoryStatements(repository: ModelResource): PlacedStatement[] {
  return [repository.properties.RepositoryPolicyText?.Statement ?? []].flat().map((statement: any) => ({ stack: repository.stack, statement }));
}

/**
 * Whether statements allow an action: an Allow whose principal and resource match, and no Deny that
 * matches. Conditions are not evaluated (a conditional Allow counts, a conditional Deny counts too).
 */
function allows(statements: PlacedStatement[], action: string,
  principalMatches: (stack: StackTemplate, principal: any) => boolean,
  resourceMatches: (stack: StackTemplate, resource: any) => boolean): boolean {
  const matching = (effect: string) => statements.some(({ stack, statement }) => statement.Effect === effect
    && [statement.Action ?? []].flat().some((a: string) => actionMatches(a, action))
    && (statement.Principal === undefined || principalMatches(stack, statement.Principal))
    && (statement.Resource === undefined || [statement.Resource].flat().some((r: any) => resourceMatches(stack, r))));
  return matching('Allow') && !matching('Deny');
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  return glob(pattern.toLowerCase(), action.toLowerCase());
}

function glob(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');
  return re.test(text);
}

/** Whether a policy `Resource` covers the image's repository. */
function resourceIsRepository(model: TemplateModel, stack: StackTemplate, resource: any, image: ImageSource & { kind: 'ecr' }): boolean {
  const t = model.target(stack, resource);
  if (t && image.repository && t.resource.key === image.repository.key && t.attribute === 'Arn') {
    return true;
  }
  const rendered = model.render(stack, resource);
  return rendered !== undefined && glob(rendered, image.arn);
}

/** Whether a policy `Principal` names a role (its ARN, across stacks too). */
function principalIsRole(model: TemplateModel, stack: StackTemplate, principal: any, role: ModelResource): boolean {
  if (principal === '*') {
    return true;
  }
  const aws = [principal?.AWS ?? []].flat();
  const roleArn = model.render(role.stack, { 'Fn::GetAtt': [role.logicalId, 'Arn'] });
  return aws.some((p: any) => {
    const t = model.target(stack, p);
    if (t) {
      return t.resource.key === role.key && t.attribute === 'Arn';
    }
    const rendered = model.render(stack, p);
    return rendered === '*' || (rendered !== undefined && roleArn !== undefined && rendered === roleArn);
  });
}

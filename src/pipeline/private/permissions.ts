import { Annotations, Arn, Names, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../../private/acknowledge';

/** What pulling an image from a private repository takes besides the token (as `ecr.Repository.grantPull`). */
const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

/**
 * Pull rights on the release repository for a task execution role: what a Fargate task needs to pull a private ECR image is
 * ecr:GetAuthorizationToken in an IAM policy of its execution role, and ecr:BatchGetImage, ecr:GetDownloadUrlForLayer (and
 * ecr:BatchCheckLayerAvailability) allowed by either its IAM policy or the repository's policy
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
 *
 * A role in another stack (e.g. a staging site's) is named in the repository's policy rather than given the repository's ARN:
 * the pipeline's stack already depends on that stack (it deploys its service and passes its roles), so a reference the other
 * way, from the role's policy to a generated repository name, would make the two stacks depend on each other.
 *
 * @param pipeline the pipeline construct (its stack holds a repository it created; warnings go to it)
 */
export function grantImagePull(pipeline: Construct, repository: ecr.IRepository, role: iam.IRole): void {
  const name = repository.repositoryName;
  if (Stack.of(role) === Stack.of(repository)) {
    repository.grantPull(role);
  } else if (repository instanceof ecr.Repository && Stack.of(repository) === Stack.of(pipeline)) {
    // The repository policy lives in the pipeline's stack and names the role (an import from the role's stack, the way the
    // pipeline's stack already depends); the role's own policy only gets the token, which names no resource.
    repository.addToResourcePolicy(new iam.PolicyStatement({
      sid: `Pull${Names.uniqueId(role)}`.slice(0, 100),
      principals: [new iam.ArnPrincipal(role.roleArn)],
      actions: ECR_PULL_ACTIONS,
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  } else if (!Token.isUnresolved(name)) {
    // A repository named in the code: refer to it by name, so the role's stack does not depend on the pipeline's.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ECR_PULL_ACTIONS,
      resources: [Arn.format({ service: 'ecr', resource: 'repository', resourceName: name }, Stack.of(repository))],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  } else {
    Annotations.of(pipeline).addWarningV2('cdk-fargate-wordpress:image-pull',
      `${role.node.path} and the release repository are in different stacks, the repository outside the pipeline's stack and named at `
      + 'deployment: allow the role to pull from it yourself (a repository policy naming the role, or a grant by repository name).');
    return;
  }
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
      'ECS pulls the released image from the private release repository with ecr:GetAuthorizationToken, which supports no '
        + 'resource-level permissions; the pull actions are scoped to that repository.');
  }
}

/**
 * The role of a deploy action (`id` under `pipeline`). aws-cdk-lib's ECS and CodeDeploy deploy actions grant ecs:UpdateService
 * and iam:PassRole on `*`; explicit denies narrow them to this service and its task definition's roles.
 */
export function deployRole(pipeline: Construct, id: string, service: ecs.BaseService): iam.Role {
  const role = new iam.Role(pipeline, id, { assumedBy: new iam.AccountRootPrincipal(), description: `Deploy action of ${pipeline.node.path}` });
  role.addToPolicy(new iam.PolicyStatement({
    sid: 'OnlyThisService',
    effect: iam.Effect.DENY,
    actions: ['ecs:UpdateService'],
    notResources: [service.serviceArn],
  }));
  const taskDefinition = service.taskDefinition;
  role.addToPolicy(new iam.PolicyStatement({
    sid: 'OnlyThisTaskDefinitionsRoles',
    effect: iam.Effect.DENY,
    actions: ['iam:PassRole'],
    notResources: [taskDefinition.taskRole.roleArn, ...(taskDefinition.executionRole ? [taskDefinition.executionRole.roleArn] : [])],
  }));
  acknowledge(role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
    'aws-cdk-lib\'s ECS and CodeDeploy deploy actions: ecs:RegisterTaskDefinition, DescribeTaskDefinition, DescribeTasks and '
      + 'ListTasks support no resource-level permissions; ecs:UpdateService and iam:PassRole are narrowed to the deployed service and '
      + 'its task definition\'s roles by the explicit denies in this policy.');
  return role;
}

/**
 * The grants aws-cdk-lib adds for pipeline artifacts, the KMS key, build logs and deploy actions use wildcards cdk-nag flags;
 * each is explained here, on each role's own policy under `pipeline`.
 */
export function acknowledgeCdkGrants(pipeline: Construct, artifactBucket: s3.Bucket): void {
  const stack = Stack.of(pipeline);
  const bucket = `<${stack.getLogicalId(artifactBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`;
  for (const policy of pipeline.node.findAll().filter((c): c is iam.Policy => c instanceof iam.Policy)) {
    const ack = (id: string, reason: string) => acknowledge(policy, `AwsSolutions-IAM5[${id}]`, reason);
    const artifacts = 'aws-cdk-lib\'s grant on the pipeline\'s own artifact bucket (objects of release artifacts, read/write as the step needs).';
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      ack(`Action::${action}`, artifacts);
    }
    ack(`Resource::${bucket}`, artifacts);
    const key = 'aws-cdk-lib\'s grant on the pipeline\'s own KMS key, which encrypts the artifacts and builds.';
    ack('Action::kms:GenerateDataKey*', key);
    ack('Action::kms:ReEncrypt*', key);
  }
}

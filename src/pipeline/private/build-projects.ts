import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { deployFilesBuildSpec, imageBuildSpec, ImageFiles } from './release-files';
import { acknowledge } from '../../private/acknowledge';

/** Inputs of the image build project. */
export interface ImageBuildOptions {
  readonly repository: ecr.IRepository;
  readonly encryptionKey: kms.IKey;
  readonly files: ImageFiles;
  /** Whether the service's tasks run on ARM64 (the build then runs there too). */
  readonly arm: boolean;
  readonly containerName: string;
  readonly stagingContainerName?: string;
  readonly buildImage?: codebuild.IBuildImage;
  readonly buildComputeType?: codebuild.ComputeType;
  readonly dockerfile?: string;
  readonly buildContext?: string;
}

/** The image build (`ImageBuild` and its log group `ImageBuildLogs` under `pipeline`): Dockerfile → release repository. */
export function createImageBuild(pipeline: Construct, o: ImageBuildOptions): codebuild.PipelineProject {
  const project = new codebuild.PipelineProject(pipeline, 'ImageBuild', {
    description: `Builds the WordPress image from the Dockerfile and pushes it to ${pipeline.node.path}'s repository`,
    buildSpec: imageBuildSpec(o.files),
    environment: {
      buildImage: o.buildImage ?? (o.arm ? codebuild.LinuxArmBuildImage.AMAZON_LINUX_2_STANDARD_3_0 : codebuild.LinuxBuildImage.STANDARD_7_0),
      computeType: o.buildComputeType ?? codebuild.ComputeType.SMALL,
      // The Docker daemon inside the build container needs privileged mode to build images.
      privileged: true,
      environmentVariables: {
        REPOSITORY_URI: { value: o.repository.repositoryUri },
        REPOSITORY_NAME: { value: o.repository.repositoryName },
        DOCKERFILE: { value: o.dockerfile ?? 'Dockerfile' },
        BUILD_CONTEXT: { value: o.buildContext ?? '.' },
        CONTAINER_NAME: { value: o.containerName },
        ...(o.stagingContainerName ? { STAGING_CONTAINER_NAME: { value: o.stagingContainerName } } : {}),
      },
    },
    encryptionKey: o.encryptionKey,
    timeout: Duration.minutes(30),
    grantReportGroupPermissions: false,
  });
  // Push, pull (reused images), and move `latest`: grantPullPush also grants ecr:GetAuthorizationToken, which has no resource-level permissions.
  o.repository.grantPullPush(project);
  addLogGroup(pipeline, 'ImageBuildLogs', project);
  project.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecr:DescribeImages'], resources: [o.repository.repositoryArn] }));
  acknowledge(project, 'AwsSolutions-CB3',
    'Building a container image runs the Docker daemon inside the build container, which needs privileged mode. The project '
      + 'builds only the release sources, runs on an AWS-managed image and can push only to the release repository.');
  acknowledge(project.role!.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
    'ecr:GetAuthorizationToken (docker login to the release repository) supports no resource-level permissions; every other '
      + 'ECR action is scoped to the release repository.');
  return project;
}

/** Inputs of the deploy-files project. */
export interface DeployFilesBuildOptions {
  readonly encryptionKey: kms.IKey;
  /** Image files to write from an ECR source's `imageDetail.json`. */
  readonly imageFiles?: ImageFiles;
  readonly containerName: string;
  readonly stagingContainerName?: string;
  /** For CodeDeploy: the service's task definition (taskdef.json is generated from it) and the AppSpec. */
  readonly codeDeploy?: { readonly taskDefinitionArn: string; readonly appSpec: object };
}

/** The deploy-files step (`DeployFiles` and its log group `DeployFilesLogs` under `pipeline`): no Docker, files generated from the service. */
export function createDeployFilesBuild(pipeline: Construct, o: DeployFilesBuildOptions): codebuild.PipelineProject {
  const variables: { [name: string]: codebuild.BuildEnvironmentVariable } = {
    CONTAINER_NAME: { value: o.containerName },
    ...(o.stagingContainerName && o.imageFiles?.stagingImageDefinitions ? { STAGING_CONTAINER_NAME: { value: o.stagingContainerName } } : {}),
  };
  if (o.codeDeploy) {
    variables.TASK_DEFINITION_ARN = { value: o.codeDeploy.taskDefinitionArn };
    variables.APPSPEC = { value: Stack.of(pipeline).toJsonString(o.codeDeploy.appSpec) };
  }
  const project = new codebuild.PipelineProject(pipeline, 'DeployFiles', {
    description: `Writes the files ${pipeline.node.path} deploys each release with, from the service's own settings`,
    buildSpec: deployFilesBuildSpec({ imageFiles: o.imageFiles, codeDeployFiles: o.codeDeploy !== undefined }),
    environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL, environmentVariables: variables },
    encryptionKey: o.encryptionKey,
    timeout: Duration.minutes(10),
    grantReportGroupPermissions: false,
  });
  addLogGroup(pipeline, 'DeployFilesLogs', project);
  if (o.codeDeploy) {
    project.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }));
    acknowledge(project.role!.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
      'ecs:DescribeTaskDefinition (reading the service\'s task definition to write taskdef.json) supports no resource-level permissions.');
  }
  return project;
}

/**
 * The project's log group, at the name CodeBuild writes to (and aws-cdk-lib grants), created with a retention. CodeBuild
 * writes one log stream per build, named by the build id, hence the `:*` in the grant.
 */
export function addLogGroup(pipeline: Construct, id: string, project: codebuild.PipelineProject): void {
  new logs.LogGroup(pipeline, id, {
    logGroupName: `/aws/codebuild/${project.projectName}`,
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const stack = Stack.of(pipeline);
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const projectId = stack.getLogicalId(project.node.defaultChild as codebuild.CfnProject);
  acknowledge(project.role!.node.findChild('DefaultPolicy'), `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/<${projectId}>:*]`,
    'CodeBuild writes one log stream per build, named by the build id, in the project\'s own log group.');
}

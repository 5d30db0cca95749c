import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  action, actionsOf, buildEnvironment, codeDeploySite, nativeSite, ownService, pipeline, project, stages, statements, statementsOf,
} from './pipeline-fixtures';
import { deployFilesBuildSpec, imageBuildSpec } from '../../src/pipeline/private/release-files';
import { ACCOUNT, nagFindings, newStack, onlyResource, REGION, site, ZONES } from '../fixtures';
import {
  BlueGreenEcsPipeline, PipelineSource, ScalableWordpressOnFargate, WordpressDeployment,
} from 'cdk-fargate-wordpress';

/** The buildspec text a project is expected to carry. */
function buildSpecText(spec: codebuild.BuildSpec): string {
  return new Stack().resolve(spec.toBuildSpec());
}

/** A lambda function for hooks. */
function hookFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ hookStatus: "SUCCEEDED" });'),
  });
}

describe('defaults: native ECS blue/green, built from GitHub', () => {
  let stack: Stack;
  let template: Template;
  let s: ScalableWordpressOnFargate;
  let p: BlueGreenEcsPipeline;
  beforeAll(() => {
    stack = newStack();
    s = nativeSite(stack);
    p = pipeline(stack, s);
    template = Template.fromStack(stack);
  });

  test('a V2 pipeline: Source, Build (the image), Production (ECS deploy action, then the record of the release)', () => {
    expect(onlyResource(template, 'AWS::CodePipeline::Pipeline')).toMatchObject({ PipelineType: 'V2' });
    expect(stages(template).map((st) => [st.Name, st.Actions.map((a) => `${a.Name}:${a.ActionTypeId.Provider}`)])).toEqual([
      ['Source', ['Source:CodeStarSourceConnection']],
      ['Build', ['BuildImage:CodeBuild']],
      ['Production', ['DeployToProduction:ECS', 'RecordRelease:CodeBuild']],
    ]);
    expect(p.stagingDeployAction).toBeUndefined();
    expect(p.approvalAction).toBeUndefined();
    expect(p.deploymentGroup).toBeUndefined();
    expect(p.deployFilesProject).toBeUndefined();
  });

  test('artifacts: a KMS-encrypted (rotated key), SSL-only, private, retained bucket whose objects expire after 90 days', () => {
    const bucket = Object.values(template.findResources('AWS::S3::Bucket')).find((b) => b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]
      ?.ServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms');
    expect(bucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineKey/), 'Arn'] } },
          }],
        },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: {
          Rules: [expect.objectContaining({ ExpirationInDays: 90, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })],
        },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^PipelineArtifacts') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    expect(onlyResource(template, 'AWS::CodePipeline::Pipeline').ArtifactStore).toMatchObject({
      Type: 'S3', Location: { Ref: expect.stringMatching(/^PipelineArtifacts/) },
    });
  });

  test('the image build: the AWS standard image in privileged mode (Docker), small, KMS-encrypted, 30 minutes, its buildspec', () => {
    const build = project(template, 'PipelineImageBuild');
    expect(build).toMatchObject({
      Environment: { Image: 'aws/codebuild/standard:7.0', Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL', PrivilegedMode: true },
      EncryptionKey: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineKey/), 'Arn'] },
      TimeoutInMinutes: 30,
    });
    expect(build.Source.BuildSpec)
      .toBe(buildSpecText(imageBuildSpec({ imageDetail: false, imageDefinitions: true, stagingImageDefinitions: false })));
  });

  test('the image build\'s environment: the repository, Dockerfile, context, the container behind the target group, and the commit', () => {
    expect(buildEnvironment(template, 'PipelineImageBuild')).toEqual({
      REPOSITORY_URI: expect.objectContaining({ 'Fn::Join': expect.anything() }),
      REPOSITORY_NAME: { Ref: expect.stringMatching(/^PipelineRepository/) },
      DOCKERFILE: 'Dockerfile',
      BUILD_CONTEXT: '.',
      CONTAINER_NAME: 'wordpress',
    });
    const build = action(template, 'Build', 'BuildImage');
    expect(JSON.parse(build.Configuration.EnvironmentVariables)).toEqual([
      { name: 'SOURCE_VERSION', type: 'PLAINTEXT', value: '#{Source_Source_NS.CommitId}' },
    ]);
    expect(build.OutputArtifacts).toEqual([{ Name: 'Image' }]);
  });

  test('build logs in the project\'s own log group, kept a month', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['/aws/codebuild/', { Ref: Match.stringLikeRegexp('^PipelineImageBuild') }]] },
      RetentionInDays: 30,
    });
  });

  test('the release repository: scanned on push, immutable tags but latest, encrypted (AES-256), keeps the last 30 images, retained', () => {
    const repository = Object.entries(template.findResources('AWS::ECR::Repository')).find(([id]) => id.startsWith('PipelineRepository'))![1];
    expect(repository).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        ImageTagMutabilityExclusionFilters: [{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'latest' }],
      },
    });
    // No EncryptionConfiguration is ECR's AES-256 encryption at rest (aws-cdk-lib leaves the default out).
    expect(repository.Properties.EncryptionConfiguration).toBeUndefined();
    expect(JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText).rules).toEqual([expect.objectContaining({
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' },
    })]);
  });

  test('production: the ECS deploy action on the service with the build\'s imagedefinitions.json, 60 minutes timeout', () => {
    expect(action(template, 'Production', 'DeployToProduction')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Provider: 'ECS' },
      Configuration: {
        ClusterName: { Ref: expect.stringMatching(/^WordpressCluster/) },
        ServiceName: { 'Fn::GetAtt': [expect.stringMatching(/^WordpressService/), 'Name'] },
        FileName: 'imagedefinitions.json',
        DeploymentTimeout: 60,
      },
      InputArtifacts: [{ Name: 'Image' }],
    });
  });

  test('rollback alarms: target 5xx (10 a minute, 2 minutes running) and unhealthy targets (1, 5 minutes running), over both target groups', () => {
    const alarm = (prefix: string) => Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([id]) => id.startsWith(prefix))![1].Properties;
    const groupsOf = (props: any, metricName: string) => (props.Metrics as any[]).filter((m) => m.MetricStat).map((m) => {
      expect(m.MetricStat.Metric.MetricName).toBe(metricName);
      return m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'TargetGroup').Value['Fn::GetAtt'][0];
    });
    const fiveXx = alarm('PipelineTarget5xxAlarm');
    expect(fiveXx).toMatchObject({
      Threshold: 10, EvaluationPeriods: 2, DatapointsToAlarm: 2, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    });
    expect(fiveXx.Metrics[0]).toMatchObject({ Expression: 'FILL(a, 0) + FILL(b, 0)', ReturnData: true });
    expect(groupsOf(fiveXx, 'HTTPCode_Target_5XX_Count')).toEqual([expect.stringMatching(/^WordpressTargetGroup/), expect.stringMatching(/^WordpressAlternateTargetGroup/)]);
    const unhealthy = alarm('PipelineUnhealthyHostsAlarm');
    expect(unhealthy).toMatchObject({ Threshold: 1, EvaluationPeriods: 5, DatapointsToAlarm: 5 });
    expect(groupsOf(unhealthy, 'UnHealthyHostCount')).toHaveLength(2);
  });

  test('the service rolls a deployment back when either alarm fires', () => {
    expect(onlyResource(template, 'AWS::ECS::Service').DeploymentConfiguration.Alarms).toEqual({
      AlarmNames: [{ Ref: expect.stringMatching(/^PipelineTarget5xxAlarm/) }, { Ref: expect.stringMatching(/^PipelineUnhealthyHostsAlarm/) }],
      Enable: true,
      Rollback: true,
    });
  });

  test('notifications: an encrypted, SSL-only topic gets pipeline executions and the service\'s ECS deployment state changes', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    expect(onlyResource(template, 'AWS::CodeStarNotifications::NotificationRule')).toMatchObject({
      EventTypeIds: [
        'codepipeline-pipeline-pipeline-execution-started',
        'codepipeline-pipeline-pipeline-execution-failed',
        'codepipeline-pipeline-pipeline-execution-succeeded',
        'codepipeline-pipeline-pipeline-execution-canceled',
      ],
      Targets: [{ TargetType: 'SNS', TargetAddress: { Ref: expect.stringMatching(/^PipelineNotifications/) } }],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.ecs'], 'detail-type': ['ECS Deployment State Change'], 'resources': [{ Ref: Match.stringLikeRegexp('^WordpressService') }] },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^PipelineNotifications') } })],
    });
  });

  test('least privilege: ecr:GetAuthorizationToken (no resource-level permissions) on "*" only for the image build and the task execution role', () => {
    const withToken = statements(template).filter((s2) => actionsOf(s2.statement).includes('ecr:GetAuthorizationToken'));
    expect(withToken.map((s2) => s2.policy).sort()).toEqual([
      expect.stringMatching(/^PipelineImageBuildRoleDefaultPolicy/),
      expect.stringMatching(/^WordpressTaskDefinitionExecutionRoleDefaultPolicy/),
    ]);
    for (const { statement } of withToken) {
      expect(statement).toEqual({ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' });
    }
  });

  test('least privilege: the image build pushes to and reads the release repository only, and cannot touch ECS or pass roles', () => {
    const build = statementsOf(template, 'PipelineImageBuildRoleDefaultPolicy');
    const ecrStatements = build.filter((st) => actionsOf(st).some((a) => a.startsWith('ecr:')) && st.Resource !== '*');
    expect(ecrStatements.flatMap(actionsOf).sort()).toEqual([
      'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:DescribeImages', 'ecr:GetDownloadUrlForLayer',
      'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart',
    ]);
    for (const st of ecrStatements) {
      expect(st.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineRepository/), 'Arn'] });
    }
    expect(build.flatMap(actionsOf).filter((a) => a.startsWith('ecs:') || a.startsWith('iam:') || a.startsWith('codebuild:'))).toEqual([]);
  });

  test('least privilege: the task execution role may pull from the release repository', () => {
    const pull = statementsOf(template, 'WordpressTaskDefinitionExecutionRoleDefaultPolicy')
      .find((st) => actionsOf(st).includes('ecr:BatchGetImage'));
    expect(pull).toEqual({
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineRepository/), 'Arn'] },
    });
  });

  test('least privilege: the production deploy role may update only this service and pass only its task definition\'s roles', () => {
    const deploy = statementsOf(template, 'PipelineProductionDeployRoleDefaultPolicy');
    expect(deploy).toEqual(expect.arrayContaining([
      { Sid: 'OnlyThisService', Effect: 'Deny', Action: 'ecs:UpdateService', NotResource: { Ref: expect.stringMatching(/^WordpressService/) } },
      {
        Sid: 'OnlyThisTaskDefinitionsRoles',
        Effect: 'Deny',
        Action: 'iam:PassRole',
        NotResource: [
          { 'Fn::GetAtt': [expect.stringMatching(/^WordpressTaskDefinitionTaskRole/), 'Arn'] },
          { 'Fn::GetAtt': [expect.stringMatching(/^WordpressTaskDefinitionExecutionRole/), 'Arn'] },
        ],
      },
    ]));
    // The allow comes from aws-cdk-lib's ECS deploy action: iam:PassRole only to ECS tasks (or EC2).
    expect(deploy.find((st) => st.Effect === 'Allow' && actionsOf(st).includes('iam:PassRole'))).toMatchObject({
      Condition: { StringEqualsIfExists: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] } },
    });
  });

  test('least privilege: no statement allows all actions of a service, and only deploy roles may pass roles', () => {
    const all = statements(template).filter((s2) => s2.policy.startsWith('Pipeline') && s2.statement.Effect === 'Allow');
    expect(all.flatMap((s2) => actionsOf(s2.statement)).filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    expect([...new Set(all.filter((s2) => actionsOf(s2.statement).includes('iam:PassRole')).map((s2) => s2.policy))])
      .toEqual([expect.stringMatching(/^PipelineProductionDeployRoleDefaultPolicy/)]);
  });

  test('least privilege: the pipeline role only assumes its own action roles (besides the artifacts)', () => {
    const assume = statementsOf(template, 'PipelineRoleDefaultPolicy').filter((st) => actionsOf(st).includes('sts:AssumeRole'));
    expect(assume.map((st) => st.Resource['Fn::GetAtt'][0]).sort()).toEqual([
      expect.stringMatching(/^PipelineBuildBuildImageCodePipelineActionRole/),
      expect.stringMatching(/^PipelineProductionDeployRole/),
      expect.stringMatching(/^PipelineProductionRecordReleaseCodePipelineActionRole/),
      expect.stringMatching(/^PipelineSourceCodePipelineActionRole/),
    ]);
  });

  test('exposes its children', () => {
    expect(p.pipeline).toBeDefined();
    expect(p.repository).toBeInstanceOf(ecr.Repository);
    expect(p.imageBuildProject).toBeInstanceOf(codebuild.PipelineProject);
    expect(p.notificationTopic).toBeInstanceOf(sns.Topic);
    expect(p.sourceAction.actionProperties.actionName).toBe('Source');
    expect(p.imageBuildAction?.actionProperties.actionName).toBe('BuildImage');
    expect(p.productionDeployAction.actionProperties.actionName).toBe('DeployToProduction');
    expect([p.target5xxAlarm, p.unhealthyHostsAlarm]).toHaveLength(2);
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('CodeDeploy blue/green (the site\'s deployment), built from GitHub', () => {
  let stack: Stack;
  let template: Template;
  let p: BlueGreenEcsPipeline;
  beforeAll(() => {
    stack = newStack();
    p = pipeline(stack, codeDeploySite(stack));
    template = Template.fromStack(stack);
  });

  test('a deployment group with both target groups, the production and test listeners, all at once, 5 minutes before the old tasks stop', () => {
    expect(onlyResource(template, 'AWS::CodeDeploy::DeploymentGroup')).toMatchObject({
      ApplicationName: { Ref: expect.stringMatching(/^PipelineApplication/) },
      DeploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
      ECSServices: [{ ClusterName: { Ref: expect.stringMatching(/^WordpressCluster/) }, ServiceName: { 'Fn::GetAtt': [expect.stringMatching(/^WordpressService/), 'Name'] } }],
      BlueGreenDeploymentConfiguration: { TerminateBlueInstancesOnDeploymentSuccess: { Action: 'TERMINATE', TerminationWaitTimeInMinutes: 5 } },
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [{
          ProdTrafficRoute: { ListenerArns: [{ Ref: expect.stringMatching(/HttpListener/) }] },
          TestTrafficRoute: { ListenerArns: [{ Ref: expect.stringMatching(/TestListener/) }] },
          TargetGroups: [
            { Name: { 'Fn::GetAtt': [expect.stringMatching(/^WordpressTargetGroup/), 'TargetGroupName'] } },
            { Name: { 'Fn::GetAtt': [expect.stringMatching(/^WordpressAlternateTargetGroup/), 'TargetGroupName'] } },
          ],
        }],
      },
    });
  });

  test('rollback: on failure, on a stop request and on either alarm', () => {
    expect(onlyResource(template, 'AWS::CodeDeploy::DeploymentGroup')).toMatchObject({
      AlarmConfiguration: {
        Enabled: true,
        Alarms: [{ Name: { Ref: expect.stringMatching(/^PipelineTarget5xxAlarm/) } }, { Name: { Ref: expect.stringMatching(/^PipelineUnhealthyHostsAlarm/) } }],
      },
      AutoRollbackConfiguration: { Enabled: true, Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'] },
    });
    // The CODE_DEPLOY controller has no deployment alarms of its own.
    expect(onlyResource(template, 'AWS::ECS::Service').DeploymentConfiguration.Alarms).toBeUndefined();
  });

  test('the deployment group\'s role: CodeDeploy only, with the AWS policy for ECS deployments', () => {
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('PipelineDeploymentGroupServiceRole'))![1];
    expect(role.Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [expect.objectContaining({ Principal: { Service: 'codedeploy.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSCodeDeployRoleForECS']] }],
    });
  });

  test('the Build stage builds the image and writes the deploy files side by side', () => {
    const build = stages(template).find((st) => st.Name === 'Build')!;
    expect(build.Actions.map((a) => [a.Name, a.RunOrder, a.OutputArtifacts])).toEqual([
      ['BuildImage', 1, [{ Name: 'Image' }]],
      ['WriteDeployFiles', 1, [{ Name: 'DeployFiles' }]],
    ]);
    expect(project(template, 'PipelineImageBuild').Source.BuildSpec)
      .toBe(buildSpecText(imageBuildSpec({ imageDetail: true, imageDefinitions: false, stagingImageDefinitions: false })));
  });

  test('the deploy files step: no Docker, the service\'s task definition ARN and the generated AppSpec in its environment', () => {
    const files = project(template, 'PipelineDeployFiles');
    expect(files.Environment).toMatchObject({ Image: 'aws/codebuild/standard:7.0', PrivilegedMode: false });
    expect(files.Source.BuildSpec).toBe(buildSpecText(deployFilesBuildSpec({ codeDeployFiles: true })));
    const env = buildEnvironment(template, 'PipelineDeployFiles');
    expect(env.TASK_DEFINITION_ARN).toEqual({ Ref: expect.stringMatching(/^WordpressTaskDefinition/) });
    expect(env.CONTAINER_NAME).toBe('wordpress');
    expect(JSON.parse(env.APPSPEC)).toEqual({
      version: '0.0',
      Resources: [{
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: { TaskDefinition: '<TASK_DEFINITION>', LoadBalancerInfo: { ContainerName: 'wordpress', ContainerPort: 80 } },
        },
      }],
    });
  });

  test('production: CodeDeploy with the generated taskdef.json and appspec.yaml, the built image in place of <IMAGE1_NAME>', () => {
    expect(action(template, 'Production', 'DeployToProduction')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Provider: 'CodeDeployToECS' },
      Configuration: {
        ApplicationName: { Ref: expect.stringMatching(/^PipelineApplication/) },
        DeploymentGroupName: { Ref: expect.stringMatching(/^PipelineDeploymentGroup/) },
        TaskDefinitionTemplateArtifact: 'DeployFiles',
        TaskDefinitionTemplatePath: 'taskdef.json',
        AppSpecTemplateArtifact: 'DeployFiles',
        AppSpecTemplatePath: 'appspec.yaml',
        Image1ArtifactName: 'Image',
        Image1ContainerName: 'IMAGE1_NAME',
      },
    });
  });

  test('least privilege: the deploy files step reads task definitions (no resource-level permissions) and nothing in ECR', () => {
    const files = statementsOf(template, 'PipelineDeployFilesRoleDefaultPolicy');
    expect(files.filter((st) => actionsOf(st).some((a) => a.startsWith('ecs:')))).toEqual([
      { Action: 'ecs:DescribeTaskDefinition', Effect: 'Allow', Resource: '*' },
    ]);
    expect(files.flatMap(actionsOf).filter((a) => a.startsWith('ecr:') || a.startsWith('iam:'))).toEqual([]);
  });

  test('least privilege: the CodeDeploy deploy role may pass only the task definition\'s roles', () => {
    expect(statementsOf(template, 'PipelineProductionDeployRoleDefaultPolicy')).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'OnlyThisTaskDefinitionsRoles', Effect: 'Deny', Action: 'iam:PassRole' }),
      expect.objectContaining({ Effect: 'Allow', Action: ['codedeploy:CreateDeployment', 'codedeploy:GetDeployment'] }),
    ]));
  });

  test('notifications: CodeDeploy deployment state changes of this deployment group', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Deployment State-change Notification'],
        'detail': { application: [{ Ref: Match.stringLikeRegexp('^PipelineApplication') }], deploymentGroup: [{ Ref: Match.stringLikeRegexp('^PipelineDeploymentGroup') }] },
      },
    });
    expect(Object.values(template.findResources('AWS::Events::Rule')).some((r) => r.Properties.EventPattern.source?.[0] === 'aws.ecs')).toBe(false);
  });

  test('exposes the application and deployment group', () => {
    expect(p.application).toBeInstanceOf(codedeploy.EcsApplication);
    expect(p.deploymentGroup).toBeInstanceOf(codedeploy.EcsDeploymentGroup);
    expect(p.deployFilesAction?.actionProperties.actionName).toBe('WriteDeployFiles');
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('CodeDeploy on an ECR push', () => {
  let stack: Stack;
  let template: Template;
  beforeAll(() => {
    stack = newStack();
    pipeline(stack, codeDeploySite(stack), { source: PipelineSource.ecr({ repository: new ecr.Repository(stack, 'Pushed') }), manualApproval: true });
    template = Template.fromStack(stack);
  });

  test('no image build: the pushed image\'s imageDetail.json goes to CodeDeploy as it is, next to the generated files', () => {
    expect(stages(template).map((st) => [st.Name, st.Actions.map((a) => a.Name)])).toEqual([
      ['Source', ['Source']], ['Build', ['WriteDeployFiles']], ['Approval', ['ApproveRelease']], ['Production', ['DeployToProduction', 'RecordRelease']],
    ]);
    expect(project(template, 'PipelineDeployFiles').Source.BuildSpec).toBe(buildSpecText(deployFilesBuildSpec({ codeDeployFiles: true })));
    expect(action(template, 'Production', 'DeployToProduction').Configuration).toMatchObject({
      TaskDefinitionTemplateArtifact: 'DeployFiles', AppSpecTemplateArtifact: 'DeployFiles', Image1ArtifactName: 'Source', Image1ContainerName: 'IMAGE1_NAME',
    });
  });

  test('the approval without staging, and no ECS deployment events (CodeDeploy reports instead)', () => {
    expect(action(template, 'Approval', 'ApproveRelease').Configuration.CustomData).toBe('Approve to deploy the release to production (blue/green).');
    expect(Object.values(template.findResources('AWS::Events::Rule')).map((r) => r.Properties.EventPattern.source[0]).sort())
      .toEqual(['aws.codedeploy', 'aws.ecr']);
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('CodeDeploy options', () => {
  test('with a staging service, its ECS deployment events reach the topic', () => {
    const stack = newStack();
    const s = codeDeploySite(stack);
    const staging = site(stack, { vpc: s.vpc, minCapacity: 1 }, 'Staging');
    pipeline(stack, s, { staging: { service: staging } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ecs'], resources: [{ Ref: Match.stringLikeRegexp('^StagingService') }] },
    });
    expect(buildEnvironment(template, 'PipelineDeployFiles').STAGING_CONTAINER_NAME).toBeUndefined();
    expect(buildEnvironment(template, 'PipelineImageBuild').STAGING_CONTAINER_NAME).toBe('wordpress');
  });

  test('canary traffic shifting, a longer termination wait, Fargate Spot and lifecycle hooks reach the deployment group and the AppSpec', () => {
    // GIVEN two hook functions and a CodeDeploy site on Fargate Spot whose deployment shifts canary, waits longer and runs the hooks
    const stack = newStack();
    const smoke = hookFunction(stack, 'SmokeTest');
    const gate = hookFunction(stack, 'Gate');
    const s = codeDeploySite(stack, { fargateSpot: {} }, 'Wordpress', {
      deploymentConfig: codedeploy.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      terminationWaitTime: Duration.minutes(30),
      hooks: { afterAllowTestTraffic: smoke, beforeAllowTraffic: gate },
    });
    // WHEN
    const p = pipeline(stack, s);
    // THEN
    const template = Template.fromStack(stack);
    expect(onlyResource(template, 'AWS::CodeDeploy::DeploymentGroup')).toMatchObject({
      DeploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
      BlueGreenDeploymentConfiguration: { TerminateBlueInstancesOnDeploymentSuccess: { TerminationWaitTimeInMinutes: 30 } },
    });
    const appspec = buildEnvironment(template, 'PipelineDeployFiles').APPSPEC;
    const text = JSON.stringify(appspec);
    expect(text).toContain('\\"CapacityProviderStrategy\\":[{\\"CapacityProvider\\":\\"FARGATE\\",\\"Base\\":2,\\"Weight\\":1},{\\"CapacityProvider\\":\\"FARGATE_SPOT\\",\\"Weight\\":1}]');
    expect(text).toMatch(/\\"Hooks\\":\[\{\\"AfterAllowTestTraffic\\":\\"",\{"Fn::GetAtt":\["SmokeTest[0-9A-F]+","Arn"\]\},"\\"\},\{\\"BeforeAllowTraffic\\":\\"",\{"Fn::GetAtt":\["Gate/);
    // CodeDeploy may invoke exactly these functions; each may report its result to this deployment group.
    const invoke = statementsOf(template, 'PipelineDeploymentGroupServiceRoleDefaultPolicy').filter((st) => actionsOf(st).includes('lambda:InvokeFunction'));
    expect(invoke.map((st) => st.Resource['Fn::GetAtt'][0])).toEqual([expect.stringMatching(/^SmokeTest/), expect.stringMatching(/^Gate/)]);
    expect(statementsOf(template, 'SmokeTestServiceRoleDefaultPolicy')).toEqual([{
      Action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
      Effect: 'Allow',
      Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }),
    }]);
    expect(nagFindings(p)).toEqual([]);
  });

  test('a service of your own without a test listener: the deployment group has no test route', () => {
    // GIVEN a blue/green service implemented by hand (here: a CodeDeploy site's parts, without its test listener)
    const stack = newStack();
    const s = codeDeploySite(stack);
    const own = ownService(s, { testListener: undefined, testListenerRule: undefined });
    // WHEN
    new BlueGreenEcsPipeline(stack, 'Pipeline', { service: own, source: PipelineSource.ecr({ repository: new ecr.Repository(stack, 'Pushed') }) });
    // THEN
    expect(onlyResource(Template.fromStack(stack), 'AWS::CodeDeploy::DeploymentGroup').LoadBalancerInfo.TargetGroupPairInfoList[0].TestTrafficRoute)
      .toBeUndefined();
  });
});

describe('native options', () => {
  test('lifecycle hooks are added to the service, invoked with a role that may invoke exactly them; the deploy action timeout', () => {
    // GIVEN a smoke test function and a site whose native blue/green deployment runs it and may take 30 minutes
    const stack = newStack();
    const smoke = hookFunction(stack, 'SmokeTest');
    const s = nativeSite(stack, {
      deployment: WordpressDeployment.ecsBlueGreen({
        testListenerPort: 8080,
        deploymentTimeout: Duration.minutes(30),
        lifecycleHooks: [{ handler: smoke, stages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT] }],
      }),
    });
    // WHEN
    const p = pipeline(stack, s);
    // THEN
    const template = Template.fromStack(stack);
    expect(onlyResource(template, 'AWS::ECS::Service').DeploymentConfiguration.LifecycleHooks).toEqual([{
      HookTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^SmokeTest/), 'Arn'] },
      LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineLifecycleHooksRole/), 'Arn'] },
    }]);
    expect(statementsOf(template, 'PipelineLifecycleHooksRoleDefaultPolicy')).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SmokeTest/), 'Arn'] } },
    ]);
    expect(action(template, 'Production', 'DeployToProduction').Configuration.DeploymentTimeout).toBe(30);
    expect(nagFindings(p)).toEqual([]);
    expect(nagFindings(s)).toEqual([]);
  });
});

describe('staging and approval', () => {
  let stack: Stack;
  let template: Template;
  let p: BlueGreenEcsPipeline;
  beforeAll(() => {
    // GIVEN production and a separate staging site (own file system and database)
    stack = newStack();
    const production = nativeSite(stack);
    const staging = site(stack, { minCapacity: 1, maxCapacity: 2 }, 'Staging');
    // WHEN
    p = pipeline(stack, production, { staging: { service: staging, url: 'https://staging.example.com' }, manualApproval: true });
    template = Template.fromStack(stack);
  });

  test('stages: Source, Build, Staging, Approval, Production', () => {
    expect(stages(template).map((st) => st.Name)).toEqual(['Source', 'Build', 'Staging', 'Approval', 'Production']);
  });

  test('staging: the ECS deploy action on the staging service with the staging container\'s imagedefinitions', () => {
    expect(action(template, 'Staging', 'DeployToStaging')).toMatchObject({
      ActionTypeId: { Provider: 'ECS' },
      Configuration: { ServiceName: { 'Fn::GetAtt': [expect.stringMatching(/^StagingService/), 'Name'] }, FileName: 'imagedefinitions-staging.json' },
      InputArtifacts: [{ Name: 'Image' }],
    });
    expect(buildEnvironment(template, 'PipelineImageBuild').STAGING_CONTAINER_NAME).toBe('wordpress');
    expect(project(template, 'PipelineImageBuild').Source.BuildSpec)
      .toBe(buildSpecText(imageBuildSpec({ imageDetail: false, imageDefinitions: true, stagingImageDefinitions: true })));
  });

  test('staging is kept apart: its own deploy role limited to the staging service, its execution role may pull the release', () => {
    expect(statementsOf(template, 'PipelineStagingDeployRoleDefaultPolicy')).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'OnlyThisService', NotResource: { Ref: expect.stringMatching(/^StagingService/) } }),
    ]));
    expect(statementsOf(template, 'StagingTaskDefinitionExecutionRoleDefaultPolicy').some((st) => actionsOf(st).includes('ecr:BatchGetImage'))).toBe(true);
    const fileSystems = Object.keys(template.findResources('AWS::EFS::FileSystem'));
    expect(fileSystems).toHaveLength(2);
  });

  test('approval: a manual approval that notifies the topic and links the staging site', () => {
    expect(action(template, 'Approval', 'ApproveRelease')).toMatchObject({
      ActionTypeId: { Category: 'Approval', Provider: 'Manual' },
      Configuration: { NotificationArn: { Ref: expect.stringMatching(/^PipelineNotifications/) }, ExternalEntityLink: 'https://staging.example.com' },
    });
    expect(onlyResource(template, 'AWS::CodeStarNotifications::NotificationRule').EventTypeIds)
      .toContain('codepipeline-pipeline-manual-approval-needed');
  });

  test('ECS deployment events of both services reach the topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { resources: [{ Ref: Match.stringLikeRegexp('^WordpressService') }, { Ref: Match.stringLikeRegexp('^StagingService') }] },
    });
  });

  test('exposes the staging and approval actions', () => {
    expect(p.stagingDeployAction?.actionProperties.actionName).toBe('DeployToStaging');
    expect(p.approvalAction?.actionProperties.actionName).toBe('ApproveRelease');
  });

  test('cdk-nag: no unacknowledged finding (fully featured: staging, approval)', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('a staging service in another stack (dev and prod apart)', () => {
  let app: App;
  let devStack: Stack;
  let prodStack: Stack;
  let p: BlueGreenEcsPipeline;
  beforeAll(() => {
    // GIVEN a staging site in its own stack, production and its pipeline in another (same account and region)
    app = new App();
    const env = { account: ACCOUNT, region: REGION };
    devStack = new Stack(app, 'Dev', { env });
    const staging = site(devStack, { trackReleasedImage: true }, 'Staging');
    prodStack = new Stack(app, 'Prod', { env });
    // WHEN
    p = pipeline(prodStack, nativeSite(prodStack), { staging: { service: staging } });
  });

  test('the release repository\'s policy lets the staging execution role pull (it names the role, imported from the staging stack)', () => {
    const repository = onlyResource(Template.fromStack(prodStack), 'AWS::ECR::Repository');
    expect(repository.RepositoryPolicyText.Statement).toEqual([{
      Sid: expect.stringMatching(/^PullDevStagingTaskDefinitionExecutionRole/),
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::ImportValue': expect.stringMatching(/^Dev:ExportsOutputFnGetAttStagingTaskDefinitionExecutionRole.*Arn/) } },
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    }]);
  });

  test('the staging execution role gets the registry token (no resource, no reference to the pipeline\'s stack)', () => {
    const dev = Template.fromStack(devStack);
    expect(statementsOf(dev, 'StagingTaskDefinitionExecutionRoleDefaultPolicy')).toContainEqual(
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' });
    expect(JSON.stringify(dev.toJSON())).not.toContain('Fn::ImportValue');
    expect(nagFindings(devStack)).toEqual([]);
  });

  test('no warning, and the app synthesizes: no dependency cycle between the two stacks', () => {
    Annotations.fromStack(prodStack).hasNoWarning('/Prod/Pipeline', Match.anyValue());
    // The staging release is recorded by the parameter's name: nothing of it is imported from the staging stack.
    const recordStaging = JSON.stringify(Template.fromStack(prodStack).toJSON().Resources);
    expect(recordStaging).toContain('"value\\":\\"/cdk-fargate-wordpress/Dev/Staging/released-image\\"');
    expect(recordStaging).toContain(':ssm:ap-northeast-1:123456789012:parameter/cdk-fargate-wordpress/Dev/Staging/released-image');
    expect(recordStaging).not.toMatch(/ImportValue[^}]*ReleasedImage/);
    expect(() => app.synth()).not.toThrow();
    expect(prodStack.dependencies).toEqual([devStack]);
    expect(devStack.dependencies).toEqual([]);
    expect(p.stagingDeployAction).toBeDefined();
    expect(nagFindings(prodStack)).toEqual([]);
  });
});

describe('services and repositories elsewhere', () => {
  test('a named repository is granted by name to a staging service in another stack (no dependency back on the pipeline)', () => {
    const app = new App();
    const env = { account: ACCOUNT, region: REGION };
    const devStack = new Stack(app, 'Dev', { env });
    const staging = site(devStack, {}, 'Staging');
    const prodStack = new Stack(app, 'Prod', { env });
    const repository = ecr.Repository.fromRepositoryName(prodStack, 'Releases', 'wordpress-releases');
    pipeline(prodStack, nativeSite(prodStack), { repository, staging: { service: staging } });
    const pull = statementsOf(Template.fromStack(devStack), 'StagingTaskDefinitionExecutionRoleDefaultPolicy')
      .find((st) => actionsOf(st).includes('ecr:BatchGetImage'));
    expect(pull!.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:${REGION}:${ACCOUNT}:repository/wordpress-releases`]] });
    expect(() => app.synth()).not.toThrow();
    expect(nagFindings(devStack)).toEqual([]);
  });

  test('a staging service of your own in another stack, its execution role imported: the repository policy names it, the role gets the token', () => {
    // GIVEN a plain ECS service (the staging site contract implemented by hand) whose execution role is imported
    const app = new App();
    const env = { account: ACCOUNT, region: REGION };
    const devStack = new Stack(app, 'Dev', { env });
    const role = iam.Role.fromRoleArn(devStack, 'ExecutionRole', `arn:aws:iam::${ACCOUNT}:role/staging-execution`);
    const taskDefinition = new ecs.FargateTaskDefinition(devStack, 'Task', { executionRole: role });
    const container = taskDefinition.addContainer('web', { image: ecs.ContainerImage.fromRegistry('wordpress') });
    const cluster = new ecs.Cluster(devStack, 'Cluster', { vpc: new ec2.Vpc(devStack, 'Vpc', { availabilityZones: ZONES }) });
    const service = new ecs.FargateService(devStack, 'Staging', { cluster, taskDefinition });
    const parts = site(devStack, {}, 'Parts');
    const prodStack = new Stack(app, 'Prod', { env });
    // WHEN
    pipeline(prodStack, nativeSite(prodStack), { staging: { service: ownService(parts, { service, container }) } });
    // THEN
    expect(onlyResource(Template.fromStack(prodStack), 'AWS::ECR::Repository').RepositoryPolicyText.Statement)
      .toEqual([expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/staging-execution` } })]);
    Template.fromStack(devStack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['staging-execution'],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }]) },
    });
    expect(buildEnvironment(Template.fromStack(prodStack), 'PipelineImageBuild').STAGING_CONTAINER_NAME).toBe('web');
    expect(() => app.synth()).not.toThrow();
  });

  test('a repository and a staging service in two other stacks: the pull grant is left to the owner with a warning', () => {
    const app = new App();
    const env = { account: ACCOUNT, region: REGION };
    const repository = new ecr.Repository(new Stack(app, 'Registry', { env }), 'Releases');
    const staging = site(new Stack(app, 'Dev', { env }), {}, 'Staging');
    const prodStack = new Stack(app, 'Prod', { env });
    pipeline(prodStack, nativeSite(prodStack), { repository, staging: { service: staging } });
    Annotations.fromStack(prodStack).hasWarning('/Prod/Pipeline',
      Match.stringLikeRegexp('Dev/Staging/TaskDefinition/ExecutionRole and the release repository are in different stacks, the repository outside'));
  });

  test('a CodeDeploy hook in another stack: invoked by the deployment group, its status permission left to its owner with a warning', () => {
    const app = new App();
    const env = { account: ACCOUNT, region: REGION };
    const hooks = new Stack(app, 'Hooks', { env });
    const smoke = hookFunction(hooks, 'SmokeTest');
    const stack = new Stack(app, 'Prod', { env });
    pipeline(stack, codeDeploySite(stack, {}, 'Wordpress', { hooks: { afterInstall: smoke } }));
    Annotations.fromStack(stack).hasWarning('/Prod/Pipeline', Match.stringLikeRegexp('AfterInstall hook is in another stack'));
    expect(statementsOf(Template.fromStack(stack), 'PipelineDeploymentGroupServiceRoleDefaultPolicy')
      .some((st) => actionsOf(st).includes('lambda:InvokeFunction'))).toBe(true);
  });
});

describe('an environment-agnostic stack', () => {
  test('synthesizes without a region or account, cdk-nag clean', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const s = nativeSite(stack, { loadBalancerAccessLogs: false, availabilityZones: undefined });
    const p = pipeline(stack, s);
    expect(nagFindings(p)).toEqual([]);
  });
});

describe('other props', () => {
  test('an ARM64 service gets an ARM build image; build image, compute type, Dockerfile and context can be given', () => {
    const stack = newStack();
    pipeline(stack, nativeSite(stack, { cpuArchitecture: ecs.CpuArchitecture.ARM64 }));
    expect(project(Template.fromStack(stack), 'PipelineImageBuild').Environment)
      .toMatchObject({ Image: 'aws/codebuild/amazonlinux2-aarch64-standard:3.0', Type: 'ARM_CONTAINER' });

    const other = newStack();
    pipeline(other, nativeSite(other), {
      buildImage: codebuild.LinuxBuildImage.AMAZON_LINUX_2_5,
      buildComputeType: codebuild.ComputeType.MEDIUM,
      dockerfile: 'docker/Dockerfile',
      buildContext: 'docker',
    });
    const t = Template.fromStack(other);
    expect(project(t, 'PipelineImageBuild').Environment).toMatchObject({ Image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0', ComputeType: 'BUILD_GENERAL1_MEDIUM' });
    expect(buildEnvironment(t, 'PipelineImageBuild')).toMatchObject({ DOCKERFILE: 'docker/Dockerfile', BUILD_CONTEXT: 'docker' });
  });

  test('a given repository and topic are used; a new repository keeps maxImageCount images; removal policy and pipeline name', () => {
    const stack = newStack();
    const s = nativeSite(stack);
    const repository = new ecr.Repository(stack, 'Releases');
    const topic = new sns.Topic(stack, 'OpsTopic');
    const p = pipeline(stack, s, { repository, notificationTopic: topic, pipelineName: 'wordpress-releases', removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    expect(p.repository).toBe(repository);
    expect(p.notificationTopic).toBe(topic);
    template.resourceCountIs('AWS::ECR::Repository', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    expect(onlyResource(template, 'AWS::CodePipeline::Pipeline').Name).toBe('wordpress-releases');
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ BucketEncryption: Match.anyValue() }) });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });

    const other = newStack();
    pipeline(other, nativeSite(other), { maxImageCount: 5 });
    const repo = onlyResource(Template.fromStack(other), 'AWS::ECR::Repository');
    expect(JSON.parse(repo.LifecyclePolicy.LifecyclePolicyText).rules[0].selection.countNumber).toBe(5);
  });

  test('alarm thresholds', () => {
    const stack = newStack();
    pipeline(stack, nativeSite(stack), { target5xxThreshold: 50, unhealthyHostThreshold: 2 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 50, EvaluationPeriods: 2 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 2, EvaluationPeriods: 5 });
  });
});

describe('a service that is not set up for the pipeline is rejected at synth, naming the prop', () => {
  test('a rolling service', () => {
    const stack = newStack();
    expect(() => pipeline(stack, site(stack)))
      .toThrow(/Site\/Pipeline: invalid service: "Site\/Wordpress\/Service \(WordpressDeployment\.rolling\(\)\)"\. The pipeline releases blue\/green: give a service whose deployment is WordpressDeployment\.ecsBlueGreen\(\)/);
  });

  test('a blue/green service of your own without its second target group', () => {
    const stack = newStack();
    const s = nativeSite(stack);
    const own = ownService(s, { alternateTargetGroup: undefined });
    expect(() => new BlueGreenEcsPipeline(stack, 'Pipeline', { service: own, source: PipelineSource.ecr({ repository: new ecr.Repository(stack, 'R') }) }))
      .toThrow(/invalid service\.alternateTargetGroup: undefined\. Site\/Wordpress\/Service is set up for blue\/green \(ECS_BLUE_GREEN\) but has no second target group/);
  });

  test('native blue/green with the service in another stack', () => {
    const app = new App();
    const siteStack = new Stack(app, 'Site', { env: { account: ACCOUNT, region: REGION } });
    const s = nativeSite(siteStack);
    expect(() => pipeline(new Stack(app, 'Releases', { env: { account: ACCOUNT, region: REGION } }), s))
      .toThrow(/invalid service: "Site\/Wordpress\/Service"\. It is in stack Site: native ECS blue\/green attaches the rollback alarms/);
  });

  test('a staging site under the CodeDeploy controller', () => {
    const stack = newStack();
    const staging = codeDeploySite(stack, {}, 'Staging');
    expect(() => pipeline(stack, nativeSite(stack), { staging: { service: staging } }))
      .toThrow(/invalid staging\.service: "Site\/Staging\/Service \(WordpressDeployment\.codeDeployBlueGreen\(\)\)"\. The staging deployment uses the ECS deploy action/);
  });

  test.each([
    ['another region', { account: ACCOUNT, region: 'eu-west-1' }, /invalid staging\.service: "Dev\/Staging\/Service \(account 123456789012, region eu-west-1\)"\. It must be in the pipeline's account and region \(123456789012, ap-northeast-1\)/],
    ['another account', { account: '210987654321', region: REGION }, /invalid staging\.service: "Dev\/Staging\/Service \(account 210987654321, region ap-northeast-1\)"\. It must be in the pipeline's account and region/],
  ])('a staging site in %s', (_name, env, message) => {
    const app = new App();
    const staging = site(new Stack(app, 'Dev', { env }), { availabilityZones: [`${env.region}a`, `${env.region}c`] }, 'Staging');
    const prodStack = new Stack(app, 'Prod', { env: { account: ACCOUNT, region: REGION } });
    expect(() => pipeline(prodStack, nativeSite(prodStack), { staging: { service: staging } })).toThrow(message);
  });
});

describe('bad options are rejected at synth, naming the prop', () => {
  /** A site deployed natively or by CodeDeploy with the given options, and a pipeline onto it. */
  const native = (options: Parameters<typeof WordpressDeployment.ecsBlueGreen>[0]) => (stack: Stack) =>
    pipeline(stack, nativeSite(stack, { deployment: WordpressDeployment.ecsBlueGreen(options) }));
  const codeDeploy = (options: Parameters<typeof WordpressDeployment.codeDeployBlueGreen>[0]) => (stack: Stack) =>
    pipeline(stack, codeDeploySite(stack, {}, 'Wordpress', options));
  const onNative = (props: Parameters<typeof pipeline>[2]) => (stack: Stack) => pipeline(stack, nativeSite(stack), props);
  const cases: Array<[string, (stack: Stack) => void, RegExp]> = [
    ['a deployment config that does not exist', (stack) => codeDeploy({
      deploymentConfig: codedeploy.EcsDeploymentConfig.fromEcsDeploymentConfigName(stack, 'Typo', 'CodeDeployDefault.ECSCanary10Percent7Minutes'),
    })(stack), /invalid service\.deployment\.deploymentConfig: "CodeDeployDefault\.ECSCanary10Percent7Minutes"\. No such predefined ECS deployment configuration/],
    ['a termination wait over two days', codeDeploy({ terminationWaitTime: Duration.minutes(2881) }),
      /invalid service\.deployment\.terminationWaitTime: 2 days 1 minute\. Allowed: whole minutes from 0 to 2880/],
    ['a termination wait of part of a minute', codeDeploy({ terminationWaitTime: Duration.seconds(90) }),
      /invalid service\.deployment\.terminationWaitTime: 1 minute 30 seconds\. Allowed: whole minutes from 0 to 2880/],
    ['a deploy timeout over an hour', native({ deploymentTimeout: Duration.minutes(61) }),
      /invalid service\.deployment\.deploymentTimeout: 1 hour 1 minute\. Allowed: whole minutes from 1 to 60/],
    ['a deploy timeout within the default bake time', native({ deploymentTimeout: Duration.minutes(5) }),
      /invalid service\.deployment\.deploymentTimeout: 5 minutes\. It must be longer than the service's bake time \(5 minutes\)/],
    ['a deploy timeout within the given bake time', native({ bakeTime: Duration.minutes(30), deploymentTimeout: Duration.minutes(20) }),
      /invalid service\.deployment\.deploymentTimeout: 20 minutes\. It must be longer than the service's bake time \(30 minutes\)/],
    ['a lifecycle hook without stages', (stack) => native({ lifecycleHooks: [{ handler: hookFunction(stack, 'Hook'), stages: [] }] })(stack),
      /invalid service\.deployment\.lifecycleHooks\[0\]\.stages: \[\]\. Give at least one/],
    ['maxImageCount zero', onNative({ maxImageCount: 0 }), /invalid maxImageCount: 0/],
    ['target5xxThreshold zero', onNative({ target5xxThreshold: 0 }), /invalid target5xxThreshold: 0/],
    ['unhealthyHostThreshold fractional', onNative({ unhealthyHostThreshold: 1.5 }), /invalid unhealthyHostThreshold: 1\.5/],
    ['a Dockerfile outside the sources', onNative({ dockerfile: '../Dockerfile' }),
      /invalid dockerfile: "\.\.\/Dockerfile"\. Allowed: a relative path inside the sources/],
    ['an absolute build context', onNative({ buildContext: '/src' }), /invalid buildContext: "\/src"/],
    ['a repository with maxImageCount', (stack) => onNative({ repository: new ecr.Repository(stack, 'R'), maxImageCount: 3 })(stack),
      /maxImageCount configures the new repository, but a repository is given/],
    ['build settings with an ECR source', (stack) => onNative({
      source: PipelineSource.ecr({ repository: new ecr.Repository(stack, 'R') }), dockerfile: 'Dockerfile',
    })(stack), /dockerfile configures the image build, but an ECR source deploys pushed images/],
  ];
  test.each(cases)('%s', (_name, build, message) => {
    expect(() => build(newStack())).toThrow(message);
  });

  test('a deploy timeout longer than the bake time, and a termination wait of 0, are accepted', () => {
    expect(() => native({ bakeTime: Duration.minutes(30), deploymentTimeout: Duration.minutes(31) })(newStack())).not.toThrow();
    expect(() => codeDeploy({ terminationWaitTime: Duration.minutes(0) })(newStack())).not.toThrow();
  });

  test('the zones fixture is the reference site\'s', () => {
    expect(ZONES).toEqual(['ap-northeast-1a', 'ap-northeast-1c']);
  });
});

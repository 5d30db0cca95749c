import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BlueGreenEcsPipelineProps } from './blue-green-ecs-pipeline-props';
import { rollbackAlarms } from './private/alarms';
import { createDeployFilesBuild, createImageBuild } from './private/build-projects';
import { createCodeDeployTarget, releaseAppSpec } from './private/code-deploy';
import { addLifecycleHooks, enableRollbackAlarms } from './private/ecs-deploy';
import { acknowledgeCdkGrants, deployRole, grantImagePull } from './private/permissions';
import { validatePipelineProps } from './private/props-validation';
import {
  APPSPEC_FILE, IMAGE_DEFINITIONS_FILE, IMAGE_DETAIL_FILE, IMAGE_PLACEHOLDER, ImageFiles, LATEST_TAG, STAGING_IMAGE_DEFINITIONS_FILE,
  TASK_DEFINITION_FILE,
} from './private/release-files';
import { createRecordReleaseBuild, parameterFromPipeline, RecordedParameter, recordReleaseAction } from './private/release-record';
import { acknowledge } from '../private/acknowledge';

/**
 * A release pipeline that puts each release onto a site blue/green, the way the site's `deployment` says, and rolls back on alarms.
 *
 * Creates a CodePipeline (type V2) with an encrypted, SSL-only, private artifact bucket: a source
 * stage (ECR push, GitHub through CodeConnections, S3 object or CodeCommit); for code sources a
 * CodeBuild image build (Dockerfile, tagged with the commit, pushed to a private ECR repository with
 * scan on push and a lifecycle rule); the files each release needs, generated from the service
 * (`imagedefinitions.json`, or for CodeDeploy `taskdef.json` and `appspec.yaml`); an optional staging
 * deployment and manual approval; and the blue/green production deployment, by Amazon ECS
 * (`WordpressDeployment.ecsBlueGreen()`) or AWS CodeDeploy (`WordpressDeployment.codeDeployBlueGreen()`: a deployment
 * group with both target groups, the site's listeners and auto-rollback). Two CloudWatch alarms (target 5xx, unhealthy
 * targets) roll deployments back; executions and deployment state changes are published to an SNS topic. Every role
 * gets only what its step uses.
 */
export class BlueGreenEcsPipeline extends Construct {
  /** The pipeline. */
  public readonly pipeline: codepipeline.Pipeline;
  /** The artifact bucket (KMS-encrypted, SSL only, public access blocked). */
  public readonly artifactBucket: s3.Bucket;
  /** The KMS key of the artifacts, the build projects and the new notification topic. */
  public readonly encryptionKey: kms.Key;
  /** The repository releases deploy images from (the built images' or the ECR source's). */
  public readonly repository: ecr.IRepository;
  /** The source action. */
  public readonly sourceAction: codepipeline.IAction;
  /** The CodeBuild project building the image (code sources). */
  public readonly imageBuildProject?: codebuild.PipelineProject;
  /** The image build action (code sources). */
  public readonly imageBuildAction?: codepipeline.IAction;
  /** The CodeBuild project writing the deploy files (CodeDeploy, or an ECR source). */
  public readonly deployFilesProject?: codebuild.PipelineProject;
  /** The deploy-files action (CodeDeploy, or an ECR source). */
  public readonly deployFilesAction?: codepipeline.IAction;
  /** The staging deploy action, if there is a staging site. */
  public readonly stagingDeployAction?: codepipeline.IAction;
  /** The manual approval action, if asked for. */
  public readonly approvalAction?: actions.ManualApprovalAction;
  /** The production deploy action. */
  public readonly productionDeployAction: codepipeline.IAction;
  /** The CodeDeploy application (CodeDeploy blue/green). */
  public readonly application?: codedeploy.EcsApplication;
  /** The CodeDeploy deployment group (CodeDeploy blue/green). */
  public readonly deploymentGroup?: codedeploy.EcsDeploymentGroup;
  /** Alarm on the target 5xx responses of both target groups; rolls deployments back. */
  public readonly target5xxAlarm: cloudwatch.Alarm;
  /** Alarm on the unhealthy targets of both target groups; rolls deployments back. */
  public readonly unhealthyHostsAlarm: cloudwatch.Alarm;
  /** The topic notifications go to. */
  public readonly notificationTopic: sns.ITopic;
  /**
   * The CodeBuild project that records each released image (by digest) in the `releasedImageParameter` of the site it went
   * to, when the site (or the staging site) has one.
   */
  public readonly recordReleaseProject?: codebuild.PipelineProject;
  /** The action recording the production release, after the production deploy action (same stage, runOrder 2). */
  public readonly recordProductionReleaseAction?: codepipeline.IAction;
  /** The action recording the staging release, after the staging deploy action (same stage, runOrder 2). */
  public readonly recordStagingReleaseAction?: codepipeline.IAction;

  constructor(scope: Construct, id: string, props: BlueGreenEcsPipelineProps) {
    super(scope, id);
    const site = props.service;
    const deployment = site.deployment;
    const native = deployment._bind().kind === 'ECS_BLUE_GREEN';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const sourceOutput = new codepipeline.Artifact('Source');
    const source = props.source._bind(this, sourceOutput);
    const buildsImage = source.imageRepository === undefined;
    validatePipelineProps(this, props, buildsImage);
    const containerName = site.container.containerName;

    // ------------------------------------------------------------------ storage and notifications
    this.encryptionKey = new kms.Key(this, 'Key', {
      description: `Release pipeline ${this.node.path}: artifacts, builds, notifications`,
      enableKeyRotation: true,
      removalPolicy,
    });
    this.artifactBucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy,
    });
    acknowledge(this.artifactBucket, 'AwsSolutions-S1',
      'Only the pipeline\'s own roles read and write release artifacts, each release\'s artifacts are listed in the pipeline '
        + 'execution history, and they expire after 90 days; a second bucket for access logs would hold nothing an auditor needs.');
    // aws-cdk-lib adds the key policy statements EventBridge and CodeStar Notifications need when they are granted publishing.
    this.notificationTopic = props.notificationTopic ?? new sns.Topic(this, 'Notifications', {
      displayName: 'WordPress releases',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });

    // ------------------------------------------------------------------ images
    this.sourceAction = source.action;
    this.repository = source.imageRepository ?? props.repository ?? new ecr.Repository(this, 'Repository', {
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.AES_256,
      // Release tags (commit ids) never change; `latest` follows the last release so a stack can point at it.
      imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard(LATEST_TAG)],
      lifecycleRules: [{ description: `Keep the last ${props.maxImageCount ?? 30} images`, maxImageCount: props.maxImageCount ?? 30 }],
      removalPolicy,
    });
    grantImagePull(this, this.repository, site.service.taskDefinition.obtainExecutionRole());
    const staging = props.staging;
    const stagingContainerName = staging?.service.container.containerName;
    if (staging) {
      grantImagePull(this, this.repository, staging.service.service.taskDefinition.obtainExecutionRole());
    }

    // ------------------------------------------------------------------ build
    const imageFiles: ImageFiles = { imageDetail: !native, imageDefinitions: native, stagingImageDefinitions: staging !== undefined };
    let imageArtifact = sourceOutput;
    let imageDefinitionsArtifact = sourceOutput;
    const buildActions: codepipeline.IAction[] = [];
    if (buildsImage) {
      imageArtifact = new codepipeline.Artifact('Image');
      imageDefinitionsArtifact = imageArtifact;
      this.imageBuildProject = createImageBuild(this, {
        ...props,
        repository: this.repository,
        encryptionKey: this.encryptionKey,
        files: imageFiles,
        arm: site.service.taskDefinition.runtimePlatform?.cpuArchitecture?._cpuArchitecture === 'ARM64',
        containerName,
        stagingContainerName,
      });
      this.imageBuildAction = new actions.CodeBuildAction({
        actionName: 'BuildImage',
        project: this.imageBuildProject,
        input: sourceOutput,
        outputs: [imageArtifact],
        environmentVariables: source.version ? { SOURCE_VERSION: { value: source.version } } : undefined,
      });
      buildActions.push(this.imageBuildAction);
    }
    let deployFiles: codepipeline.Artifact | undefined;
    const ecrImageFiles = !buildsImage && (native || staging)
      ? { imageDetail: false, imageDefinitions: native, stagingImageDefinitions: staging !== undefined } : undefined;
    if (!native || ecrImageFiles) {
      deployFiles = new codepipeline.Artifact('DeployFiles');
      if (ecrImageFiles) {
        imageDefinitionsArtifact = deployFiles;
      }
      this.deployFilesProject = createDeployFilesBuild(this, {
        encryptionKey: this.encryptionKey,
        imageFiles: ecrImageFiles,
        containerName,
        stagingContainerName,
        codeDeploy: native ? undefined : {
          taskDefinitionArn: site.service.taskDefinition.taskDefinitionArn,
          appSpec: releaseAppSpec(site, deployment._bind().codeDeployOptions ?? {}),
        },
      });
      this.deployFilesAction = new actions.CodeBuildAction({
        actionName: 'WriteDeployFiles',
        project: this.deployFilesProject,
        input: sourceOutput,
        outputs: [deployFiles],
      });
      buildActions.push(this.deployFilesAction);
    }

    // ------------------------------------------------------------------ records of releases (the image a stack update keeps)
    const productionParameter = site.releasedImageParameter && parameterFromPipeline(this, site.releasedImageParameter);
    const stagingParameter = staging?.service.releasedImageParameter && parameterFromPipeline(this, staging.service.releasedImageParameter);
    const recorded = [productionParameter, stagingParameter].filter((p): p is RecordedParameter => !!p);
    if (recorded.length > 0) {
      this.recordReleaseProject = createRecordReleaseBuild(this, this.encryptionKey, recorded);
    }
    if (staging && !staging.service.releasedImageParameter) {
      Annotations.of(this).addWarningV2('cdk-fargate-wordpress:staging-image',
        'The staging site names its image in its task definition: a cdk deploy that changes the task definition puts that image '
        + 'back in place of the last release. Give the staging site trackReleasedImage: true to keep its releases.');
    }

    // ------------------------------------------------------------------ pipeline
    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: props.pipelineName,
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: this.artifactBucket,
      crossAccountKeys: false,
      restartExecutionOnUpdate: false,
    });
    this.pipeline.addStage({ stageName: 'Source', actions: [this.sourceAction] });
    if (buildActions.length > 0) {
      this.pipeline.addStage({ stageName: 'Build', actions: buildActions });
    }
    source.afterPipeline?.(this.pipeline);

    if (staging) {
      this.stagingDeployAction = new actions.EcsDeployAction({
        actionName: 'DeployToStaging',
        service: staging.service.service,
        imageFile: imageDefinitionsArtifact.atPath(STAGING_IMAGE_DEFINITIONS_FILE),
        role: deployRole(this, 'StagingDeployRole', staging.service.service),
      });
      if (this.recordReleaseProject && stagingParameter) {
        this.recordStagingReleaseAction = recordReleaseAction(this.recordReleaseProject, 'RecordStagingRelease', imageDefinitionsArtifact,
          STAGING_IMAGE_DEFINITIONS_FILE, stagingContainerName!, stagingParameter);
      }
      this.pipeline.addStage({
        stageName: 'Staging',
        actions: [this.stagingDeployAction, ...(this.recordStagingReleaseAction ? [this.recordStagingReleaseAction] : [])],
      });
    }
    if (props.manualApproval) {
      this.approvalAction = new actions.ManualApprovalAction({
        actionName: 'ApproveRelease',
        notificationTopic: this.notificationTopic,
        externalEntityLink: staging?.url,
        additionalInformation: staging
          ? 'The release runs on the staging service. Approve to deploy it to production (blue/green).'
          : 'Approve to deploy the release to production (blue/green).',
      });
      this.pipeline.addStage({ stageName: 'Approval', actions: [this.approvalAction] });
    }

    // ------------------------------------------------------------------ safety
    const alarms = rollbackAlarms(this, { targetGroup: site.targetGroup, alternateTargetGroup: site.alternateTargetGroup! }, props);
    this.target5xxAlarm = alarms.target5xxAlarm;
    this.unhealthyHostsAlarm = alarms.unhealthyHostsAlarm;
    const alarmList = [this.target5xxAlarm, this.unhealthyHostsAlarm];

    // ------------------------------------------------------------------ production
    if (native) {
      const options = deployment._bind().ecsBlueGreenOptions ?? {};
      enableRollbackAlarms(site.service, alarmList);
      addLifecycleHooks(this, site.service, options.lifecycleHooks ?? []);
      this.productionDeployAction = new actions.EcsDeployAction({
        actionName: 'DeployToProduction',
        service: site.service,
        imageFile: imageDefinitionsArtifact.atPath(IMAGE_DEFINITIONS_FILE),
        deploymentTimeout: options.deploymentTimeout ?? Duration.minutes(60),
        role: deployRole(this, 'ProductionDeployRole', site.service),
      });
    } else {
      const target = createCodeDeployTarget(this, site, deployment._bind().codeDeployOptions ?? {}, alarmList);
      this.application = target.application;
      this.deploymentGroup = target.deploymentGroup;
      this.productionDeployAction = new actions.CodeDeployEcsDeployAction({
        actionName: 'DeployToProduction',
        deploymentGroup: this.deploymentGroup,
        taskDefinitionTemplateFile: deployFiles!.atPath(TASK_DEFINITION_FILE),
        appSpecTemplateFile: deployFiles!.atPath(APPSPEC_FILE),
        containerImageInputs: [{ input: imageArtifact, taskDefinitionPlaceholder: IMAGE_PLACEHOLDER }],
        role: deployRole(this, 'ProductionDeployRole', site.service),
      });
    }
    if (this.recordReleaseProject && productionParameter) {
      // What the deploy action deployed: imagedefinitions.json (native) or imageDetail.json (CodeDeploy's image input).
      this.recordProductionReleaseAction = native
        ? recordReleaseAction(this.recordReleaseProject, 'RecordRelease', imageDefinitionsArtifact, IMAGE_DEFINITIONS_FILE, containerName,
          productionParameter)
        : recordReleaseAction(this.recordReleaseProject, 'RecordRelease', imageArtifact, IMAGE_DETAIL_FILE, containerName,
          productionParameter);
    }
    this.pipeline.addStage({
      stageName: 'Production',
      actions: [this.productionDeployAction, ...(this.recordProductionReleaseAction ? [this.recordProductionReleaseAction] : [])],
    });
    this.notify(props, native);
    acknowledgeCdkGrants(this, this.artifactBucket);
  }

  /** Pipeline executions, and the deployment state changes of the services it releases to, go to the topic. */
  private notify(props: BlueGreenEcsPipelineProps, native: boolean): void {
    this.pipeline.notifyOn('ExecutionNotifications', this.notificationTopic, {
      events: [
        codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_STARTED,
        codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_FAILED,
        codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_SUCCEEDED,
        codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_CANCELED,
        ...(props.manualApproval ? [codepipeline.PipelineNotificationEvents.MANUAL_APPROVAL_NEEDED] : []),
      ],
    });
    const topic = new targets.SnsTopic(this.notificationTopic);
    if (native || props.staging) {
      const services = [...(native ? [props.service.service] : []), ...(props.staging ? [props.staging.service.service] : [])];
      new events.Rule(this, 'EcsDeploymentEvents', {
        description: 'Amazon ECS deployment state changes (started, completed, failed, rolled back) of the released services',
        eventPattern: { source: ['aws.ecs'], detailType: ['ECS Deployment State Change'], resources: services.map((s) => s.serviceArn) },
        targets: [topic],
      });
    }
    if (this.deploymentGroup && this.application) {
      new events.Rule(this, 'CodeDeployDeploymentEvents', {
        description: 'CodeDeploy deployment state changes (started, succeeded, failed, stopped) of the production deployment group',
        eventPattern: {
          source: ['aws.codedeploy'],
          detailType: ['CodeDeploy Deployment State-change Notification'],
          detail: { application: [this.application.applicationName], deploymentGroup: [this.deploymentGroup.deploymentGroupName] },
        },
        targets: [topic],
      });
    }
  }
}

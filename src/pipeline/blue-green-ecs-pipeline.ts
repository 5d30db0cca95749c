import { Annotations, Arn, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CodeDeployEngineOptions, CodeDeployLifecycleHooks, DeploymentEngine, EcsLifecycleHook, DeploymentEngineKind, EcsNativeEngineOptions } from './deployment-engine';
import { PipelineSource, PipelineSourceKind } from './pipeline-source';
import {
  APPSPEC_FILE, appSpec, AppSpecCapacityProvider, deployFilesBuildSpec, IMAGE_DEFINITIONS_FILE, IMAGE_PLACEHOLDER, imageBuildSpec,
  ImageFiles, LATEST_TAG, STAGING_IMAGE_DEFINITIONS_FILE, TASK_DEFINITION_FILE,
} from './private/release-files';
import { acknowledge } from '../private/acknowledge';
import { checkInteger, isUnresolved, propError, ValidationError } from '../private/validation';

/** A service the pipeline deploys to (and checks) before production. */
export interface StagingOptions {
  /**
   * The staging service: a separate service with its own file system and database (e.g. a second
   * `ScalableWordpressOnFargate`), deployed with the ECS deploy action, so it must use the ECS
   * deployment controller (rolling or native blue/green), in the pipeline's account and region.
   * Its task execution role may pull the releases: from a new repository through the repository's
   * policy when the service is in another stack (no reference from its stack back to the pipeline's),
   * else through the role's own policy. An imported service's role is left to you (a warning says so).
   */
  readonly service: ecs.IBaseService;

  /**
   * Name of the container that runs the released image.
   *
   * @default - the default container of the staging service's task definition
   */
  readonly containerName?: string;

  /**
   * URL of the staging site, shown to whoever approves the production release.
   *
   * @default - none
   */
  readonly url?: string;
}

/** What `BlueGreenEcsPipeline` lets you choose besides the service it deploys (what `WordpressHosting` passes through). */
export interface BlueGreenEcsPipelineOptions {
  /** Where releases come from. */
  readonly source: PipelineSource;

  /**
   * Which service runs the blue/green deployment.
   *
   * @default DeploymentEngine.ecsNative()
   */
  readonly engine?: DeploymentEngine;

  /**
   * The private repository built images are pushed to (code sources only; an ECR source deploys
   * from its own repository).
   *
   * @default - a new repository: immutable tags (but `latest`), scanned on push, encrypted, keeping the last `maxImageCount` images
   */
  readonly repository?: ecr.IRepository;

  /**
   * How many images the new repository keeps (older ones expire). Keep enough to roll back to.
   *
   * @default 30
   */
  readonly maxImageCount?: number;

  /**
   * Path of the Dockerfile in the sources.
   *
   * @default 'Dockerfile'
   */
  readonly dockerfile?: string;

  /**
   * Directory of the sources the image is built from (the Docker build context).
   *
   * @default '.'
   */
  readonly buildContext?: string;

  /**
   * Build environment image of the image build.
   *
   * @default - CodeBuild's standard image for the service's CPU architecture (x86_64: `STANDARD_7_0`, ARM64: `AMAZON_LINUX_2_STANDARD_3_0`)
   */
  readonly buildImage?: codebuild.IBuildImage;

  /**
   * Compute type of the image build.
   *
   * @default codebuild.ComputeType.SMALL
   */
  readonly buildComputeType?: codebuild.ComputeType;

  /**
   * Wait for a person to approve each release before production (after staging, if any).
   *
   * @default false
   */
  readonly manualApproval?: boolean;

  /**
   * Topic for pipeline executions (started, failed, succeeded, approval needed) and deployment
   * state changes (rollbacks included). Subscribe the operators to it.
   *
   * @default - a new topic encrypted with the pipeline's KMS key, SSL enforced
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Target 5xx responses per minute (both target groups together) that, two minutes in a row, roll
   * a deployment back.
   *
   * @default 10
   */
  readonly target5xxThreshold?: number;

  /**
   * Unhealthy targets (both target groups together) that, five minutes in a row, roll a deployment
   * back: a new WordPress whose health check never passes (e.g. a broken upgrade) cannot hang a
   * release. Five minutes leave a first start time to copy WordPress onto the file system.
   *
   * @default 1
   */
  readonly unhealthyHostThreshold?: number;

  /**
   * Name of the pipeline.
   *
   * @default - generated by CloudFormation
   */
  readonly pipelineName?: string;

  /**
   * What happens to the new repository, the artifact bucket and the KMS key when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Properties of `BlueGreenEcsPipeline`. */
export interface BlueGreenEcsPipelineProps extends BlueGreenEcsPipelineOptions {
  /**
   * The ECS service releases go to, set up for the chosen engine (for `ScalableWordpressOnFargate`:
   * `deployment: WordpressDeployment.ecsBlueGreen()` or `WordpressDeployment.codeDeployBlueGreen()`).
   * The container and port releases replace are those the service registers in `targetGroup`.
   */
  readonly service: ecs.BaseService;

  /** The target group the service registers its tasks in (e.g. `site.targetGroup`). */
  readonly targetGroup: elbv2.IApplicationTargetGroup;

  /** The second target group of the blue/green pair (e.g. `site.alternateTargetGroup`). */
  readonly alternateTargetGroup: elbv2.IApplicationTargetGroup;

  /**
   * Deploy each release to a staging service first; production follows only when it is stable.
   *
   * @default - no staging
   */
  readonly staging?: StagingOptions;

}

/** The container and port of the service behind its target group. */
interface ServiceTarget {
  readonly containerName: string;
  readonly containerPort: number;
}

/**
 * A release pipeline with zero-downtime blue/green deployments onto an ECS service.
 *
 * Creates a CodePipeline (type V2) with an encrypted, SSL-only, private artifact bucket: a source
 * stage (ECR push, GitHub through CodeConnections, S3 object or CodeCommit); for code sources a
 * CodeBuild image build (Dockerfile, tagged with the commit, pushed to a private ECR repository with
 * scan on push and a lifecycle rule); the files each release needs, generated from the service
 * (`imagedefinitions.json`, or for CodeDeploy `taskdef.json` and `appspec.yaml`); an optional staging
 * deployment and manual approval; and the blue/green production deployment, by Amazon ECS (default)
 * or AWS CodeDeploy (deployment group with both target groups, listeners and auto-rollback). Two
 * CloudWatch alarms (target 5xx, unhealthy targets) roll deployments back; executions and
 * deployment state changes are published to an SNS topic. Every role gets only what its step uses.
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
  /** The engine deployments run with. */
  public readonly engine: DeploymentEngine;
  /** The source action. */
  public readonly sourceAction: codepipeline.IAction;
  /** The CodeBuild project building the image (code sources). */
  public readonly imageBuildProject?: codebuild.PipelineProject;
  /** The image build action (code sources). */
  public readonly imageBuildAction?: codepipeline.IAction;
  /** The CodeBuild project writing the deploy files (CodeDeploy engine, or an ECR source). */
  public readonly deployFilesProject?: codebuild.PipelineProject;
  /** The deploy-files action (CodeDeploy engine, or an ECR source). */
  public readonly deployFilesAction?: codepipeline.IAction;
  /** The staging deploy action, if there is a staging service. */
  public readonly stagingDeployAction?: codepipeline.IAction;
  /** The manual approval action, if asked for. */
  public readonly approvalAction?: actions.ManualApprovalAction;
  /** The production deploy action. */
  public readonly productionDeployAction: codepipeline.IAction;
  /** The CodeDeploy application (CodeDeploy engine). */
  public readonly application?: codedeploy.EcsApplication;
  /** The CodeDeploy deployment group (CodeDeploy engine). */
  public readonly deploymentGroup?: codedeploy.EcsDeploymentGroup;
  /** Alarm on the target 5xx responses of both target groups; rolls deployments back. */
  public readonly target5xxAlarm: cloudwatch.Alarm;
  /** Alarm on the unhealthy targets of both target groups; rolls deployments back. */
  public readonly unhealthyHostsAlarm: cloudwatch.Alarm;
  /** The topic notifications go to. */
  public readonly notificationTopic: sns.ITopic;

  private readonly target: ServiceTarget;

  constructor(scope: Construct, id: string, props: BlueGreenEcsPipelineProps) {
    super(scope, id);
    this.engine = props.engine ?? DeploymentEngine.ecsNative();
    const native = this.engine.kind === DeploymentEngineKind.ECS_NATIVE;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.target = this.validate(props);

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
    this.notificationTopic = props.notificationTopic ?? this.createTopic();

    // ------------------------------------------------------------------ images
    const sourceOutput = new codepipeline.Artifact('Source');
    const source = props.source._bind(this, sourceOutput);
    this.sourceAction = source.action;
    this.repository = props.source.ecrOptions?.repository ?? props.repository ?? new ecr.Repository(this, 'Repository', {
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.AES_256,
      // Release tags (commit ids) never change; `latest` follows the last release so a stack can point at it.
      imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard(LATEST_TAG)],
      lifecycleRules: [{ description: `Keep the last ${props.maxImageCount ?? 30} images`, maxImageCount: props.maxImageCount ?? 30 }],
      removalPolicy,
    });
    this.grantImagePull(props.service.taskDefinition.obtainExecutionRole());
    const staging = props.staging;
    const stagingContainer = staging ? this.stagingContainerName(staging) : undefined;
    if (staging) {
      if (staging.service instanceof ecs.BaseService) {
        this.grantImagePull(staging.service.taskDefinition.obtainExecutionRole());
      } else {
        Annotations.of(this).addWarningV2('cdk-fargate-wordpress:staging-image-pull',
          'staging.service is an imported service: allow its task execution role to pull from the pipeline\'s repository yourself.');
      }
    }

    // ------------------------------------------------------------------ build
    const imageFiles: ImageFiles = { imageDetail: !native, imageDefinitions: native, stagingImageDefinitions: staging !== undefined };
    let imageArtifact = sourceOutput;
    let imageDefinitionsArtifact = sourceOutput;
    const buildActions: codepipeline.IAction[] = [];
    if (props.source.buildsImage) {
      imageArtifact = new codepipeline.Artifact('Image');
      imageDefinitionsArtifact = imageArtifact;
      this.imageBuildProject = this.createImageBuild(props, imageFiles, stagingContainer);
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
    const ecrImageFiles = props.source.kind === PipelineSourceKind.ECR && (native || staging)
      ? { imageDetail: false, imageDefinitions: native, stagingImageDefinitions: staging !== undefined } : undefined;
    if (!native || ecrImageFiles) {
      deployFiles = new codepipeline.Artifact('DeployFiles');
      if (ecrImageFiles) {
        imageDefinitionsArtifact = deployFiles;
      }
      this.deployFilesProject = this.createDeployFilesBuild(props, ecrImageFiles, stagingContainer);
      this.deployFilesAction = new actions.CodeBuildAction({
        actionName: 'WriteDeployFiles',
        project: this.deployFilesProject,
        input: sourceOutput,
        outputs: [deployFiles],
      });
      buildActions.push(this.deployFilesAction);
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
        service: staging.service,
        imageFile: imageDefinitionsArtifact.atPath(STAGING_IMAGE_DEFINITIONS_FILE),
        role: this.deployRole('StagingDeployRole', staging.service),
      });
      this.pipeline.addStage({ stageName: 'Staging', actions: [this.stagingDeployAction] });
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
    this.target5xxAlarm = this.sumAlarm('Target5xxAlarm', props, (tg) => tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT,
      { period: Duration.minutes(1), statistic: 'Sum' }), {
      threshold: props.target5xxThreshold ?? 10,
      evaluationPeriods: 2,
      description: 'WordPress answers 5xx (both target groups): rolls a running deployment back',
    });
    this.unhealthyHostsAlarm = this.sumAlarm('UnhealthyHostsAlarm', props, (tg) => tg.metrics.unhealthyHostCount(
      { period: Duration.minutes(1), statistic: 'Maximum' }), {
      threshold: props.unhealthyHostThreshold ?? 1,
      evaluationPeriods: 5,
      description: 'WordPress tasks fail their health check (both target groups): rolls a running deployment back',
    });
    const alarms = [this.target5xxAlarm, this.unhealthyHostsAlarm];

    // ------------------------------------------------------------------ production
    if (native) {
      const options = this.engine.ecsNativeOptions ?? {};
      props.service.enableDeploymentAlarms(alarms.map((a) => a.alarmName), { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
      this.addLifecycleHooks(props.service, options.lifecycleHooks ?? []);
      this.productionDeployAction = new actions.EcsDeployAction({
        actionName: 'DeployToProduction',
        service: props.service,
        imageFile: imageDefinitionsArtifact.atPath(IMAGE_DEFINITIONS_FILE),
        deploymentTimeout: options.deploymentTimeout ?? Duration.minutes(60),
        role: this.deployRole('ProductionDeployRole', props.service),
      });
    } else {
      const options = this.engine.codeDeployOptions!;
      this.application = new codedeploy.EcsApplication(this, 'Application');
      this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
        application: this.application,
        service: props.service,
        deploymentConfig: options.deploymentConfig ?? codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
        blueGreenDeploymentConfig: {
          blueTargetGroup: props.targetGroup,
          greenTargetGroup: props.alternateTargetGroup,
          listener: options.listener!, // validated
          testListener: options.testListener,
          terminationWaitTime: options.terminationWaitTime ?? Duration.minutes(5),
        },
        alarms,
        autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      });
      acknowledge(this.deploymentGroup.role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS]',
        'The service role policy AWS documents for CodeDeploy\'s Amazon ECS deployments (task sets, listener and target group '
          + 'changes, alarms, hooks), maintained by AWS as CodeDeploy changes; only codedeploy.amazonaws.com can assume the role.');
      this.grantHooks(options);
      this.productionDeployAction = new actions.CodeDeployEcsDeployAction({
        actionName: 'DeployToProduction',
        deploymentGroup: this.deploymentGroup,
        taskDefinitionTemplateFile: deployFiles!.atPath(TASK_DEFINITION_FILE),
        appSpecTemplateFile: deployFiles!.atPath(APPSPEC_FILE),
        containerImageInputs: [{ input: imageArtifact, taskDefinitionPlaceholder: IMAGE_PLACEHOLDER }],
        role: this.deployRole('ProductionDeployRole', props.service),
      });
    }
    this.pipeline.addStage({ stageName: 'Production', actions: [this.productionDeployAction] });
    this.notify(props, native);
    this.acknowledgeCdkGrants();
  }

  // -------------------------------------------------------------------- validation

  private validate(props: BlueGreenEcsPipelineProps): ServiceTarget {
    const service = props.service;
    const stack = Stack.of(this);
    const same = (a: unknown, b: unknown) => JSON.stringify(stack.resolve(a)) === JSON.stringify(stack.resolve(b));
    // Read the plain values only: resolving the service's lazy properties now would freeze them (e.g. lifecycle hooks added later).
    const cfn = service.node.defaultChild as ecs.CfnService;
    const controller = (cfn.deploymentController as ecs.CfnService.DeploymentControllerProperty | undefined)?.type ?? 'ECS';
    const configuration = (cfn.deploymentConfiguration ?? {}) as ecs.CfnService.DeploymentConfigurationProperty;
    const entry = service.loadBalancers.find((lb) => same(lb.targetGroupArn, props.targetGroup.targetGroupArn));
    if (!entry || entry.containerName === undefined || entry.containerPort === undefined) {
      throw propError(this, 'targetGroup', props.targetGroup.node.path,
        `The service ${service.node.path} does not register its tasks in it; give the target group the service's load balancer target uses.`);
    }
    if (same(props.alternateTargetGroup.targetGroupArn, props.targetGroup.targetGroupArn)) {
      throw propError(this, 'alternateTargetGroup', props.alternateTargetGroup.node.path, 'It must be a second target group, not targetGroup itself.');
    }
    checkInteger(this, 'maxImageCount', props.maxImageCount, 1, 10000);
    checkInteger(this, 'target5xxThreshold', props.target5xxThreshold, 1, 1_000_000);
    checkInteger(this, 'unhealthyHostThreshold', props.unhealthyHostThreshold, 1, 1000);
    if (props.source.kind === PipelineSourceKind.ECR) {
      for (const [name, value] of Object.entries({
        repository: props.repository,
        maxImageCount: props.maxImageCount,
        dockerfile: props.dockerfile,
        buildContext: props.buildContext,
        buildImage: props.buildImage,
        buildComputeType: props.buildComputeType,
      })) {
        if (value !== undefined) {
          throw new ValidationError(this, `${name} configures the image build, but an ECR source deploys pushed images; remove ${name}.`);
        }
      }
    } else if (props.repository && props.maxImageCount !== undefined) {
      throw new ValidationError(this, 'maxImageCount configures the new repository, but a repository is given; remove maxImageCount.');
    }
    for (const [name, value] of Object.entries({ dockerfile: props.dockerfile, buildContext: props.buildContext })) {
      if (value !== undefined && !isUnresolved(value) && (value === '' || value.startsWith('/') || value.split('/').includes('..'))) {
        throw propError(this, name, value, 'Allowed: a relative path inside the sources, e.g. "Dockerfile" or "docker/wordpress".');
      }
    }

    const engine = this.engine;
    if (engine.kind === DeploymentEngineKind.ECS_NATIVE) {
      if (controller !== 'ECS') {
        throw propError(this, 'service', `${service.node.path} (deployment controller ${controller})`,
          'DeploymentEngine.ecsNative() needs the ECS deployment controller with a BLUE_GREEN strategy, e.g. '
          + 'ScalableWordpressOnFargate with deployment: WordpressDeployment.ecsBlueGreen(); or use DeploymentEngine.codeDeploy().');
      }
      const strategy = configuration.strategy ?? 'ROLLING';
      if (!['BLUE_GREEN', 'LINEAR', 'CANARY'].includes(strategy)) {
        throw propError(this, 'service', `${service.node.path} (deployment strategy ${strategy})`,
          'DeploymentEngine.ecsNative() needs deploymentStrategy BLUE_GREEN (or LINEAR, CANARY) with an alternate target, e.g. '
          + 'ScalableWordpressOnFargate with deployment: WordpressDeployment.ecsBlueGreen().');
      }
      const alternate = (entry.advancedConfiguration as ecs.CfnService.AdvancedConfigurationProperty | undefined)?.alternateTargetGroupArn;
      if (!same(alternate, props.alternateTargetGroup.targetGroupArn)) {
        throw propError(this, 'alternateTargetGroup', props.alternateTargetGroup.node.path,
          `It is not the alternate target group of ${service.node.path}'s load balancer target (ecs.AlternateTarget).`);
      }
      if (Stack.of(service) !== stack) {
        throw propError(this, 'service', service.node.path, `It is in stack ${Stack.of(service).stackName}: DeploymentEngine.ecsNative() `
          + 'attaches the rollback alarms to the service, so create the pipeline in the service\'s stack.');
      }
      this.validateNativeOptions(engine.ecsNativeOptions ?? {}, configuration.bakeTimeInMinutes as number | undefined);
    } else {
      if (controller !== 'CODE_DEPLOY') {
        throw propError(this, 'service', `${service.node.path} (deployment controller ${controller})`,
          'DeploymentEngine.codeDeploy() needs the CODE_DEPLOY deployment controller, e.g. ScalableWordpressOnFargate with '
          + 'deployment: WordpressDeployment.codeDeployBlueGreen(); or use DeploymentEngine.ecsNative().');
      }
      this.validateCodeDeployOptions(engine.codeDeployOptions!);
    }
    if (props.staging?.service instanceof ecs.BaseService && !props.staging.service.isUsingECSDeploymentController()) {
      throw propError(this, 'staging.service', props.staging.service.node.path,
        'The staging deployment uses the ECS deploy action: give a service with the ECS deployment controller (rolling or native blue/green).');
    }
    if (props.staging) {
      this.validateStagingEnvironment(props.staging.service);
    }
    return { containerName: entry.containerName, containerPort: Number(entry.containerPort) };
  }

  /**
   * The staging service runs images from the pipeline's repository and is deployed with a deploy role of the pipeline's account,
   * and its execution role is named in the repository's policy: it must be in the pipeline's account and region.
   */
  private validateStagingEnvironment(service: ecs.IBaseService): void {
    const here = Stack.of(this);
    const there = service.env;
    const differs = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
    if (differs(there.account, here.account) || differs(there.region, here.region)) {
      throw propError(this, 'staging.service', `${service.node.path} (account ${there.account}, region ${there.region})`,
        `It must be in the pipeline's account and region (${here.account}, ${here.region}): the pipeline deploys to it with a role of `
        + 'its own account and its tasks pull the release image from the pipeline\'s repository. For another region or account, give '
        + 'that environment its own pipeline.');
    }
  }

  private validateNativeOptions(options: EcsNativeEngineOptions, bakeTimeInMinutes: number | undefined): void {
    (options.lifecycleHooks ?? []).forEach((hook, i) => {
      if (hook.stages.length === 0) {
        throw propError(this, `engine (ecsNative).lifecycleHooks[${i}].stages`, hook.stages, 'Give at least one ecs.DeploymentLifecycleStage.');
      }
    });
    const timeout = options.deploymentTimeout;
    if (timeout && !timeout.isUnresolved()) {
      const minutes = timeout.toMinutes({ integral: false });
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
        throw propError(this, 'engine (ecsNative).deploymentTimeout', timeout, 'Allowed: whole minutes from 1 to 60.');
      }
      if (typeof bakeTimeInMinutes === 'number' && minutes <= bakeTimeInMinutes) {
        throw propError(this, 'engine (ecsNative).deploymentTimeout', timeout,
          `It must be longer than the service's bake time (${bakeTimeInMinutes} minutes), or every deployment times out.`);
      }
    }
  }

  private validateCodeDeployOptions(options: CodeDeployEngineOptions): void {
    const wait = options.terminationWaitTime;
    if (wait && !wait.isUnresolved()) {
      const minutes = wait.toMinutes({ integral: false });
      if (!Number.isInteger(minutes) || minutes < 0 || minutes > 2880) {
        throw propError(this, 'engine (codeDeploy).terminationWaitTime', wait, 'Allowed: whole minutes from 0 to 2880 (2 days).');
      }
    }
    const configName = options.deploymentConfig?.deploymentConfigName;
    if (configName !== undefined && !Token.isUnresolved(configName) && configName.startsWith('CodeDeployDefault.')
      && !PREDEFINED_ECS_CONFIGS.includes(configName)) {
      throw propError(this, 'engine (codeDeploy).deploymentConfig', configName,
        `No such predefined ECS deployment configuration. Allowed: ${PREDEFINED_ECS_CONFIGS.join(', ')}, or your own EcsDeploymentConfig.`);
    }
    if (!options.listener) {
      throw propError(this, 'engine (codeDeploy).listener', undefined,
        'CodeDeploy needs the production listener it moves between the target groups, e.g. site.listener.');
    }
    if (options.testListener && options.listener === options.testListener) {
      throw propError(this, 'engine (codeDeploy).testListener', options.testListener.node.path, 'It must be a second listener, not the production listener.');
    }
  }

  private stagingContainerName(staging: StagingOptions): string {
    if (staging.containerName !== undefined) {
      return staging.containerName;
    }
    const container = staging.service instanceof ecs.BaseService ? staging.service.taskDefinition.defaultContainer : undefined;
    if (!container) {
      throw propError(this, 'staging.containerName', undefined,
        'Give the name of the staging container that runs the released image (it cannot be read from an imported service).');
    }
    return container.containerName;
  }

  // -------------------------------------------------------------------- resources

  private createTopic(): sns.Topic {
    const topic = new sns.Topic(this, 'Notifications', {
      displayName: 'WordPress releases',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    // aws-cdk-lib adds the key policy statements EventBridge and CodeStar Notifications need when they are granted publishing.
    return topic;
  }

  /**
   * The project's log group, at the name CodeBuild writes to (and aws-cdk-lib grants), created with a retention. CodeBuild
   * writes one log stream per build, named by the build id, hence the `:*` in the grant.
   */
  private addLogGroup(id: string, project: codebuild.PipelineProject): void {
    new logs.LogGroup(this, id, {
      logGroupName: `/aws/codebuild/${project.projectName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const projectId = stack.getLogicalId(project.node.defaultChild as codebuild.CfnProject);
    acknowledge(project.role!.node.findChild('DefaultPolicy'), `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/codebuild/<${projectId}>:*]`,
      'CodeBuild writes one log stream per build, named by the build id, in the project\'s own log group.');
  }

  private createImageBuild(props: BlueGreenEcsPipelineProps, files: ImageFiles, stagingContainer?: string): codebuild.PipelineProject {
    const cfnTaskDefinition = props.service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    const arm = (cfnTaskDefinition.runtimePlatform as ecs.CfnTaskDefinition.RuntimePlatformProperty | undefined)?.cpuArchitecture === 'ARM64';
    const project = new codebuild.PipelineProject(this, 'ImageBuild', {
      description: `Builds the WordPress image from the Dockerfile and pushes it to ${this.node.path}'s repository`,
      buildSpec: imageBuildSpec(files),
      environment: {
        buildImage: props.buildImage ?? (arm ? codebuild.LinuxArmBuildImage.AMAZON_LINUX_2_STANDARD_3_0 : codebuild.LinuxBuildImage.STANDARD_7_0),
        computeType: props.buildComputeType ?? codebuild.ComputeType.SMALL,
        // The Docker daemon inside the build container needs privileged mode to build images.
        privileged: true,
        environmentVariables: {
          REPOSITORY_URI: { value: this.repository.repositoryUri },
          REPOSITORY_NAME: { value: this.repository.repositoryName },
          DOCKERFILE: { value: props.dockerfile ?? 'Dockerfile' },
          BUILD_CONTEXT: { value: props.buildContext ?? '.' },
          CONTAINER_NAME: { value: this.target.containerName },
          ...(stagingContainer ? { STAGING_CONTAINER_NAME: { value: stagingContainer } } : {}),
        },
      },
      encryptionKey: this.encryptionKey,
      timeout: Duration.minutes(30),
      grantReportGroupPermissions: false,
    });
    // Push, pull (reused images), and move `latest`: grantPullPush also grants ecr:GetAuthorizationToken, which has no resource-level permissions.
    this.repository.grantPullPush(project);
    this.addLogGroup('ImageBuildLogs', project);
    project.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecr:DescribeImages'], resources: [this.repository.repositoryArn] }));
    acknowledge(project, 'AwsSolutions-CB3',
      'Building a container image runs the Docker daemon inside the build container, which needs privileged mode. The project '
        + 'builds only the release sources, runs on an AWS-managed image and can push only to the release repository.');
    acknowledge(project.role!.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken (docker login to the release repository) supports no resource-level permissions; every other '
        + 'ECR action is scoped to the release repository.');
    return project;
  }

  private createDeployFilesBuild(props: BlueGreenEcsPipelineProps, imageFiles: ImageFiles | undefined,
    stagingContainer?: string): codebuild.PipelineProject {
    const codeDeploy = this.engine.kind === DeploymentEngineKind.CODE_DEPLOY;
    const variables: { [name: string]: codebuild.BuildEnvironmentVariable } = {
      CONTAINER_NAME: { value: this.target.containerName },
      ...(stagingContainer && imageFiles?.stagingImageDefinitions ? { STAGING_CONTAINER_NAME: { value: stagingContainer } } : {}),
    };
    if (codeDeploy) {
      variables.TASK_DEFINITION_ARN = { value: props.service.taskDefinition.taskDefinitionArn };
      variables.APPSPEC = { value: Stack.of(this).toJsonString(this.appSpec(props)) };
    }
    const project = new codebuild.PipelineProject(this, 'DeployFiles', {
      description: `Writes the files ${this.node.path} deploys each release with, from the service's own settings`,
      buildSpec: deployFilesBuildSpec({ imageFiles, codeDeployFiles: codeDeploy }),
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL, environmentVariables: variables },
      encryptionKey: this.encryptionKey,
      timeout: Duration.minutes(10),
      grantReportGroupPermissions: false,
    });
    this.addLogGroup('DeployFilesLogs', project);
    if (codeDeploy) {
      project.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }));
      acknowledge(project.role!.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
        'ecs:DescribeTaskDefinition (reading the service\'s task definition to write taskdef.json) supports no resource-level permissions.');
    }
    return project;
  }

  /** The AppSpec of every release: the service's container and port behind the target group, its capacity providers, the hooks. */
  private appSpec(props: BlueGreenEcsPipelineProps): object {
    const cfn = props.service.node.defaultChild as ecs.CfnService;
    const strategy = cfn.capacityProviderStrategy as ecs.CfnService.CapacityProviderStrategyItemProperty[] | undefined;
    const capacityProviderStrategy: AppSpecCapacityProvider[] | undefined = strategy?.map((s) => ({
      CapacityProvider: s.capacityProvider!,
      ...(s.base !== undefined ? { Base: s.base } : {}),
      ...(s.weight !== undefined ? { Weight: s.weight } : {}),
    }));
    return appSpec({
      containerName: this.target.containerName,
      containerPort: this.target.containerPort,
      capacityProviderStrategy,
      hooks: hookList(this.engine.codeDeployOptions?.hooks ?? {}).map(([name, fn]) => [name, fn.functionArn]),
    });
  }

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
   */
  private grantImagePull(role: iam.IRole): void {
    const repository = this.repository;
    const name = repository.repositoryName;
    if (Stack.of(role) === Stack.of(repository)) {
      repository.grantPull(role);
    } else if (repository instanceof ecr.Repository && Stack.of(repository) === Stack.of(this)) {
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
      Annotations.of(this).addWarningV2('cdk-fargate-wordpress:image-pull',
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
   * The role of a deploy action. aws-cdk-lib's ECS and CodeDeploy deploy actions grant ecs:UpdateService and iam:PassRole on `*`;
   * explicit denies narrow them to this service and its task definition's roles.
   */
  private deployRole(id: string, service: ecs.IBaseService): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.AccountRootPrincipal(), description: `Deploy action of ${this.node.path}` });
    role.addToPolicy(new iam.PolicyStatement({
      sid: 'OnlyThisService',
      effect: iam.Effect.DENY,
      actions: ['ecs:UpdateService'],
      notResources: [service.serviceArn],
    }));
    if (service instanceof ecs.BaseService) {
      const taskDefinition = service.taskDefinition;
      const roles = [taskDefinition.taskRole.roleArn, ...(taskDefinition.executionRole ? [taskDefinition.executionRole.roleArn] : [])];
      role.addToPolicy(new iam.PolicyStatement({
        sid: 'OnlyThisTaskDefinitionsRoles',
        effect: iam.Effect.DENY,
        actions: ['iam:PassRole'],
        notResources: roles,
      }));
    }
    acknowledge(role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
      'aws-cdk-lib\'s ECS and CodeDeploy deploy actions: ecs:RegisterTaskDefinition, DescribeTaskDefinition, DescribeTasks and '
        + 'ListTasks support no resource-level permissions; ecs:UpdateService and iam:PassRole are narrowed to the deployed service and '
        + 'its task definition\'s roles by the explicit denies in this policy.');
    return role;
  }

  private sumAlarm(id: string, props: BlueGreenEcsPipelineProps, metric: (tg: elbv2.IApplicationTargetGroup) => cloudwatch.IMetric,
    o: { threshold: number; evaluationPeriods: number; description: string }): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: o.description,
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(a, 0) + FILL(b, 0)',
        usingMetrics: { a: metric(props.targetGroup), b: metric(props.alternateTargetGroup) },
        period: Duration.minutes(1),
        label: o.description,
      }),
      threshold: o.threshold,
      evaluationPeriods: o.evaluationPeriods,
      datapointsToAlarm: o.evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Native lifecycle hooks, invoked by ECS with one role that may invoke exactly these functions. */
  private addLifecycleHooks(service: ecs.BaseService, hooks: EcsLifecycleHook[]): void {
    if (hooks.length === 0) {
      return;
    }
    const role = new iam.Role(this, 'LifecycleHooksRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: `Lets Amazon ECS invoke the deployment lifecycle hooks of ${this.node.path}`,
    });
    hooks.forEach((hook, i) => {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [hook.handler.functionArn] }));
      service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(hook.handler, `LifecycleHook${i}`, { lifecycleStages: hook.stages, role }));
    });
  }

  private grantHooks(options: CodeDeployEngineOptions): void {
    for (const [name, fn] of hookList(options.hooks ?? {})) {
      // CodeDeploy's managed policy only invokes functions named CodeDeployHook_*: allow these exact functions.
      this.deploymentGroup!.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
      if (Stack.of(fn) === Stack.of(this)) {
        fn.addToRolePolicy(new iam.PolicyStatement({
          actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
          resources: [this.deploymentGroup!.deploymentGroupArn],
        }));
      } else {
        Annotations.of(this).addWarningV2('cdk-fargate-wordpress:hook-status',
          `The ${name} hook is in another stack: allow it codedeploy:PutLifecycleEventHookExecutionStatus on the deployment group yourself.`);
      }
    }
  }

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
      const services = [...(native ? [props.service] : []), ...(props.staging ? [props.staging.service] : [])];
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

  /**
   * The grants aws-cdk-lib adds for pipeline artifacts, the KMS key, build logs and deploy actions use wildcards cdk-nag flags;
   * each is explained here, on each role's own policy.
   */
  private acknowledgeCdkGrants(): void {
    const stack = Stack.of(this);
    const bucket = `<${stack.getLogicalId(this.artifactBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`;
    for (const policy of this.node.findAll().filter((c): c is iam.Policy => c instanceof iam.Policy)) {
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
}

/** What pulling an image from a private repository takes besides the token (as `ecr.Repository.grantPull`). */
const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

const PREDEFINED_ECS_CONFIGS = [
  'CodeDeployDefault.ECSAllAtOnce',
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
  'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'CodeDeployDefault.ECSCanary10Percent15Minutes',
];

function hookList(hooks: CodeDeployLifecycleHooks): Array<[string, lambda.IFunction]> {
  const all: Array<[string, lambda.IFunction | undefined]> = [
    ['BeforeInstall', hooks.beforeInstall],
    ['AfterInstall', hooks.afterInstall],
    ['AfterAllowTestTraffic', hooks.afterAllowTestTraffic],
    ['BeforeAllowTraffic', hooks.beforeAllowTraffic],
    ['AfterAllowTraffic', hooks.afterAllowTraffic],
  ];
  return all.filter((h): h is [string, lambda.IFunction] => h[1] !== undefined);
}

import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PREDEFINED_ECS_CONFIGS } from './code-deploy';
import { checkDuration, checkInteger, isUnresolved, propError, ValidationError } from '../../private/validation';
import { IBlueGreenService } from '../../wordpress/site-contract';
import { BlueGreenEcsPipelineProps } from '../blue-green-ecs-pipeline-props';

/** The props the checks read. */
export type CheckedProps = Pick<BlueGreenEcsPipelineProps, 'service' | 'staging' | 'repository' | 'maxImageCount' | 'dockerfile'
| 'buildContext' | 'buildImage' | 'buildComputeType' | 'target5xxThreshold' | 'unhealthyHostThreshold'>;

/** How new tasks of the site replace old ones when its deployment gives no bake time (`WordpressDeployment.ecsBlueGreen()`'s default). */
const DEFAULT_BAKE_TIME = Duration.minutes(5);

/**
 * Throws a `ValidationError` naming the prop when the pipeline's props do not fit together or the service is not set up for
 * blue/green (`buildsImage`: whether the source's image is built by the pipeline, i.e. it is not an ECR source).
 */
export function validatePipelineProps(scope: Construct, props: CheckedProps, buildsImage: boolean): void {
  checkInteger(scope, 'maxImageCount', props.maxImageCount, 1, 10000);
  checkInteger(scope, 'target5xxThreshold', props.target5xxThreshold, 1, 1_000_000);
  checkInteger(scope, 'unhealthyHostThreshold', props.unhealthyHostThreshold, 1, 1000);
  if (!buildsImage) {
    for (const [name, value] of Object.entries({
      repository: props.repository,
      maxImageCount: props.maxImageCount,
      dockerfile: props.dockerfile,
      buildContext: props.buildContext,
      buildImage: props.buildImage,
      buildComputeType: props.buildComputeType,
    })) {
      if (value !== undefined) {
        throw new ValidationError(scope, `${name} configures the image build, but an ECR source deploys pushed images; remove ${name}.`);
      }
    }
  } else if (props.repository && props.maxImageCount !== undefined) {
    throw new ValidationError(scope, 'maxImageCount configures the new repository, but a repository is given; remove maxImageCount.');
  }
  for (const [name, value] of Object.entries({ dockerfile: props.dockerfile, buildContext: props.buildContext })) {
    if (value !== undefined && !isUnresolved(value) && (value === '' || value.startsWith('/') || value.split('/').includes('..'))) {
      throw propError(scope, name, value, 'Allowed: a relative path inside the sources, e.g. "Dockerfile" or "docker/wordpress".');
    }
  }
  validateDeployment(scope, props.service);
  if (props.staging) {
    validateStaging(scope, props.staging.service);
  }
}

/** The service's deployment is the one blue/green decision: the pipeline releases the way it says, with its options. */
function validateDeployment(scope: Construct, site: IBlueGreenService): void {
  const deployment = site.deployment;
  const path = site.service.node.path;
  if (!deployment.blueGreen) {
    throw propError(scope, 'service', `${path} (WordpressDeployment.rolling())`,
      'The pipeline releases blue/green: give a service whose deployment is WordpressDeployment.ecsBlueGreen() (recommended) or '
      + 'WordpressDeployment.codeDeployBlueGreen().');
  }
  if (!site.alternateTargetGroup) {
    throw propError(scope, 'service.alternateTargetGroup', undefined,
      `${path} is set up for blue/green (${deployment._bind().kind}) but has no second target group to release into.`);
  }
  if (deployment._bind().kind === 'ECS_BLUE_GREEN') {
    if (Stack.of(site.service) !== Stack.of(scope)) {
      throw propError(scope, 'service', path, `It is in stack ${Stack.of(site.service).stackName}: native ECS blue/green `
        + 'attaches the rollback alarms to the service, so create the pipeline in the service\'s stack.');
    }
    const options = deployment._bind().ecsBlueGreenOptions ?? {};
    (options.lifecycleHooks ?? []).forEach((hook, i) => {
      if (hook.stages.length === 0) {
        throw propError(scope, `service.deployment.lifecycleHooks[${i}].stages`, hook.stages, 'Give at least one ecs.DeploymentLifecycleStage.');
      }
    });
    const timeout = options.deploymentTimeout;
    checkDuration(scope, 'service.deployment.deploymentTimeout', timeout, 'minutes', 1, 60);
    const bakeTime = options.bakeTime ?? DEFAULT_BAKE_TIME;
    if (timeout && !timeout.isUnresolved() && !bakeTime.isUnresolved() && timeout.toMinutes() <= bakeTime.toMinutes({ integral: false })) {
      throw propError(scope, 'service.deployment.deploymentTimeout', timeout,
        `It must be longer than the service's bake time (${bakeTime.toHumanString()}), or every deployment times out.`);
    }
  } else {
    const options = deployment._bind().codeDeployOptions ?? {};
    checkDuration(scope, 'service.deployment.terminationWaitTime', options.terminationWaitTime, 'minutes', 0, 2880);
    const configName = options.deploymentConfig?.deploymentConfigName;
    if (configName !== undefined && !Token.isUnresolved(configName) && configName.startsWith('CodeDeployDefault.')
      && !PREDEFINED_ECS_CONFIGS.includes(configName)) {
      throw propError(scope, 'service.deployment.deploymentConfig', configName,
        `No such predefined ECS deployment configuration. Allowed: ${PREDEFINED_ECS_CONFIGS.join(', ')}, or your own EcsDeploymentConfig.`);
    }
  }
}

/**
 * The staging site is deployed with the ECS deploy action (so not under the CodeDeploy controller), runs images from the
 * pipeline's repository and is deployed with a deploy role of the pipeline's account, and its execution role is named in the
 * repository's policy: it must be in the pipeline's account and region.
 */
function validateStaging(scope: Construct, staging: IBlueGreenService): void {
  const service = staging.service;
  if (staging.deployment._bind().kind === 'CODE_DEPLOY_BLUE_GREEN') {
    throw propError(scope, 'staging.service', `${service.node.path} (WordpressDeployment.codeDeployBlueGreen())`,
      'The staging deployment uses the ECS deploy action: give a site with the ECS deployment controller (rolling or native blue/green).');
  }
  const here = Stack.of(scope);
  const there = service.env;
  const differs = (a: string, b: string) => !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b;
  if (differs(there.account, here.account) || differs(there.region, here.region)) {
    throw propError(scope, 'staging.service', `${service.node.path} (account ${there.account}, region ${there.region})`,
      `It must be in the pipeline's account and region (${here.account}, ${here.region}): the pipeline deploys to it with a role of `
      + 'its own account and its tasks pull the release image from the pipeline\'s repository. For another region or account, give '
      + 'that environment its own pipeline.');
  }
}

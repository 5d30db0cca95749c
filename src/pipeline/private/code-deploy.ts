import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { appSpec, AppSpecCapacityProvider } from './release-files';
import { acknowledge } from '../../private/acknowledge';
import { IBlueGreenService } from '../../wordpress/site-contract';
import { CodeDeployBlueGreenDeploymentOptions, CodeDeployLifecycleHooks } from '../../wordpress/wordpress-deployment-options';

/** The predefined CodeDeploy configurations of Amazon ECS deployments. */
export const PREDEFINED_ECS_CONFIGS = [
  'CodeDeployDefault.ECSAllAtOnce',
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
  'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'CodeDeployDefault.ECSCanary10Percent15Minutes',
];

/** The hooks that are set, by AppSpec hook name, in the order CodeDeploy runs them. */
export function hookList(hooks: CodeDeployLifecycleHooks): Array<[string, lambda.IFunction]> {
  const all: Array<[string, lambda.IFunction | undefined]> = [
    ['BeforeInstall', hooks.beforeInstall],
    ['AfterInstall', hooks.afterInstall],
    ['AfterAllowTestTraffic', hooks.afterAllowTestTraffic],
    ['BeforeAllowTraffic', hooks.beforeAllowTraffic],
    ['AfterAllowTraffic', hooks.afterAllowTraffic],
  ];
  return all.filter((h): h is [string, lambda.IFunction] => h[1] !== undefined);
}

/** The AppSpec of every release: the service's container and port behind the target groups, its capacity providers, the hooks. */
export function releaseAppSpec(site: IBlueGreenService, options: CodeDeployBlueGreenDeploymentOptions): object {
  // aws-cdk-lib's BaseService keeps its capacity provider strategy to itself: read it from the service's L1 (plain values only,
  // as resolving lazy properties now would freeze them). Without it, CodeDeploy would start the new task set with the launch type.
  const cfn = site.service.node.defaultChild as ecs.CfnService;
  const strategy = cfn.capacityProviderStrategy as ecs.CfnService.CapacityProviderStrategyItemProperty[] | undefined;
  const capacityProviderStrategy: AppSpecCapacityProvider[] | undefined = strategy?.map((s) => ({
    CapacityProvider: s.capacityProvider!,
    ...(s.base !== undefined ? { Base: s.base } : {}),
    ...(s.weight !== undefined ? { Weight: s.weight } : {}),
  }));
  return appSpec({
    containerName: site.container.containerName,
    containerPort: site.containerPort,
    capacityProviderStrategy,
    hooks: hookList(options.hooks ?? {}).map(([name, fn]) => [name, fn.functionArn]),
  });
}

/** The CodeDeploy application and deployment group of a pipeline. */
export interface CodeDeployTarget {
  readonly application: codedeploy.EcsApplication;
  readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
}

/**
 * The CodeDeploy application (`Application`) and deployment group (`DeploymentGroup`) under `pipeline`: both target groups,
 * the site's production and test listeners, the alarms and auto-rollback; the hooks may be invoked and report back.
 */
export function createCodeDeployTarget(pipeline: Construct, site: IBlueGreenService, options: CodeDeployBlueGreenDeploymentOptions,
  alarms: cloudwatch.IAlarm[]): CodeDeployTarget {
  const application = new codedeploy.EcsApplication(pipeline, 'Application');
  const deploymentGroup = new codedeploy.EcsDeploymentGroup(pipeline, 'DeploymentGroup', {
    application,
    service: site.service,
    deploymentConfig: options.deploymentConfig ?? codedeploy.EcsDeploymentConfig.ALL_AT_ONCE,
    blueGreenDeploymentConfig: {
      blueTargetGroup: site.targetGroup,
      greenTargetGroup: site.alternateTargetGroup!, // validated
      listener: site.listener,
      testListener: site.testListener,
      terminationWaitTime: options.terminationWaitTime ?? Duration.minutes(5),
    },
    alarms,
    autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
  });
  acknowledge(deploymentGroup.role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS]',
    'The service role policy AWS documents for CodeDeploy\'s Amazon ECS deployments (task sets, listener and target group '
      + 'changes, alarms, hooks), maintained by AWS as CodeDeploy changes; only codedeploy.amazonaws.com can assume the role.');
  for (const [name, fn] of hookList(options.hooks ?? {})) {
    // CodeDeploy's managed policy only invokes functions named CodeDeployHook_*: allow these exact functions.
    deploymentGroup.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
    if (Stack.of(fn) === Stack.of(pipeline)) {
      fn.addToRolePolicy(new iam.PolicyStatement({
        actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
        resources: [deploymentGroup.deploymentGroupArn],
      }));
    } else {
      Annotations.of(pipeline).addWarningV2('cdk-fargate-wordpress:hook-status',
        `The ${name} hook is in another stack: allow it codedeploy:PutLifecycleEventHookExecutionStatus on the deployment group yourself.`);
    }
  }
  return { application, deploymentGroup };
}

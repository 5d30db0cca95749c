import { Duration } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** A Lambda function Amazon ECS calls at stages of each native blue/green deployment. */
export interface EcsLifecycleHook {
  /**
   * The function. It answers `{ "hookStatus": "SUCCEEDED" }`, `"FAILED"` (the deployment rolls
   * back) or `"IN_PROGRESS"` (ECS calls it again).
   */
  readonly handler: lambda.IFunction;

  /** The stages it runs at, e.g. `ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT` for a smoke test through the test listener. */
  readonly stages: ecs.DeploymentLifecycleStage[];
}

/** Options of `WordpressDeployment.ecsBlueGreen()`. */
export interface EcsBlueGreenDeploymentOptions {
  /**
   * How long the old (blue) tasks keep running after all production traffic reached the new (green)
   * ones. A rollback during the bake time is instant: traffic moves back. 0 to 1440 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly bakeTime?: Duration;

  /**
   * Port of a test listener on the load balancer: during a deployment it routes to the new tasks
   * before production traffic does, for checks (lifecycle hooks, testers inside the VPC). It uses the
   * production listener's protocol and certificate and is reachable from inside the VPC only.
   *
   * @default - no test listener
   */
  readonly testListenerPort?: number;

  /**
   * Lambda functions ECS calls at stages of each deployment. The `BlueGreenEcsPipeline` releasing onto
   * the service adds them to it, with a role that may invoke exactly these functions.
   *
   * @default - none
   */
  readonly lifecycleHooks?: EcsLifecycleHook[];

  /**
   * How long the `BlueGreenEcsPipeline`'s ECS deploy action waits for a deployment (new tasks healthy,
   * traffic moved, bake time over) before it fails: 1 to 60 minutes, longer than `bakeTime`.
   *
   * @default Duration.minutes(60)
   */
  readonly deploymentTimeout?: Duration;
}

/** Lambda functions CodeDeploy runs at the stages of an Amazon ECS deployment (AppSpec `Hooks`). */
export interface CodeDeployLifecycleHooks {
  /**
   * Before the new task set is created.
   *
   * @default - none
   */
  readonly beforeInstall?: lambda.IFunction;

  /**
   * After the new task set is created, before it gets traffic.
   *
   * @default - none
   */
  readonly afterInstall?: lambda.IFunction;

  /**
   * After the test listener routes to the new task set: the place for smoke tests.
   *
   * @default - none
   */
  readonly afterAllowTestTraffic?: lambda.IFunction;

  /**
   * Before production traffic moves.
   *
   * @default - none
   */
  readonly beforeAllowTraffic?: lambda.IFunction;

  /**
   * After production traffic moved.
   *
   * @default - none
   */
  readonly afterAllowTraffic?: lambda.IFunction;
}

/** Options of `WordpressDeployment.codeDeployBlueGreen()`. */
export interface CodeDeployBlueGreenDeploymentOptions {
  /**
   * Port of the test listener CodeDeploy routes test traffic through (and which keeps the second
   * target group attached to the load balancer, as CodeDeploy requires). It uses the production
   * listener's protocol and certificate and is reachable from inside the VPC only.
   *
   * @default 8080 over HTTP, 8443 over HTTPS
   */
  readonly testListenerPort?: number;

  /**
   * How production traffic moves: all at once, canary or linear. A predefined configuration
   * (`codedeploy.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES`, ...) or your own
   * `codedeploy.EcsDeploymentConfig`. Used by the deployment group of the `BlueGreenEcsPipeline`.
   *
   * @default codedeploy.EcsDeploymentConfig.ALL_AT_ONCE
   */
  readonly deploymentConfig?: codedeploy.IEcsDeploymentConfig;

  /**
   * How long the old task set keeps running after production traffic moved: the window in which a
   * rollback (alarm or manual) is instant. 0 to 2880 minutes. Used by the deployment group of the
   * `BlueGreenEcsPipeline`.
   *
   * @default Duration.minutes(5)
   */
  readonly terminationWaitTime?: Duration;

  /**
   * Lambda functions CodeDeploy runs at the deployment's stages (the `BlueGreenEcsPipeline` puts them
   * in each release's AppSpec); each must report back with `codedeploy:PutLifecycleEventHookExecutionStatus`
   * (granted when it is in the pipeline's stack).
   *
   * @default - no hooks
   */
  readonly hooks?: CodeDeployLifecycleHooks;
}

import { Duration } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Which service runs the blue/green deployment. */
export enum DeploymentEngineKind {
  /** Amazon ECS itself (native blue/green). */
  ECS_NATIVE = 'ECS_NATIVE',
  /** AWS CodeDeploy. */
  CODE_DEPLOY = 'CODE_DEPLOY',
}

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

/** Options of `DeploymentEngine.ecsNative()`. */
export interface EcsNativeEngineOptions {
  /**
   * Lambda functions ECS calls at stages of each deployment; they are added to the service, and
   * ECS invokes them with a role that may invoke exactly these functions.
   *
   * @default - none
   */
  readonly lifecycleHooks?: EcsLifecycleHook[];

  /**
   * How long the pipeline's ECS deploy action waits for the deployment (new tasks healthy, traffic
   * moved, bake time over) before it fails: 1 to 60 minutes, longer than the service's bake time.
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

/** Options of `DeploymentEngine.codeDeploy()`. */
export interface CodeDeployEngineOptions {
  /**
   * The production listener CodeDeploy moves from one target group to the other. Required, except
   * under `WordpressHosting`, which passes its site's listeners.
   *
   * @default - none: `BlueGreenEcsPipeline` rejects a CodeDeploy engine without it
   */
  readonly listener?: elbv2.IApplicationListener;

  /**
   * The test listener CodeDeploy routes to the new task set first.
   *
   * @default - none: test traffic and the `AfterAllowTestTraffic` hook are skipped
   */
  readonly testListener?: elbv2.IApplicationListener;

  /**
   * How production traffic moves: all at once, canary or linear. A predefined configuration
   * (`codedeploy.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES`, ...) or your own
   * `codedeploy.EcsDeploymentConfig`.
   *
   * @default codedeploy.EcsDeploymentConfig.ALL_AT_ONCE
   */
  readonly deploymentConfig?: codedeploy.IEcsDeploymentConfig;

  /**
   * How long the old task set keeps running after production traffic moved: the window in which a
   * rollback (alarm or manual) is instant. 0 to 2880 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly terminationWaitTime?: Duration;

  /**
   * Lambda functions run at the deployment's stages; each must report back with
   * `codedeploy:PutLifecycleEventHookExecutionStatus` (granted when it is in the pipeline's stack).
   *
   * @default - no hooks
   */
  readonly hooks?: CodeDeployLifecycleHooks;
}

/**
 * Which service runs the blue/green deployment of each release, chosen with a static factory.
 *
 * Both keep the old tasks until the new ones are healthy and have production traffic, roll back
 * automatically on the pipeline's alarms, and need a service set up for them (e.g.
 * `ScalableWordpressOnFargate` with `deployment: WordpressDeployment.ecsBlueGreen()` or
 * `WordpressDeployment.codeDeployBlueGreen()`).
 */
export class DeploymentEngine {
  /**
   * Amazon ECS native blue/green (recommended): the pipeline updates the service with the ECS
   * deploy action and ECS runs the blue/green deployment the service is configured for
   * (`DeploymentStrategy.BLUE_GREEN`, or `LINEAR` / `CANARY`).
   */
  public static ecsNative(options: EcsNativeEngineOptions = {}): DeploymentEngine {
    return new DeploymentEngine(DeploymentEngineKind.ECS_NATIVE, options, undefined);
  }

  /**
   * AWS CodeDeploy blue/green (what the seed used): a CodeDeploy deployment group with both target
   * groups, the listeners and the alarms; the pipeline generates the task definition template and
   * the AppSpec of each release. The service needs the `CODE_DEPLOY` deployment controller.
   */
  public static codeDeploy(options: CodeDeployEngineOptions = {}): DeploymentEngine {
    return new DeploymentEngine(DeploymentEngineKind.CODE_DEPLOY, undefined, options);
  }

  private constructor(
    /** Which service runs deployments. */
    public readonly kind: DeploymentEngineKind,
    /** The options given to `ecsNative()`, if that was the factory used. */
    public readonly ecsNativeOptions?: EcsNativeEngineOptions,
    /** The options given to `codeDeploy()`, if that was the factory used. */
    public readonly codeDeployOptions?: CodeDeployEngineOptions,
  ) {}
}

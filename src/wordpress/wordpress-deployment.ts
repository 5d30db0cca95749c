import { Duration } from 'aws-cdk-lib';

/** Which way a new revision of the WordPress service replaces the running one. */
export enum WordpressDeploymentKind {
  /** ECS rolling update. */
  ROLLING = 'ROLLING',
  /** Amazon ECS native blue/green (`DeploymentStrategy.BLUE_GREEN`). */
  ECS_BLUE_GREEN = 'ECS_BLUE_GREEN',
  /** Blue/green run by AWS CodeDeploy (`DeploymentControllerType.CODE_DEPLOY`). */
  CODE_DEPLOY_BLUE_GREEN = 'CODE_DEPLOY_BLUE_GREEN',
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
}

/**
 * How new revisions of the WordPress service replace running ones.
 *
 * The blue/green choices give the site a second (alternate) target group and everything a
 * `BlueGreenEcsPipeline` needs: the production listener rule, an optional test listener and, for
 * native ECS blue/green, the infrastructure role ECS uses to shift traffic.
 */
export class WordpressDeployment {
  /**
   * ECS rolling update (the default): new tasks start next to the old ones (100-200 %), the
   * circuit breaker rolls a failing deployment back.
   */
  public static rolling(): WordpressDeployment {
    return new WordpressDeployment(WordpressDeploymentKind.ROLLING);
  }

  /**
   * Amazon ECS native blue/green: a full set of new tasks starts in the alternate target group,
   * the production listener rule moves all traffic to it at once, the old tasks stay for the bake
   * time. Alarms and the circuit breaker roll back. CloudFormation keeps managing the service.
   */
  public static ecsBlueGreen(options: EcsBlueGreenDeploymentOptions = {}): WordpressDeployment {
    return new WordpressDeployment(WordpressDeploymentKind.ECS_BLUE_GREEN, options, undefined);
  }

  /**
   * Blue/green run by AWS CodeDeploy: the service gets the `CODE_DEPLOY` deployment controller
   * (which rules out the circuit breaker: rollback comes from the deployment group's alarms) and a
   * test listener. Releases must then go through CodeDeploy, e.g. with `BlueGreenEcsPipeline`.
   */
  public static codeDeployBlueGreen(options: CodeDeployBlueGreenDeploymentOptions = {}): WordpressDeployment {
    return new WordpressDeployment(WordpressDeploymentKind.CODE_DEPLOY_BLUE_GREEN, undefined, options);
  }

  private constructor(
    /** Which way deployments run. */
    public readonly kind: WordpressDeploymentKind,
    /** The options given to `ecsBlueGreen()`, if that was the factory used. */
    public readonly ecsBlueGreenOptions?: EcsBlueGreenDeploymentOptions,
    /** The options given to `codeDeployBlueGreen()`, if that was the factory used. */
    public readonly codeDeployOptions?: CodeDeployBlueGreenDeploymentOptions,
  ) {}
}

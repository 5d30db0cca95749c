import { DeploymentBinding } from './private/deployment-binding';
import { CodeDeployBlueGreenDeploymentOptions, EcsBlueGreenDeploymentOptions } from './wordpress-deployment-options';

/**
 * How new revisions of the WordPress service replace running ones: rolling, or blue/green run by Amazon ECS or by AWS CodeDeploy.
 *
 * This is the one blue/green decision: the site sets up its service, target groups and listeners for it, and a
 * `BlueGreenEcsPipeline` given the site releases the way it says (its options also carry the pipeline's settings of
 * that engine: lifecycle hooks and deploy timeout, or CodeDeploy's traffic shifting, termination wait and hooks).
 */
export abstract class WordpressDeployment {
  /**
   * ECS rolling update (the default): new tasks start next to the old ones (100-200 %), the
   * circuit breaker rolls a failing deployment back. A `BlueGreenEcsPipeline` does not take such a service.
   */
  public static rolling(): WordpressDeployment {
    return new DeploymentChoice({ kind: 'ROLLING' });
  }

  /**
   * Amazon ECS native blue/green (recommended with a pipeline): a full set of new tasks starts in the alternate target
   * group, the production listener rule moves all traffic to it at once, the old tasks stay for the bake
   * time. Alarms and the circuit breaker roll back. CloudFormation keeps managing the service.
   */
  public static ecsBlueGreen(options: EcsBlueGreenDeploymentOptions = {}): WordpressDeployment {
    return new DeploymentChoice({ kind: 'ECS_BLUE_GREEN', ecsBlueGreenOptions: options });
  }

  /**
   * Blue/green run by AWS CodeDeploy: the service gets the `CODE_DEPLOY` deployment controller
   * (which rules out the circuit breaker: rollback comes from the deployment group's alarms) and a
   * test listener. Releases must then go through CodeDeploy, e.g. with `BlueGreenEcsPipeline`; pick it for canary or
   * linear traffic shifting.
   */
  public static codeDeployBlueGreen(options: CodeDeployBlueGreenDeploymentOptions = {}): WordpressDeployment {
    return new DeploymentChoice({ kind: 'CODE_DEPLOY_BLUE_GREEN', codeDeployOptions: options });
  }

  /** True for the blue/green choices: the site has a second target group and a pipeline can release onto it. */
  public abstract readonly blueGreen: boolean;

  /**
   * What this choice means to the site that runs it and to a pipeline that releases onto it.
   *
   * @internal
   */
  public abstract _bind(): DeploymentBinding;
}

/** One of the three choices. */
class DeploymentChoice extends WordpressDeployment {
  public readonly blueGreen: boolean;

  constructor(private readonly binding: DeploymentBinding) {
    super();
    this.blueGreen = binding.kind !== 'ROLLING';
  }

  /** @internal */
  public _bind(): DeploymentBinding {
    return this.binding;
  }
}

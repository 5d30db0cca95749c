import { CodeDeployBlueGreenDeploymentOptions, EcsBlueGreenDeploymentOptions } from '../wordpress-deployment-options';

/** Which way new revisions replace running tasks. */
export type DeploymentEngine = 'ROLLING' | 'ECS_BLUE_GREEN' | 'CODE_DEPLOY_BLUE_GREEN';

/** What a `WordpressDeployment` means to the site that runs it and to a pipeline that releases onto it. */
export interface DeploymentBinding {
  readonly kind: DeploymentEngine;
  /** The options of `ecsBlueGreen()`, with native ECS blue/green. */
  readonly ecsBlueGreenOptions?: EcsBlueGreenDeploymentOptions;
  /** The options of `codeDeployBlueGreen()`, with CodeDeploy. */
  readonly codeDeployOptions?: CodeDeployBlueGreenDeploymentOptions;
}

import { createHash } from 'crypto';
import { CfnDynamicReference, CfnDynamicReferenceService, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

/*
 * The image a pipeline-managed site runs: the last release, recorded by the pipeline in an SSM parameter that the task
 * definition resolves when CloudFormation registers it, so a `cdk deploy` that changes the task definition keeps it.
 *
 * - CloudFormation resolves an `ssm` dynamic reference without a version to the parameter's latest version "whenever you
 *   create or update the stack", and does not see a change of the parameter by itself (no drift detection on dynamic
 *   references): https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm.html
 *   (awsdocs/aws-cloudformation-user-guide doc_source/dynamic-references.md). So a release does not make CloudFormation
 *   redeploy; the next registration of the task definition picks the release up.
 * - The parameter lives in the same template: the reference is built from the parameter's `Ref`, so CloudFormation
 *   creates (and updates) the parameter before the task definition, as AWS's own integ test does with a dynamic
 *   reference to a parameter of its own stack (aws/aws-cdk packages/@aws-cdk-testing/framework-integ/test/aws-ssm/test/
 *   integ.import-parameter.ts, `ImportedWithForceFlag`).
 * - A template parameter of type `AWS::SSM::Parameter::Value<String>` would not do: it is resolved when the change set is
 *   created, so the parameter would have to exist before the stack that creates it.
 * - The container keeps the bootstrap image's binding (pull grants of an ECR or asset image, registry credentials);
 *   only its name becomes the reference.
 */

/** Docker label naming the bootstrap image, so that changing the `image` prop registers a new task definition. */
export const BOOTSTRAP_IMAGE_LABEL = 'cdk-fargate-wordpress.bootstrap-image';

/** Docker label with a fingerprint of the service's settings, so that a change of the service registers a new task definition. */
export const SERVICE_SETTINGS_LABEL = 'cdk-fargate-wordpress.service-settings';

/** The properties of the service whose change makes CloudFormation update it (all but its task definition, count and tags). */
const SERVICE_SETTINGS: Array<keyof ecs.CfnService> = [
  'availabilityZoneRebalancing', 'capacityProviderStrategy', 'cluster', 'deploymentConfiguration', 'deploymentController',
  'enableEcsManagedTags', 'enableExecuteCommand', 'forceNewDeployment', 'healthCheckGracePeriodSeconds', 'launchType', 'loadBalancers',
  'monitoring', 'networkConfiguration', 'placementConstraints', 'placementStrategies', 'platformVersion', 'propagateTags', 'role',
  'schedulingStrategy', 'serviceConnectConfiguration', 'serviceName', 'serviceRegistries', 'volumeConfigurations',
  'vpcLatticeConfigurations',
];

/**
 * Register the task definition anew whenever the service changes (ECS deployment controller only): CloudFormation updates a
 * service with the task definition revision its template names, even when only another property changed, so a change of the
 * service alone would deploy the revision CloudFormation registered last, with the image of that time, over a later release
 * (aws/aws-cdk#26983 and the merged aws/aws-cdk#27036: "future deployments of an ECS service will revert the task definition to
 * the task definition deployed by CloudFormation"). With a fingerprint of the service's settings in a label, such a change
 * also registers a new revision, which resolves the released image. A CODE_DEPLOY service is left alone: aws-cdk-lib names
 * only its family, and ECS refuses a new task definition from anything but CodeDeploy.
 */
export function registerWithServiceChanges(container: ecs.ContainerDefinition, service: ecs.BaseService): void {
  const cfn = service.node.defaultChild as ecs.CfnService;
  container.addDockerLabel(SERVICE_SETTINGS_LABEL, Lazy.string({
    produce: () => {
      const stack = Stack.of(service);
      const settings = SERVICE_SETTINGS.map((name) => [name, stack.resolve(cfn[name])]);
      return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
    },
  }));
}

/** Construct ID of the parameter, under the site. */
export const RELEASED_IMAGE_ID = 'ReleasedImage';

/** Characters SSM allows in a parameter name besides the `/` of its hierarchy. */
const NAME_CHARACTERS = /[^a-zA-Z0-9_.-]/g;

/**
 * `/cdk-fargate-wordpress/<stack name>/<site path in the stack>/released-image`: readable by operators, unique per stack
 * and site (parameter names are per account and region), at most 15 levels deep as SSM allows. Undefined (a name made by
 * CloudFormation) when the stack name is not known at synthesis.
 */
export function releasedImageParameterName(site: Construct): string | undefined {
  const stack = Stack.of(site);
  if (Token.isUnresolved(stack.stackName)) {
    return undefined;
  }
  const clean = (s: string) => s.replace(NAME_CHARACTERS, '-');
  const inStack = site.node.scopes.slice(site.node.scopes.indexOf(stack) + 1).map((c) => clean(c.node.id));
  const sitePath = inStack.length > 12 ? [inStack.join('.')] : inStack;
  return ['', 'cdk-fargate-wordpress', clean(stack.stackName), ...sitePath, 'released-image'].join('/');
}

/**
 * Label the container with the bootstrap image (after the container exists: its constructor sets its labels after binding
 * the image). A new bootstrap image thus changes the task definition, which CloudFormation registers anew after writing the
 * parameter, so the change reaches the service; an unchanged one leaves the task definition as it is.
 */
export function labelBootstrapImage(container: ecs.ContainerDefinition, image: ReleasedImage): void {
  container.addDockerLabel(BOOTSTRAP_IMAGE_LABEL, image.bootstrapImageName!);
}

/**
 * An `ecs.ContainerImage` whose name is a dynamic reference to the parameter `ReleasedImage` under `site`, created when the
 * container binds it, with the bootstrap image's name as its template value.
 */
export class ReleasedImage extends ecs.ContainerImage {
  /** The parameter, once the container has bound the image. */
  public parameter?: ssm.StringParameter;
  /** The bootstrap image's name, once the container has bound the image. */
  public bootstrapImageName?: string;

  constructor(private readonly site: Construct, private readonly bootstrap: ecs.ContainerImage) {
    super();
  }

  public bind(scope: Construct, containerDefinition: ecs.ContainerDefinition): ecs.ContainerImageConfig {
    const config = this.bootstrap.bind(scope, containerDefinition);
    this.parameter = new ssm.StringParameter(this.site, RELEASED_IMAGE_ID, {
      parameterName: releasedImageParameterName(this.site),
      stringValue: config.imageName,
      tier: ssm.ParameterTier.STANDARD,
      description: `The image ${this.site.node.path} runs: the last release its pipeline recorded, by digest (until then the bootstrap image)`,
    });
    this.bootstrapImageName = config.imageName;
    return {
      imageName: new CfnDynamicReference(CfnDynamicReferenceService.SSM, this.parameter.parameterName).toString(),
      repositoryCredentials: config.repositoryCredentials,
    };
  }
}

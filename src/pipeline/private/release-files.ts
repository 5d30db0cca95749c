import * as codebuild from 'aws-cdk-lib/aws-codebuild';

/**
 * The files each release is made of, and the CodeBuild steps that write them. Nothing here is
 * hand-written per site: the task definition template comes from the service's task definition,
 * the AppSpec from its load balancer settings, the image from the build or the pushed image.
 *
 * - `imageDetail.json`: `{"ImageURI": "<repository>@sha256:..."}` (CodeDeploy's image input);
 * - `imagedefinitions.json` (and `imagedefinitions-staging.json`): `[{"name": <container>, "imageUri": ...}]`
 *   (the ECS deploy action's input);
 * - `taskdef.json`: the service's task definition as `RegisterTaskDefinition` takes it, its container's
 *   image replaced with `<IMAGE1_NAME>` (CodeDeploy puts the release's image there);
 * - `appspec.yaml`: the CodeDeploy AppSpec (written as JSON, which is YAML too), `<TASK_DEFINITION>`
 *   filled in by CodeDeploy.
 */

/** The placeholder CodeDeploy replaces with the image of the release (written `<IMAGE1_NAME>` in taskdef.json). */
export const IMAGE_PLACEHOLDER = 'IMAGE1_NAME';
/** The tag every successful build also moves, so a stack can refer to "the last released image". */
export const LATEST_TAG = 'latest';
export const IMAGE_DETAIL_FILE = 'imageDetail.json';
export const IMAGE_DEFINITIONS_FILE = 'imagedefinitions.json';
export const STAGING_IMAGE_DEFINITIONS_FILE = 'imagedefinitions-staging.json';
export const TASK_DEFINITION_FILE = 'taskdef.json';
export const APPSPEC_FILE = 'appspec.yaml';

/**
 * jq program turning `DescribeTaskDefinition`'s `taskDefinition` into a `RegisterTaskDefinition`
 * input: drops the fields ECS sets itself, puts the placeholder in the one container `$name`, and
 * fails when there is no such container.
 */
export const TASK_DEFINITION_FILTER = 'if ([.containerDefinitions[] | select(.name == $name)] | length) != 1 '
  + 'then error("the task definition has no container named \\($name)") '
  + 'else del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy, .deregisteredAt) '
  + `| .containerDefinitions |= map(if .name == $name then .image = "<${IMAGE_PLACEHOLDER}>" else . end) end`;

/** Commands writing the image files from `$IMAGE_URI` (and `$CONTAINER_NAME`, `$STAGING_CONTAINER_NAME`). */
function imageFileCommands(files: ImageFiles): string[] {
  const commands: string[] = [];
  if (files.imageDetail) {
    commands.push(`jq -n --arg uri "$IMAGE_URI" '{ImageURI: $uri}' > ${IMAGE_DETAIL_FILE}`);
  }
  if (files.imageDefinitions) {
    commands.push(`jq -n --arg name "$CONTAINER_NAME" --arg uri "$IMAGE_URI" '[{name: $name, imageUri: $uri}]' > ${IMAGE_DEFINITIONS_FILE}`);
  }
  if (files.stagingImageDefinitions) {
    commands.push('jq -n --arg name "$STAGING_CONTAINER_NAME" --arg uri "$IMAGE_URI" \'[{name: $name, imageUri: $uri}]\' '
      + `> ${STAGING_IMAGE_DEFINITIONS_FILE}`);
  }
  return commands;
}

/** Which image files a step writes. */
export interface ImageFiles {
  readonly imageDetail: boolean;
  readonly imageDefinitions: boolean;
  readonly stagingImageDefinitions: boolean;
}

function fileList(files: ImageFiles): string[] {
  return [
    ...(files.imageDetail ? [IMAGE_DETAIL_FILE] : []),
    ...(files.imageDefinitions ? [IMAGE_DEFINITIONS_FILE] : []),
    ...(files.stagingImageDefinitions ? [STAGING_IMAGE_DEFINITIONS_FILE] : []),
  ];
}

/**
 * The image build: tag = the source version (commit id or object version); an image with that
 * tag already in the repository is reused (a retried release builds nothing), else it is built from
 * the Dockerfile, pushed, and `latest` is moved to it. Environment: REPOSITORY_URI, REPOSITORY_NAME,
 * DOCKERFILE, BUILD_CONTEXT, CONTAINER_NAME, SOURCE_VERSION (from the source action), and
 * STAGING_CONTAINER_NAME with a staging service.
 */
export function imageBuildSpec(files: ImageFiles): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject({
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      build: {
        commands: [
          'IMAGE_TAG="$(printf \'%s\' "${SOURCE_VERSION:-$CODEBUILD_RESOLVED_SOURCE_VERSION}" | tr -c \'A-Za-z0-9_.-\' \'-\' | cut -c1-128)"',
          `test -n "$IMAGE_TAG" && test "$IMAGE_TAG" != "${LATEST_TAG}"`,
          'EXISTING="$(aws ecr describe-images --repository-name "$REPOSITORY_NAME" --image-ids imageTag="$IMAGE_TAG" '
            + '--query \'imageDetails[0].imageDigest\' --output text 2>/dev/null || true)"',
          'if [ -n "$EXISTING" ]; then echo "Image $IMAGE_TAG exists already ($EXISTING): reusing it"; else '
            + 'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}" '
            + '&& docker build --pull --file "$DOCKERFILE" --tag "$REPOSITORY_URI:$IMAGE_TAG" "$BUILD_CONTEXT" '
            + '&& docker push "$REPOSITORY_URI:$IMAGE_TAG"; fi',
          'IMAGE_DIGEST="$(aws ecr describe-images --repository-name "$REPOSITORY_NAME" --image-ids imageTag="$IMAGE_TAG" '
            + '--query \'imageDetails[0].imageDigest\' --output text)"',
          'IMAGE_URI="$REPOSITORY_URI@$IMAGE_DIGEST"',
          'MANIFEST="$(aws ecr batch-get-image --repository-name "$REPOSITORY_NAME" --image-ids imageDigest="$IMAGE_DIGEST" '
            + '--query \'images[0].imageManifest\' --output text)"',
          `aws ecr put-image --repository-name "$REPOSITORY_NAME" --image-tag ${LATEST_TAG} --image-manifest "$MANIFEST" > /dev/null 2> put-image.err `
            + '|| grep -q ImageAlreadyExistsException put-image.err',
          ...imageFileCommands(files),
        ],
      },
    },
    artifacts: { files: fileList(files) },
  });
}

/** What the deploy-files step writes. */
export interface DeployFilesOptions {
  /** Image files to write from the pushed image's `imageDetail.json` (ECR source). */
  readonly imageFiles?: ImageFiles;
  /** Write taskdef.json (from $TASK_DEFINITION_ARN) and appspec.yaml (from $APPSPEC): the CodeDeploy engine. */
  readonly codeDeployFiles: boolean;
}

/**
 * The deploy-files step (no Docker): image files from the ECR source's `imageDetail.json`, and
 * the CodeDeploy task definition template and AppSpec.
 */
export function deployFilesBuildSpec(options: DeployFilesOptions): codebuild.BuildSpec {
  const commands: string[] = [];
  const files: string[] = [];
  if (options.imageFiles) {
    commands.push(`IMAGE_URI="$(jq -er .ImageURI ${IMAGE_DETAIL_FILE})"`, ...imageFileCommands(options.imageFiles));
    files.push(...fileList(options.imageFiles).filter((f) => f !== IMAGE_DETAIL_FILE));
  }
  if (options.codeDeployFiles) {
    commands.push(
      'aws ecs describe-task-definition --task-definition "$TASK_DEFINITION_ARN" --query taskDefinition --output json > task-definition.json',
      `jq --arg name "$CONTAINER_NAME" '${TASK_DEFINITION_FILTER}' task-definition.json > taskdef.tmp && mv taskdef.tmp ${TASK_DEFINITION_FILE}`,
      `printf '%s\\n' "$APPSPEC" > ${APPSPEC_FILE}`,
    );
    files.push(TASK_DEFINITION_FILE, APPSPEC_FILE);
  }
  return codebuild.BuildSpec.fromObject({
    version: '0.2',
    env: { shell: 'bash' },
    phases: { build: { commands } },
    artifacts: { files },
  });
}

/** A capacity provider entry of the AppSpec. */
export interface AppSpecCapacityProvider {
  readonly CapacityProvider: string;
  readonly Base?: number;
  readonly Weight?: number;
}

/** Inputs of the AppSpec. */
export interface AppSpecOptions {
  readonly containerName: string;
  readonly containerPort: number;
  /** The service's capacity provider strategy, if it has one (CodeDeploy otherwise uses the launch type). */
  readonly capacityProviderStrategy?: AppSpecCapacityProvider[];
  /** Hook name (BeforeInstall, ...) to Lambda function ARN. */
  readonly hooks: Array<[string, string]>;
}

/** The CodeDeploy AppSpec of an Amazon ECS service, as an object (rendered to JSON). */
export function appSpec(options: AppSpecOptions): object {
  return {
    version: '0.0',
    Resources: [{
      TargetService: {
        Type: 'AWS::ECS::Service',
        Properties: {
          TaskDefinition: '<TASK_DEFINITION>',
          LoadBalancerInfo: { ContainerName: options.containerName, ContainerPort: options.containerPort },
          ...(options.capacityProviderStrategy ? { CapacityProviderStrategy: options.capacityProviderStrategy } : {}),
        },
      },
    }],
    ...(options.hooks.length > 0 ? { Hooks: options.hooks.map(([name, arn]) => ({ [name]: arn })) } : {}),
  };
}

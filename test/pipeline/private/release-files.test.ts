import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import {
  appSpec, deployFilesBuildSpec, IMAGE_PLACEHOLDER, imageBuildSpec, ImageFiles,
} from '../../../src/pipeline/private/release-files';

/**
 * The build steps' commands, run for real with bash and jq (as CodeBuild's standard image does), against fake `aws` and
 * `docker` programs that answer like the real ones and record their calls.
 */

const REPOSITORY_NAME = 'site-releases';
const REPOSITORY_URI = `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/${REPOSITORY_NAME}`;
const DIGEST = 'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const COMMIT = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const FAKE_AWS = `#!/usr/bin/env bash
echo "aws $*" >> "$CALLS"
case "$1 $2" in
  "ecr get-login-password") echo "token" ;;
  "ecr describe-images")
    if [ -e "$STATE/pushed" ] || [ -n "\${FAKE_EXISTING:-}" ]; then echo "${DIGEST}"; else
      echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2; exit 254; fi ;;
  "ecr batch-get-image") echo '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}' ;;
  "ecr put-image")
    if [ -n "\${FAKE_LATEST_CURRENT:-}" ]; then
      echo "An error occurred (ImageAlreadyExistsException) when calling the PutImage operation" >&2; exit 254; fi
    echo '{}' ;;
  "ecs describe-task-definition") jq .taskDefinition "$DESCRIBED" ;;
  *) echo "unexpected aws call: $*" >&2; exit 2 ;;
esac
`;
const FAKE_DOCKER = `#!/usr/bin/env bash
echo "docker $*" >> "$CALLS"
case "$1" in
  login) cat > /dev/null ;;
  build) [ -z "\${FAKE_BUILD_FAILS:-}" ] || { echo "build failed" >&2; exit 1; } ;;
  push) touch "$STATE/pushed" ;;
esac
`;

/** What `aws ecs describe-task-definition` answers for the site's task definition (trimmed to what matters). */
const DESCRIBED = {
  taskDefinition: {
    taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/SiteWordpressTaskDefinition32846493:7',
    family: 'SiteWordpressTaskDefinition32846493',
    revision: 7,
    status: 'ACTIVE',
    taskRoleArn: 'arn:aws:iam::123456789012:role/Site-WordpressTaskRole',
    executionRoleArn: 'arn:aws:iam::123456789012:role/Site-WordpressExecutionRole',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }],
    cpu: '2048',
    memory: '8192',
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    registeredAt: '2026-05-05T00:00:00.000Z',
    registeredBy: 'arn:aws:sts::123456789012:assumed-role/cdk-cfn-exec-role/AWSCloudFormation',
    volumes: [{
      name: 'wp-content',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-0123456789abcdef0', transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: 'fsap-0123', iam: 'ENABLED' },
      },
    }],
    containerDefinitions: [
      {
        name: 'wordpress',
        image: 'public.ecr.aws/docker/library/wordpress:6.8-php8.3-apache',
        essential: true,
        portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
        environment: [{ name: 'WORDPRESS_DB_NAME', value: 'wordpress' }],
        secrets: [{ name: 'WORDPRESS_DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf:password::' }],
        mountPoints: [{ sourceVolume: 'wp-content', containerPath: '/var/www/html/wp-content', readOnly: false }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'Site-WordpressLogGroup', 'awslogs-stream-prefix': 'wordpress' } },
      },
      { name: 'log-router', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable', essential: false },
    ],
  },
};

interface Run {
  readonly status: number;
  readonly stderr: string;
  readonly calls: string[];
  /** Contents of the files the step left, by name (JSON parsed when they are JSON). */
  readonly files: { [name: string]: any };
}

/** Run a buildspec's commands as CodeBuild does: in order, in one bash, failing at the first failing command. */
function runBuildSpec(buildSpecObject: codebuild.BuildSpec, env: { [name: string]: string }, inputs: { [name: string]: string } = {}): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-files-'));
  const bin = path.join(dir, 'bin');
  const work = path.join(dir, 'src');
  const state = path.join(dir, 'state');
  for (const d of [bin, work, state]) {
    fs.mkdirSync(d);
  }
  fs.writeFileSync(path.join(bin, 'aws'), FAKE_AWS, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'docker'), FAKE_DOCKER, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'described.json'), JSON.stringify(DESCRIBED));
  for (const [name, content] of Object.entries(inputs)) {
    fs.writeFileSync(path.join(work, name), content);
  }
  const buildSpec = JSON.parse(new Stack().resolve(buildSpecObject.toBuildSpec()));
  const commands: string[] = buildSpec.phases.build.commands;
  const script = commands.map((c, i) => `${c}\nrc=$?; if [ $rc -ne 0 ]; then echo "command ${i + 1} failed ($rc)" >&2; exit $rc; fi`).join('\n');
  const calls = path.join(dir, 'calls.log');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-c', script], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH}`, CALLS: calls, STATE: state, DESCRIBED: path.join(dir, 'described.json'), AWS_REGION: 'ap-northeast-1', ...env,
    },
  });
  const files: { [name: string]: any } = {};
  for (const name of buildSpec.artifacts.files as string[]) {
    const file = path.join(work, name);
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      files[name] = /\.json$|\.yaml$/.test(name) ? JSON.parse(text) : text;
    }
  }
  const run = { status: result.status ?? -1, stderr: result.stderr, calls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : [], files };
  fs.rmSync(dir, { recursive: true, force: true });
  return run;
}

const BUILD_ENV = {
  REPOSITORY_URI, REPOSITORY_NAME, DOCKERFILE: 'Dockerfile', BUILD_CONTEXT: '.', CONTAINER_NAME: 'wordpress', SOURCE_VERSION: COMMIT,
};
const NATIVE_FILES: ImageFiles = { imageDetail: false, imageDefinitions: true, stagingImageDefinitions: false };
const CODE_DEPLOY_FILES: ImageFiles = { imageDetail: true, imageDefinitions: false, stagingImageDefinitions: false };

describe('the image build', () => {
  test('builds the Dockerfile, tags it with the commit, pushes it, moves latest, and writes imagedefinitions.json with the digest', () => {
    // GIVEN a new commit WHEN the image build runs
    const run = runBuildSpec(imageBuildSpec(NATIVE_FILES), BUILD_ENV);
    // THEN
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls[0]).toBe(`aws ecr describe-images --repository-name ${REPOSITORY_NAME} --image-ids imageTag=${COMMIT} --query imageDetails[0].imageDigest --output text`);
    // `aws ecr get-login-password | docker login ...` runs both at once: either may log first.
    expect(run.calls.slice(1, 3).sort()).toEqual([
      'aws ecr get-login-password --region ap-northeast-1',
      'docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com',
    ]);
    expect(run.calls.slice(3)).toEqual([
      `docker build --pull --file Dockerfile --tag ${REPOSITORY_URI}:${COMMIT} .`,
      `docker push ${REPOSITORY_URI}:${COMMIT}`,
      `aws ecr describe-images --repository-name ${REPOSITORY_NAME} --image-ids imageTag=${COMMIT} --query imageDetails[0].imageDigest --output text`,
      `aws ecr batch-get-image --repository-name ${REPOSITORY_NAME} --image-ids imageDigest=${DIGEST} --query images[0].imageManifest --output text`,
      `aws ecr put-image --repository-name ${REPOSITORY_NAME} --image-tag latest --image-manifest {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}`,
    ]);
    expect(run.files).toEqual({ 'imagedefinitions.json': [{ name: 'wordpress', imageUri: `${REPOSITORY_URI}@${DIGEST}` }] });
  });

  test('a retried release of the same commit reuses the pushed image instead of building again', () => {
    const run = runBuildSpec(imageBuildSpec(NATIVE_FILES), { ...BUILD_ENV, FAKE_EXISTING: '1', FAKE_LATEST_CURRENT: '1' });
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.startsWith('docker'))).toEqual([]);
    expect(run.files['imagedefinitions.json']).toEqual([{ name: 'wordpress', imageUri: `${REPOSITORY_URI}@${DIGEST}` }]);
  });

  test('for CodeDeploy: imageDetail.json with the image URI; with staging: the staging container\'s imagedefinitions too', () => {
    const files = { ...CODE_DEPLOY_FILES, stagingImageDefinitions: true };
    const run = runBuildSpec(imageBuildSpec(files), { ...BUILD_ENV, STAGING_CONTAINER_NAME: 'web' });
    expect(run.status).toBe(0);
    expect(run.files).toEqual({
      'imageDetail.json': { ImageURI: `${REPOSITORY_URI}@${DIGEST}` },
      'imagedefinitions-staging.json': [{ name: 'web', imageUri: `${REPOSITORY_URI}@${DIGEST}` }],
    });
  });

  test('an S3 object version becomes a valid image tag', () => {
    const run = runBuildSpec(imageBuildSpec(NATIVE_FILES), { ...BUILD_ENV, SOURCE_VERSION: 'Wq1.x_y-z/a+b' });
    expect(run.status).toBe(0);
    expect(run.calls).toContain(`docker push ${REPOSITORY_URI}:Wq1.x_y-z-a-b`);
  });

  test('a failed docker build fails the step and writes nothing', () => {
    const run = runBuildSpec(imageBuildSpec(NATIVE_FILES), { ...BUILD_ENV, FAKE_BUILD_FAILS: '1' });
    expect(run.status).not.toBe(0);
    expect(run.calls.some((c) => c.startsWith('docker push'))).toBe(false);
    expect(run.files).toEqual({});
  });

  test('without a source version the step fails instead of pushing an untagged image', () => {
    const run = runBuildSpec(imageBuildSpec(NATIVE_FILES), { ...BUILD_ENV, SOURCE_VERSION: '' });
    expect(run.status).not.toBe(0);
    expect(run.calls).toEqual([]);
  });
});

describe('the deploy files', () => {
  const APPSPEC = JSON.stringify(appSpec({ containerName: 'wordpress', containerPort: 80, hooks: [] }));

  test('taskdef.json is the service\'s task definition as RegisterTaskDefinition takes it, with the image placeholder', () => {
    // GIVEN the CodeDeploy engine WHEN the deploy-files step runs
    const run = runBuildSpec(deployFilesBuildSpec({ codeDeployFiles: true }),
      { CONTAINER_NAME: 'wordpress', TASK_DEFINITION_ARN: DESCRIBED.taskDefinition.taskDefinitionArn, APPSPEC });
    // THEN
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      `aws ecs describe-task-definition --task-definition ${DESCRIBED.taskDefinition.taskDefinitionArn} --query taskDefinition --output json`,
    ]);
    const {
      taskDefinitionArn, revision, status, compatibilities, requiresAttributes, registeredAt, registeredBy, containerDefinitions, ...kept
    } = DESCRIBED.taskDefinition;
    expect(run.files['taskdef.json']).toEqual({
      ...kept,
      containerDefinitions: [{ ...containerDefinitions[0], image: `<${IMAGE_PLACEHOLDER}>` }, containerDefinitions[1]],
    });
  });

  test('appspec.yaml is the AppSpec the pipeline generated from the service', () => {
    const run = runBuildSpec(deployFilesBuildSpec({ codeDeployFiles: true }),
      { CONTAINER_NAME: 'wordpress', TASK_DEFINITION_ARN: 'td', APPSPEC });
    expect(run.files['appspec.yaml']).toEqual({
      version: '0.0',
      Resources: [{
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: { TaskDefinition: '<TASK_DEFINITION>', LoadBalancerInfo: { ContainerName: 'wordpress', ContainerPort: 80 } },
        },
      }],
    });
  });

  test('a container name the task definition does not have fails the step', () => {
    const run = runBuildSpec(deployFilesBuildSpec({ codeDeployFiles: true }),
      { CONTAINER_NAME: 'php', TASK_DEFINITION_ARN: 'td', APPSPEC });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/the task definition has no container named php/);
    expect(run.files['taskdef.json']).toBeUndefined();
  });

  test('from an ECR source\'s imageDetail.json: imagedefinitions for production and staging', () => {
    const imageUri = `${REPOSITORY_URI}@${DIGEST}`;
    const run = runBuildSpec(
      deployFilesBuildSpec({ codeDeployFiles: false, imageFiles: { imageDetail: false, imageDefinitions: true, stagingImageDefinitions: true } })
      ,
      { CONTAINER_NAME: 'wordpress', STAGING_CONTAINER_NAME: 'wordpress' },
      { 'imageDetail.json': JSON.stringify({ ImageURI: imageUri, ImageTags: ['latest'], RepositoryName: REPOSITORY_NAME }) },
    );
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.files).toEqual({
      'imagedefinitions.json': [{ name: 'wordpress', imageUri }],
      'imagedefinitions-staging.json': [{ name: 'wordpress', imageUri }],
    });
  });

  test('an AppSpec with capacity providers and hooks', () => {
    expect(appSpec({
      containerName: 'wordpress',
      containerPort: 80,
      capacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
      hooks: [['AfterAllowTestTraffic', 'arn:aws:lambda:ap-northeast-1:123456789012:function:smoke']],
    })).toMatchObject({
      Resources: [{ TargetService: { Properties: { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] } } }],
      Hooks: [{ AfterAllowTestTraffic: 'arn:aws:lambda:ap-northeast-1:123456789012:function:smoke' }],
    });
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { action, codeDeploySite, nativeSite, pipeline, statementsOf } from './pipeline-fixtures';
import { RECORD_RELEASE_COMMANDS } from '../../src/pipeline/private/release-record';
import { BOOTSTRAP_IMAGE_LABEL, SERVICE_SETTINGS_LABEL } from '../../src/wordpress/private/released-image';
import { ACCOUNT, nagFindings, REGION, site, wordpressContainer } from '../fixtures';
import {
  BlueGreenEcsPipelineProps, PipelineSource, ScalableWordpressOnFargateProps, WordpressDeployment, WordpressImage,
} from 'cdk-fargate-wordpress';

/*
 * The image follows the last release: the site's task definition names its image through an SSM parameter that the
 * pipeline writes after each successful deployment, so a `cdk deploy` that changes the task definition registers it with the
 * released image, never the bootstrap one.
 */

const STOCK = `${WordpressImage.OFFICIAL_REPOSITORY}:${WordpressImage.DEFAULT_OFFICIAL_TAG}`;
const RELEASE_REPOSITORY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/site-releases`;
const RELEASED = `${RELEASE_REPOSITORY}@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0`;
const OLDER = `${RELEASE_REPOSITORY}@sha256:aaaa2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2eaaaa`;
const PARAMETER_NAME = '/cdk-fargate-wordpress/Site/Wordpress/released-image';

/** GIVEN the site and its pipeline (one stack), with these site and pipeline props: the template. */
function synth(siteProps: ScalableWordpressOnFargateProps = {}, pipelineProps: Partial<BlueGreenEcsPipelineProps> = {}): Template {
  const stack = new Stack(new App(), 'Site', { env: { account: ACCOUNT, region: REGION } });
  pipeline(stack, nativeSite(stack, siteProps), pipelineProps);
  return Template.fromStack(stack);
}

/** A resource's properties by logical id. */
function resource(template: Template, id: string): { [key: string]: any } {
  return template.toJSON().Resources[id].Properties;
}

/** The logical id of the parameter a container image refers to (`{{resolve:ssm:<Ref>}}`); fails for any other image. */
function referencedParameter(image: unknown): string {
  expect(image).toEqual({ 'Fn::Join': ['', ['{{resolve:ssm:', { Ref: expect.any(String) }, '}}']] });
  return (image as any)['Fn::Join'][1][1].Ref;
}

/**
 * What CloudFormation does with the site's parameters on a deployment from `previous` to `next`: it writes a parameter's
 * template value when it creates the parameter or when the parameter's properties changed, and leaves it alone otherwise.
 */
function deployParameters(store: Map<string, string>, next: Template, previous?: Template): void {
  for (const [id, r] of Object.entries(next.findResources('AWS::SSM::Parameter'))) {
    const before = previous?.toJSON().Resources[id];
    if (!before || JSON.stringify(before.Properties) !== JSON.stringify(r.Properties)) {
      store.set(r.Properties.Name, r.Properties.Value);
    }
  }
}

/** The image CloudFormation registers the WordPress container with: its dynamic reference resolved in Parameter Store. */
function registeredImage(template: Template, store: Map<string, string>): string {
  const name = resource(template, referencedParameter(wordpressContainer(template).Image)).Name;
  expect(store.has(name)).toBe(true);
  return store.get(name)!;
}

/**
 * The environment variables of an action as the template writes them: a JSON string, or (with a token) an `Fn::Join` whose
 * `Ref` parts are shown as `<Ref:logicalId>`.
 */
function rawVariables(a: { [key: string]: any }): Array<{ name: string; value: string; type: string }> {
  const value = a.Configuration.EnvironmentVariables;
  const text = typeof value === 'string' ? value
    : (value['Fn::Join'][1] as any[]).map((part) => (typeof part === 'string' ? part : `<Ref:${part.Ref}>`)).join('');
  return JSON.parse(text);
}

/** The value of an action's environment variable as CloudFormation resolves it (a `Ref` to a parameter is its name). */
function variable(template: Template, a: { [key: string]: any }, name: string): string {
  const value = rawVariables(a).find((v) => v.name === name)?.value;
  expect(value).toBeDefined();
  const ref = /^<Ref:(.+)>$/.exec(value!);
  return ref ? resource(template, ref[1]).Name : value!;
}

interface RecordRun {
  readonly status: number;
  readonly stderr: string;
  /** The arguments of each `aws` call. */
  readonly calls: string[][];
}

/**
 * Run the record step's commands for real (bash and jq, as on CodeBuild's standard image) in a directory holding `files`,
 * against a fake `aws` that records its arguments and, for `ssm put-parameter`, stores the value in `store`.
 */
function runRecord(env: { [name: string]: string }, files: { [name: string]: unknown }, store?: Map<string, string>): RecordRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-release-'));
  const bin = path.join(dir, 'bin');
  const work = path.join(dir, 'src');
  fs.mkdirSync(bin);
  fs.mkdirSync(work);
  const calls = path.join(dir, 'calls');
  fs.writeFileSync(path.join(bin, 'aws'), '#!/usr/bin/env bash\n{ printf \'%s\\0\' "$@"; printf \'\\n\'; } >> "$CALLS"\necho \'{"Version": 2, "Tier": "Standard"}\'\n',
    { mode: 0o755 });
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(work, name), JSON.stringify(content));
  }
  const script = RECORD_RELEASE_COMMANDS.map((c) => `${c}\nrc=$?; if [ $rc -ne 0 ]; then exit $rc; fi`).join('\n');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-c', script], {
    cwd: work, encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, CALLS: calls, ...env },
  });
  const recorded = fs.existsSync(calls)
    ? fs.readFileSync(calls, 'utf8').split('\n').filter((l) => l).map((l) => l.split('\0').slice(0, -1)) : [];
  fs.rmSync(dir, { recursive: true, force: true });
  for (const args of recorded) {
    if (args[0] === 'ssm' && args[1] === 'put-parameter') {
      store?.set(args[args.indexOf('--name') + 1], args[args.indexOf('--value') + 1]);
    }
  }
  return { status: result.status ?? -1, stderr: result.stderr, calls: recorded };
}

/** Run the record action of a template's stage as CodePipeline would: its input file as the build wrote it. */
function recordRelease(template: Template, stageName: string, actionName: string, imageUri: string, store: Map<string, string>): RecordRun {
  const a = action(template, stageName, actionName);
  const file = variable(template, a, 'IMAGE_FILE');
  const container = variable(template, a, 'CONTAINER_NAME');
  const content = file === 'imageDetail.json' ? { ImageURI: imageUri } : [{ name: container, imageUri }];
  return runRecord({
    IMAGE_FILE: file, CONTAINER_NAME: container, PARAMETER_NAME: variable(template, a, 'PARAMETER_NAME'),
  }, { [file]: content }, store);
}

describe('a pipeline-managed site runs the image of its last release', () => {
  const before = synth();

  test('the container image is a dynamic reference to the site\'s parameter, whose template value is the bootstrap image', () => {
    const parameterId = referencedParameter(wordpressContainer(before).Image);
    expect(resource(before, parameterId)).toEqual({
      Name: PARAMETER_NAME,
      Type: 'String',
      Tier: 'Standard',
      Value: STOCK,
      Description: expect.stringContaining('last release'),
    });
    // The bootstrap image is named in a label only (a new one registers a new task definition), never as the image.
    expect(wordpressContainer(before).DockerLabels).toEqual({
      [BOOTSTRAP_IMAGE_LABEL]: STOCK,
      [SERVICE_SETTINGS_LABEL]: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  test('the pipeline records the production release, after the deploy action, into exactly that parameter', () => {
    const record = action(before, 'Production', 'RecordRelease');
    expect(record).toMatchObject({ ActionTypeId: { Provider: 'CodeBuild' }, RunOrder: 2, InputArtifacts: [{ Name: 'Image' }] });
    expect(action(before, 'Production', 'DeployToProduction').RunOrder).toBe(1);
    const parameterId = referencedParameter(wordpressContainer(before).Image);
    expect(rawVariables(record)).toEqual([
      { name: 'IMAGE_FILE', type: 'PLAINTEXT', value: 'imagedefinitions.json' },
      { name: 'CONTAINER_NAME', type: 'PLAINTEXT', value: 'wordpress' },
      { name: 'PARAMETER_NAME', type: 'PLAINTEXT', value: `<Ref:${parameterId}>` },
    ]);
  });

  test('record a release, then an unrelated infrastructure change: the task definition is registered with the released image', () => {
    const store = new Map<string, string>();
    // GIVEN the first deployment: CloudFormation creates the parameter with the bootstrap image
    deployParameters(store, before);
    expect(registeredImage(before, store)).toBe(STOCK);
    // WHEN the pipeline releases an image (its record step runs against the parameter the template names)
    const run = recordRelease(before, 'Production', 'RecordRelease', RELEASED, store);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // AND a later cdk deploy changes the task definition (CPU) and an alarm threshold
    const after = synth({ cpu: 4096, memoryLimitMiB: 8192 }, { target5xxThreshold: 25 });
    deployParameters(store, after, before);
    // THEN the task definition changes, so CloudFormation registers it anew ...
    const taskDefinition = (t: Template) => Object.values(t.findResources('AWS::ECS::TaskDefinition'))[0].Properties;
    expect(taskDefinition(after).Cpu).toBe('4096');
    expect(taskDefinition(after)).not.toEqual(taskDefinition(before));
    // ... its image is still the reference to the parameter (never the stock image), which CloudFormation left as released
    expect(wordpressContainer(after).Image).toEqual(wordpressContainer(before).Image);
    expect(JSON.stringify(taskDefinition(after).ContainerDefinitions.map((c: any) => c.Image))).not.toContain(STOCK);
    expect(Object.values(after.findResources('AWS::SSM::Parameter'))).toEqual(Object.values(before.findResources('AWS::SSM::Parameter')));
    expect(registeredImage(after, store)).toBe(RELEASED);
    // ... and the pipeline still writes that same parameter
    expect(variable(after, action(after, 'Production', 'RecordRelease'), 'PARAMETER_NAME'))
      .toBe(resource(after, referencedParameter(wordpressContainer(after).Image)).Name);
  });

  test('a new bootstrap image is explicit intent: CloudFormation writes it over the release and registers a new task definition', () => {
    const store = new Map<string, string>();
    deployParameters(store, before);
    recordRelease(before, 'Production', 'RecordRelease', RELEASED, store);
    const newer = `${WordpressImage.OFFICIAL_REPOSITORY}:6.9-php8.3-apache`;
    const changed = synth({ image: WordpressImage.official('6.9-php8.3-apache') });
    deployParameters(store, changed, before);
    expect(wordpressContainer(changed).DockerLabels[BOOTSTRAP_IMAGE_LABEL]).toBe(newer);
    expect(registeredImage(changed, store)).toBe(newer);
  });

  test('a change of the service alone registers the task definition anew, so the service moves to the released image', () => {
    const taskDefinition = (t: Template) => Object.values(t.findResources('AWS::ECS::TaskDefinition'))[0].Properties;
    const store = new Map<string, string>();
    deployParameters(store, before);
    recordRelease(before, 'Production', 'RecordRelease', RELEASED, store);
    // WHEN only the service changes (CloudFormation would update it with the task definition revision its template names)
    const after = synth({ healthCheckGracePeriod: Duration.minutes(5) });
    expect(Object.values(after.findResources('AWS::ECS::Service'))[0].Properties.HealthCheckGracePeriodSeconds).toBe(300);
    deployParameters(store, after, before);
    // THEN the task definition changes too (its service-settings label), and its new revision names the release
    expect(taskDefinition(after)).not.toEqual(taskDefinition(before));
    expect(registeredImage(after, store)).toBe(RELEASED);
  });

  test('the same app synthesizes the same task definition, and an alarm threshold leaves it alone (no deployment)', () => {
    const taskDefinition = (t: Template) => Object.values(t.findResources('AWS::ECS::TaskDefinition'))[0].Properties;
    expect(taskDefinition(synth())).toEqual(taskDefinition(before));
    expect(taskDefinition(synth({}, { target5xxThreshold: 25 }))).toEqual(taskDefinition(before));
  });

  test('rolling back the stage runs the record step with the older release\'s file: the parameter holds the older image', () => {
    const store = new Map<string, string>();
    deployParameters(store, before);
    recordRelease(before, 'Production', 'RecordRelease', OLDER, store);
    recordRelease(before, 'Production', 'RecordRelease', RELEASED, store);
    recordRelease(before, 'Production', 'RecordRelease', OLDER, store);
    expect(registeredImage(before, store)).toBe(OLDER);
  });

  test('least privilege: the record step may put exactly the site\'s parameter, nothing else in SSM', () => {
    const parameterId = referencedParameter(wordpressContainer(before).Image);
    const ssmStatements = statementsOf(before, 'PipelineRecordReleaseRole').filter((st) => JSON.stringify(st.Action).includes('ssm:'));
    expect(ssmStatements).toEqual([{
      Action: 'ssm:PutParameter',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:${REGION}:${ACCOUNT}:parameter`, { Ref: parameterId }]] },
    }]);
  });
});

describe('the record step', () => {
  const env = { IMAGE_FILE: 'imagedefinitions.json', CONTAINER_NAME: 'wordpress', PARAMETER_NAME };

  test('puts the released image, by digest, into the parameter: the exact arguments', () => {
    const run = runRecord(env, { 'imagedefinitions.json': [{ name: 'wordpress', imageUri: RELEASED }] });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([['ssm', 'put-parameter', '--name', PARAMETER_NAME, '--type', 'String', '--value', RELEASED, '--overwrite']]);
  });

  test('reads CodeDeploy\'s imageDetail.json and the staging container\'s imagedefinitions', () => {
    expect(runRecord({ ...env, IMAGE_FILE: 'imageDetail.json' }, { 'imageDetail.json': { ImageURI: RELEASED } }).calls[0][7]).toBe(RELEASED);
    const staging = runRecord({ ...env, IMAGE_FILE: 'imagedefinitions-staging.json', CONTAINER_NAME: 'web' },
      { 'imagedefinitions-staging.json': [{ name: 'web', imageUri: OLDER }] });
    expect(staging.calls[0][7]).toBe(OLDER);
  });

  test('refuses an image named by a tag (it could later name another image), and a file without the container', () => {
    const tagged = runRecord(env, { 'imagedefinitions.json': [{ name: 'wordpress', imageUri: `${RELEASE_REPOSITORY}:latest` }] });
    expect(tagged.status).not.toBe(0);
    expect(tagged.stderr).toContain('not pinned by digest');
    expect(tagged.calls).toEqual([]);
    const other = runRecord(env, { 'imagedefinitions.json': [{ name: 'sidecar', imageUri: RELEASED }] });
    expect(other.status).not.toBe(0);
    expect(other.calls).toEqual([]);
  });
});

describe('staging and CodeDeploy', () => {
  test('a tracking staging site gets its own record after the staging deployment; the role may put both parameters only', () => {
    const stack = new Stack(new App(), 'Site', { env: { account: ACCOUNT, region: REGION } });
    const production = nativeSite(stack);
    const staging = site(stack, { trackReleasedImage: true, minCapacity: 1, maxCapacity: 2 }, 'Staging');
    const p = pipeline(stack, production, { staging: { service: staging } });
    const template = Template.fromStack(stack);
    const record = action(template, 'Staging', 'RecordStagingRelease');
    expect(record.RunOrder).toBe(2);
    expect(variable(template, record, 'IMAGE_FILE')).toBe('imagedefinitions-staging.json');
    expect(variable(template, record, 'PARAMETER_NAME')).toBe('/cdk-fargate-wordpress/Site/Staging/released-image');
    const store = new Map<string, string>();
    deployParameters(store, template);
    expect(recordRelease(template, 'Staging', 'RecordStagingRelease', RELEASED, store).status).toBe(0);
    expect(store.get('/cdk-fargate-wordpress/Site/Staging/released-image')).toBe(RELEASED);
    expect(store.get(PARAMETER_NAME)).toBe(STOCK);
    const resources = statementsOf(template, 'PipelineRecordReleaseRole').filter((st) => st.Action === 'ssm:PutParameter')
      .flatMap((st) => [st.Resource].flat()).map((r: any) => r['Fn::Join'][1][3].Ref).sort();
    const logicalId = (parameter?: ssm.IStringParameter) => stack.getLogicalId(parameter!.node.defaultChild as ssm.CfnParameter);
    expect(resources).toEqual([logicalId(production.releasedImageParameter), logicalId(staging.releasedImageParameter)].sort());
    expect(p.recordStagingReleaseAction?.actionProperties.actionName).toBe('RecordStagingRelease');
    expect(p.recordProductionReleaseAction?.actionProperties.actionName).toBe('RecordRelease');
    Annotations.fromStack(stack).hasNoWarning('/Site/Pipeline', Match.anyValue());
    expect(nagFindings(stack)).toEqual([]);
  });

  test('a staging site that names its image itself is released, not recorded, with a warning', () => {
    const stack = new Stack(new App(), 'Site', { env: { account: ACCOUNT, region: REGION } });
    pipeline(stack, nativeSite(stack), { staging: { service: site(stack, {}, 'Staging') } });
    const template = Template.fromStack(stack);
    expect(action(template, 'Staging', 'DeployToStaging')).toBeDefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('RecordStagingRelease');
    Annotations.fromStack(stack).hasWarning('/Site/Pipeline', Match.stringLikeRegexp('trackReleasedImage: true'));
  });

  test('CodeDeploy: the record step reads the imageDetail.json CodeDeploy deployed (the pushed image of an ECR source)', () => {
    const stack = new Stack(new App(), 'Site', { env: { account: ACCOUNT, region: REGION } });
    pipeline(stack, codeDeploySite(stack), { source: PipelineSource.ecr({ repository: new ecr.Repository(stack, 'Pushed') }) });
    const template = Template.fromStack(stack);
    const record = action(template, 'Production', 'RecordRelease');
    expect(record.InputArtifacts).toEqual([{ Name: 'Source' }]);
    expect(action(template, 'Production', 'DeployToProduction').InputArtifacts).toContainEqual({ Name: 'Source' });
    expect(variable(template, record, 'IMAGE_FILE')).toBe('imageDetail.json');
    const store = new Map<string, string>();
    deployParameters(store, template);
    expect(recordRelease(template, 'Production', 'RecordRelease', RELEASED, store).status).toBe(0);
    expect(registeredImage(template, store)).toBe(RELEASED);
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('which sites track their releases', () => {
  const image = (props: ScalableWordpressOnFargateProps) => {
    const stack = new Stack(new App(), 'Site', { env: { account: ACCOUNT, region: REGION } });
    const s = site(stack, props);
    return { s, template: Template.fromStack(stack) };
  };

  test('a rolling site without a pipeline names its image itself and has no parameter', () => {
    const { s, template } = image({});
    expect(wordpressContainer(template).Image).toBe(STOCK);
    expect(s.releasedImageParameter).toBeUndefined();
    template.resourceCountIs('AWS::SSM::Parameter', 0);
  });

  test('blue/green sites track by default (native and CodeDeploy); trackReleasedImage: false pins the image', () => {
    for (const deployment of [WordpressDeployment.ecsBlueGreen(), WordpressDeployment.codeDeployBlueGreen()]) {
      const { s, template } = image({ deployment });
      expect(s.releasedImageParameter).toBeDefined();
      referencedParameter(wordpressContainer(template).Image);
      // Under CodeDeploy, CloudFormation never moves the service to a new revision: no service fingerprint.
      expect(Object.keys(wordpressContainer(template).DockerLabels).includes(SERVICE_SETTINGS_LABEL)).toBe(deployment.blueGreen
        && deployment._bind().kind === 'ECS_BLUE_GREEN');
    }
    const pinned = image({ deployment: WordpressDeployment.ecsBlueGreen(), trackReleasedImage: false });
    expect(wordpressContainer(pinned.template).Image).toBe(STOCK);
    expect(pinned.s.releasedImageParameter).toBeUndefined();
  });

  test('a tracking site keeps its bootstrap image\'s pull rights (an ECR bootstrap image)', () => {
    const stack = new Stack(new App(), 'Site', { env: { account: ACCOUNT, region: REGION } });
    const repository = new ecr.Repository(stack, 'Bootstrap');
    site(stack, { trackReleasedImage: true, image: WordpressImage.fromEcrRepository(repository, 'v1') });
    const template = Template.fromStack(stack);
    const value = Object.values(template.findResources('AWS::SSM::Parameter'))[0].Properties.Value;
    expect(JSON.stringify(value)).toContain(':v1');
    const pulls = statementsOf(template, 'WordpressTaskDefinitionExecutionRoleDefaultPolicy')
      .filter((st) => JSON.stringify(st.Action).includes('ecr:BatchGetImage'));
    expect(JSON.stringify(pulls)).toContain(stack.getLogicalId(repository.node.defaultChild as ecr.CfnRepository));
  });

  test('a registry bootstrap image keeps its credentials', () => {
    const stack = new Stack(new App(), 'Site', { env: { account: ACCOUNT, region: REGION } });
    const secret = new secretsmanager.Secret(stack, 'RegistryCredentials');
    site(stack, { trackReleasedImage: true, image: WordpressImage.fromRegistry('registry.example.com/wordpress:1', { credentials: secret }) });
    const container = wordpressContainer(Template.fromStack(stack));
    expect(container.RepositoryCredentials).toEqual({ CredentialsParameter: { Ref: expect.stringMatching(/^RegistryCredentials/) } });
    referencedParameter(container.Image);
  });
});

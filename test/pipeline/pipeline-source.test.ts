import { CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  action, actionsOf, buildEnvironment, CONNECTION_ARN, nativeSite, pipeline, project, stages, statements, statementsOf,
} from './pipeline-fixtures';
import { deployFilesBuildSpec } from '../../src/pipeline/private/release-files';
import { nagFindings, newStack } from '../fixtures';
import { BlueGreenEcsPipeline, PipelineSource } from 'cdk-fargate-wordpress';

/** GIVEN a native blue/green site WHEN a pipeline with this source releases onto it: the stack, template and pipeline. */
function withSource(source: (stack: Stack) => PipelineSource): { stack: Stack; template: Template; p: BlueGreenEcsPipeline } {
  const stack = newStack();
  const p = pipeline(stack, nativeSite(stack), { source: source(stack) });
  return { stack, template: Template.fromStack(stack), p };
}

/** The statements of the source action's role about connections. */
function connectionStatements(template: Template): Array<{ [key: string]: any }> {
  return statementsOf(template, 'PipelineSourceCodePipelineActionRoleDefaultPolicy').filter((st) => actionsOf(st).some((a) => a.includes('connections')));
}

describe('ECR: an image push starts a release', () => {
  let stack: Stack;
  let template: Template;
  let p: BlueGreenEcsPipeline;
  let repository: ecr.Repository;
  beforeAll(() => {
    ({ stack, template, p } = withSource((st) => {
      repository = new ecr.Repository(st, 'Pushed');
      return PipelineSource.ecr({ repository });
    }));
  });

  test('the ECR source action on the latest tag, started by ECR\'s push event', () => {
    expect(action(template, 'Source', 'Source')).toMatchObject({
      ActionTypeId: { Category: 'Source', Provider: 'ECR' },
      Configuration: { RepositoryName: { Ref: expect.stringMatching(/^Pushed/) }, ImageTag: 'latest' },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ecr'],
        'detail-type': ['ECR Image Action'],
        'detail': { 'action-type': ['PUSH'], 'image-tag': ['latest'], 'repository-name': [{ Ref: Match.stringLikeRegexp('^Pushed') }], 'result': ['SUCCESS'] },
      },
    });
  });

  test('no image build and no new repository: the deploy files step turns the pushed image into imagedefinitions.json', () => {
    expect(stages(template).map((st) => [st.Name, st.Actions.map((a) => a.Name)])).toEqual([
      ['Source', ['Source']], ['Build', ['WriteDeployFiles']], ['Production', ['DeployToProduction', 'RecordRelease']],
    ]);
    template.resourceCountIs('AWS::ECR::Repository', 1);
    expect(p.repository).toBe(repository);
    expect(p.imageBuildProject).toBeUndefined();
    expect(project(template, 'PipelineDeployFiles').Source.BuildSpec).toBe(new Stack().resolve(deployFilesBuildSpec({
      codeDeployFiles: false, imageFiles: { imageDetail: false, imageDefinitions: true, stagingImageDefinitions: false },
    }).toBuildSpec()));
    expect(action(template, 'Production', 'DeployToProduction')).toMatchObject({
      Configuration: { FileName: 'imagedefinitions.json' }, InputArtifacts: [{ Name: 'DeployFiles' }],
    });
  });

  test('least privilege: the source may describe images of that repository only; nothing in the pipeline gets an ECR login but the task execution role', () => {
    expect(statementsOf(template, 'PipelineSourceCodePipelineActionRoleDefaultPolicy').filter((st) => actionsOf(st).some((a) => a.startsWith('ecr:'))))
      .toEqual([{ Action: 'ecr:DescribeImages', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Pushed/), 'Arn'] } }]);
    expect(statements(template).filter((s) => actionsOf(s.statement).includes('ecr:GetAuthorizationToken')).map((s) => s.policy))
      .toEqual([expect.stringMatching(/^WordpressTaskDefinitionExecutionRoleDefaultPolicy/)]);
  });

  test('the task execution role may pull from the pushed repository', () => {
    expect(statementsOf(template, 'WordpressTaskDefinitionExecutionRoleDefaultPolicy')).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: expect.arrayContaining(['ecr:BatchGetImage']), Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Pushed/), 'Arn'] } }),
    ]));
  });

  test('a given tag', () => {
    const { template: t } = withSource((st) => PipelineSource.ecr({ repository: new ecr.Repository(st, 'Pushed'), tag: 'release' }));
    expect(action(t, 'Source', 'Source').Configuration.ImageTag).toBe('release');
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('GitHub through AWS CodeConnections', () => {
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    ({ stack, template } = withSource(() => PipelineSource.github({ owner: 'example-org', repository: 'wordpress-site', connectionArn: CONNECTION_ARN })));
  });

  test('the connection source action on main, full clone not needed, started by pushes', () => {
    expect(action(template, 'Source', 'Source')).toMatchObject({
      ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection' },
      Configuration: { ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'example-org/wordpress-site', BranchName: 'main' },
      Namespace: 'Source_Source_NS',
    });
  });

  test('the image is tagged with the commit', () => {
    expect(JSON.parse(action(template, 'Build', 'BuildImage').Configuration.EnvironmentVariables)[0].value).toBe('#{Source_Source_NS.CommitId}');
  });

  test('a codeconnections ARN: the source action may use exactly this connection, with the action of the ARN\'s service prefix', () => {
    // IAM matches the service prefix of the action with the ARN's: codeconnections:UseConnection for arn:aws:codeconnections:...
    // (aws-cdk-lib's own grant, codestar-connections:UseConnection, is left as it is).
    expect(connectionStatements(template)).toEqual([
      { Action: 'codestar-connections:UseConnection', Effect: 'Allow', Resource: CONNECTION_ARN },
      { Action: 'codeconnections:UseConnection', Effect: 'Allow', Resource: CONNECTION_ARN },
    ]);
  });

  test('a connection ARN of the former form (codestar-connections): aws-cdk-lib\'s grant, of the same prefix, is the one needed', () => {
    const arn = 'arn:aws:codestar-connections:ap-northeast-1:123456789012:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const { template: t } = withSource(() => PipelineSource.github({ owner: 'o', repository: 'r', connectionArn: arn }));
    expect(connectionStatements(t)).toEqual([{ Action: 'codestar-connections:UseConnection', Effect: 'Allow', Resource: arn }]);
  });

  test('a connection ARN unknown at synth: both prefixes', () => {
    const { template: t } = withSource((st) => PipelineSource.github({
      owner: 'o', repository: 'r', connectionArn: new CfnParameter(st, 'ConnectionArn').valueAsString,
    }));
    expect(connectionStatements(t)).toEqual([
      { Action: 'codestar-connections:UseConnection', Effect: 'Allow', Resource: { Ref: 'ConnectionArn' } },
      { Action: 'codeconnections:UseConnection', Effect: 'Allow', Resource: { Ref: 'ConnectionArn' } },
    ]);
  });

  test('a given branch', () => {
    const { template: t } = withSource(() => PipelineSource.github({ owner: 'o', repository: 'r', branch: 'release/2026', connectionArn: CONNECTION_ARN }));
    expect(action(t, 'Source', 'Source').Configuration.BranchName).toBe('release/2026');
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('an S3 object', () => {
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    ({ stack, template } = withSource((st) => PipelineSource.s3({
      bucket: s3.Bucket.fromBucketName(st, 'Sources', 'example-wordpress-sources'), objectKey: 'releases/site.zip',
    })));
  });

  test('the S3 source action without polling, started by an EventBridge rule on new versions of the object', () => {
    expect(action(template, 'Source', 'Source')).toMatchObject({
      ActionTypeId: { Provider: 'S3' },
      Configuration: { S3Bucket: 'example-wordpress-sources', S3ObjectKey: 'releases/site.zip', PollForSourceChanges: false },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: ['example-wordpress-sources'] }, object: { key: ['releases/site.zip'] } },
      },
      Targets: [Match.objectLike({ Arn: Match.anyValue(), RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelineEventsRole'), 'Arn'] } })],
    });
  });

  test('least privilege: EventBridge may start exactly this pipeline', () => {
    expect(statementsOf(template, 'PipelineEventsRoleDefaultPolicy')).toEqual([{
      Action: 'codepipeline:StartPipelineExecution', Effect: 'Allow', Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }),
    }]);
  });

  test('the image is tagged with the object version', () => {
    expect(JSON.parse(action(template, 'Build', 'BuildImage').Configuration.EnvironmentVariables)[0].value).toBe('#{Source_Source_NS.VersionId}');
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('an existing CodeCommit repository', () => {
  let template: Template;
  let stack: Stack;
  beforeAll(() => {
    ({ stack, template } = withSource((st) => PipelineSource.codeCommit({
      repository: codecommit.Repository.fromRepositoryName(st, 'Repo', 'wordpress-site'),
    })));
  });

  test('the CodeCommit source action on main without polling, started by the repository\'s events, the image tagged with the commit', () => {
    expect(action(template, 'Source', 'Source')).toMatchObject({
      ActionTypeId: { Provider: 'CodeCommit' },
      Configuration: { RepositoryName: 'wordpress-site', BranchName: 'main', PollForSourceChanges: false },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'source': ['aws.codecommit'], 'detail-type': ['CodeCommit Repository State Change'] }),
    });
    expect(JSON.parse(action(template, 'Build', 'BuildImage').Configuration.EnvironmentVariables)[0].value).toBe('#{Source_Source_NS.CommitId}');
    expect(buildEnvironment(template, 'PipelineImageBuild').CONTAINER_NAME).toBe('wordpress');
  });

  test('cdk-nag: no unacknowledged finding', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('each source binds itself: no kind to switch on', () => {
  test('an ECR source hands the pipeline the repository its images come from; the code sources none, so the pipeline builds the image', () => {
    // GIVEN one source of each kind
    const stack = newStack();
    const pushed = new ecr.Repository(stack, 'R');
    const sources = [
      PipelineSource.ecr({ repository: pushed }),
      PipelineSource.github({ owner: 'o', repository: 'r', connectionArn: CONNECTION_ARN }),
      PipelineSource.s3({ bucket: new s3.Bucket(stack, 'B'), objectKey: 'a.zip' }),
      PipelineSource.codeCommit({ repository: codecommit.Repository.fromRepositoryName(stack, 'C', 'c') }),
    ];
    // WHEN each is bound
    const bindings = sources.map((source) => source._bind(stack, new codepipeline.Artifact('Source')));
    // THEN
    expect(bindings.map((b) => [b.action.actionProperties.provider, b.imageRepository, b.version !== undefined])).toEqual([
      ['ECR', pushed, false], ['CodeStarSourceConnection', undefined, true], ['S3', undefined, true], ['CodeCommit', undefined, true],
    ]);
  });
});

describe('a source missing its required parts is rejected at synth, naming the prop', () => {
  const cases: Array<[string, (stack: Stack) => PipelineSource, RegExp]> = [
    ['a GitHub owner with a slash', () => PipelineSource.github({ owner: 'example-org/site', repository: 'r', connectionArn: CONNECTION_ARN }),
      /invalid source \(github\)\.owner: "example-org\/site"\. Allowed: a GitHub user or organization name/],
    ['an empty GitHub repository', () => PipelineSource.github({ owner: 'o', repository: '', connectionArn: CONNECTION_ARN }),
      /invalid source \(github\)\.repository: ""/],
    ['a connection name instead of its ARN', () => PipelineSource.github({ owner: 'o', repository: 'r', connectionArn: 'my-github-connection' }),
      /invalid source \(github\)\.connectionArn: "my-github-connection"\. Allowed: the ARN of an AWS CodeConnections connection/],
    ['a connection host\'s ARN', () => PipelineSource.github({ owner: 'o', repository: 'r', connectionArn: 'arn:aws:codeconnections:ap-northeast-1:123456789012:host/abc' }),
      /invalid source \(github\)\.connectionArn: "arn:aws:codeconnections:ap-northeast-1:123456789012:host\/abc"\. Allowed: the ARN of an AWS CodeConnections connection/],
    ['another service\'s ARN', () => PipelineSource.github({ owner: 'o', repository: 'r', connectionArn: 'arn:aws:codestar:ap-northeast-1:123456789012:connection/abc' }),
      /invalid source \(github\)\.connectionArn: "arn:aws:codestar:.*"\. Allowed: .*"arn:aws:codestar-connections:\.\.\."/],
    ['a GitHub branch git does not allow', () => PipelineSource.github({ owner: 'o', repository: 'r', branch: 'feature..x', connectionArn: CONNECTION_ARN }),
      /invalid source \(github\)\.branch: "feature\.\.x"\. Allowed: a git branch name/],
    ['an S3 object that is not a zip archive', (stack) => PipelineSource.s3({ bucket: s3.Bucket.fromBucketName(stack, 'B', 'sources-bucket'), objectKey: 'site.tar.gz' }),
      /invalid source \(s3\)\.objectKey: "site\.tar\.gz"\. Allowed: the key of a \.zip archive/],
    ['an empty S3 object key', (stack) => PipelineSource.s3({ bucket: s3.Bucket.fromBucketName(stack, 'B', 'sources-bucket'), objectKey: '' }),
      /invalid source \(s3\)\.objectKey: ""/],
    ['an ECR tag with a colon', (stack) => PipelineSource.ecr({ repository: new ecr.Repository(stack, 'R'), tag: 'v1:latest' }),
      /invalid source \(ecr\)\.tag: "v1:latest"\. Allowed: an image tag/],
    ['an empty CodeCommit branch', (stack) => PipelineSource.codeCommit({ repository: codecommit.Repository.fromRepositoryName(stack, 'C', 'c'), branch: '' }),
      /invalid source \(codeCommit\)\.branch: ""/],
  ];
  test('unresolved tokens are not validated', () => {
    const stack = newStack();
    expect(() => pipeline(stack, nativeSite(stack), {
      source: PipelineSource.github({ owner: Token.asString({ Ref: 'Owner' }), repository: 'r', connectionArn: CONNECTION_ARN }),
    })).not.toThrow();
  });

  test.each(cases)('%s', (_name, source, message) => {
    const stack = newStack();
    const s = nativeSite(stack);
    expect(() => pipeline(stack, s, { source: source(stack) })).toThrow(message);
  });
});

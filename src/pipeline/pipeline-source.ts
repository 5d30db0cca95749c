import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PipelineSourceBinding } from './private/bindings';
import { isUnresolved, propError } from '../private/validation';

/** Options of `PipelineSource.ecr()`. */
export interface EcrSourceOptions {
  /** The repository images are pushed to. */
  readonly repository: ecr.IRepository;

  /**
   * The tag whose push starts a release. The release deploys the pushed image by its digest.
   *
   * @default 'latest'
   */
  readonly tag?: string;
}

/** Options of `PipelineSource.github()`. */
export interface GitHubSourceOptions {
  /** Owner of the repository: a GitHub user or organization, e.g. `example-org`. */
  readonly owner: string;

  /** Name of the repository, e.g. `wordpress-site`. It holds the Dockerfile. */
  readonly repository: string;

  /**
   * Branch whose pushes start a release.
   *
   * @default 'main'
   */
  readonly branch?: string;

  /**
   * ARN of an AWS CodeConnections (formerly CodeStar Connections) connection to GitHub, created and
   * authorized once in the console: `arn:aws:codeconnections:<region>:<account>:connection/<id>`.
   */
  readonly connectionArn: string;
}

/** Options of `PipelineSource.s3()`. */
export interface S3SourceOptions {
  /**
   * The bucket holding the archive. It must be versioned and send events to Amazon EventBridge
   * (`eventBridgeEnabled: true` on an `s3.Bucket`): an EventBridge rule starts the pipeline.
   */
  readonly bucket: s3.IBucket;

  /** Key of the `.zip` archive of the sources (with the Dockerfile); each new version starts a release. */
  readonly objectKey: string;
}

/** Options of `PipelineSource.codeCommit()`. */
export interface CodeCommitSourceOptions {
  /** The existing repository. It holds the Dockerfile. */
  readonly repository: codecommit.IRepository;

  /**
   * Branch whose pushes start a release.
   *
   * @default 'main'
   */
  readonly branch?: string;
}

/**
 * Where releases come from: an image pushed to Amazon ECR, or sources with a Dockerfile in GitHub, Amazon S3 or AWS CodeCommit.
 *
 * An ECR source deploys the pushed image as it is. The code sources hold a Dockerfile; the pipeline builds the image
 * with CodeBuild, tags it with the commit (or object version) and pushes it to its private repository.
 */
export abstract class PipelineSource {
  /** An image push to an Amazon ECR repository starts a release of that image. */
  public static ecr(options: EcrSourceOptions): PipelineSource {
    return new EcrSource(options);
  }

  /** A push to a GitHub branch starts a release, through an AWS CodeConnections connection. */
  public static github(options: GitHubSourceOptions): PipelineSource {
    return new GitHubSource(options);
  }

  /** A new version of a `.zip` archive in Amazon S3 starts a release. */
  public static s3(options: S3SourceOptions): PipelineSource {
    return new S3Source(options);
  }

  /** A push to a branch of an existing AWS CodeCommit repository starts a release. */
  public static codeCommit(options: CodeCommitSourceOptions): PipelineSource {
    return new CodeCommitSource(options);
  }

  /**
   * Validate the options and create the source action writing to `output`, named `Source`.
   * @internal
   */
  public abstract _bind(scope: Construct, output: codepipeline.Artifact): PipelineSourceBinding;
}

const ACTION_NAME = 'Source';

class EcrSource extends PipelineSource {
  constructor(private readonly options: EcrSourceOptions) {
    super();
  }

  public _bind(scope: Construct, output: codepipeline.Artifact): PipelineSourceBinding {
    const tag = this.options.tag ?? 'latest';
    if (!isUnresolved(tag) && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
      throw propError(scope, 'source (ecr).tag', tag, 'Allowed: an image tag of 1 to 128 letters, digits, "_", "." or "-", not starting with "." or "-".');
    }
    const repository = this.options.repository;
    return { action: new actions.EcrSourceAction({ actionName: ACTION_NAME, repository, imageTag: tag, output }), imageRepository: repository };
  }
}

class GitHubSource extends PipelineSource {
  constructor(private readonly options: GitHubSourceOptions) {
    super();
  }

  public _bind(scope: Construct, output: codepipeline.Artifact): PipelineSourceBinding {
    const o = this.options;
    const branch = o.branch ?? 'main';
    requireMatch(scope, 'source (github).owner', o.owner, /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'a GitHub user or organization name, e.g. "example-org"');
    requireMatch(scope, 'source (github).repository', o.repository, /^[A-Za-z0-9._-]{1,100}$/,
      'a repository name without the owner, e.g. "wordpress-site"');
    requireBranch(scope, 'source (github).branch', branch);
    requireMatch(scope, 'source (github).connectionArn', o.connectionArn,
      /^arn:[a-z-]+:(codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/,
      'the ARN of an AWS CodeConnections connection, "arn:aws:codeconnections:<region>:<account>:connection/<id>" (or its former '
      + 'form "arn:aws:codestar-connections:..."), e.g. "arn:aws:codeconnections:ap-northeast-1:123456789012:connection/..."');
    const action = new ConnectionSourceAction({
      actionName: ACTION_NAME, owner: o.owner, repo: o.repository, branch, connectionArn: o.connectionArn, output, triggerOnPush: true,
    });
    return { action, version: action.variables.commitId };
  }
}

class S3Source extends PipelineSource {
  constructor(private readonly options: S3SourceOptions) {
    super();
  }

  public _bind(scope: Construct, output: codepipeline.Artifact): PipelineSourceBinding {
    const o = this.options;
    requireMatch(scope, 'source (s3).objectKey', o.objectKey, /^[^/].*\.zip$/, 'the key of a .zip archive, e.g. "releases/site.zip" (no leading "/")');
    // Started by an EventBridge rule (below): S3 notifications through EventBridge need no CloudTrail trail, unlike S3Trigger.EVENTS.
    const action = new actions.S3SourceAction({
      actionName: ACTION_NAME, bucket: o.bucket, bucketKey: o.objectKey, trigger: actions.S3Trigger.NONE, output,
    });
    return {
      action,
      version: action.variables.versionId,
      afterPipeline: (pipeline) => new events.Rule(scope, 'SourceObjectCreated', {
        description: `Starts the release pipeline when a new version of s3://.../${o.objectKey} arrives`,
        eventPattern: {
          source: ['aws.s3'],
          detailType: ['Object Created'],
          detail: { bucket: { name: [o.bucket.bucketName] }, object: { key: [o.objectKey] } },
        },
        targets: [new targets.CodePipeline(pipeline)],
      }),
    };
  }
}

class CodeCommitSource extends PipelineSource {
  constructor(private readonly options: CodeCommitSourceOptions) {
    super();
  }

  public _bind(scope: Construct, output: codepipeline.Artifact): PipelineSourceBinding {
    const branch = this.options.branch ?? 'main';
    requireBranch(scope, 'source (codeCommit).branch', branch);
    const action = new actions.CodeCommitSourceAction({
      actionName: ACTION_NAME, repository: this.options.repository, branch, output, trigger: actions.CodeCommitTrigger.EVENTS,
    });
    return { action, version: action.variables.commitId };
  }
}

/**
 * aws-cdk-lib's connection source action, also allowed to use a connection whose ARN has the `codeconnections` prefix.
 *
 * aws-cdk-lib grants only `codestar-connections:UseConnection` on the connection. CodeStar Connections was renamed AWS
 * CodeConnections: connections created since July 2024 have `codeconnections` ARNs, and "when specifying a resource in the IAM
 * policy, the service prefix needs to match that of the resource" (https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html;
 * `codeconnections:UseConnection` on the `Connection` resource type:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeconnections.html). So the action's role also gets
 * `codeconnections:UseConnection` on the connection, unless its ARN has the former prefix (which aws-cdk-lib's grant matches).
 */
class ConnectionSourceAction extends actions.CodeStarConnectionsSourceAction {
  private readonly connectionArn: string;

  constructor(props: actions.CodeStarConnectionsSourceActionProps) {
    super(props);
    this.connectionArn = props.connectionArn;
  }

  protected bound(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const config = super.bound(scope, stage, options);
    if (isUnresolved(this.connectionArn) || this.connectionArn.split(':')[2] !== 'codestar-connections') {
      options.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['codeconnections:UseConnection'], resources: [this.connectionArn] }));
    }
    return config;
  }
}

function requireMatch(scope: Construct, prop: string, value: string, pattern: RegExp, allowed: string): void {
  if (isUnresolved(value)) {
    return;
  }
  if (!pattern.test(value)) {
    throw propError(scope, prop, value, `Allowed: ${allowed}.`);
  }
}

function requireBranch(scope: Construct, prop: string, branch: string): void {
  requireMatch(scope, prop, branch, /^(?!\/)(?!.*\/\/)(?!.*\.\.)[^\s~^:?*[\\]{1,255}(?<![/.])$/, 'a git branch name such as "main"');
}

import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { addLogGroup } from './build-projects';

/*
 * Recording a release: after a deploy action succeeded, the image it deployed (by digest, read from the same file the deploy
 * action read) is written into the site's `releasedImageParameter`, which the site's task definition resolves whenever
 * CloudFormation registers it. The step runs only when the deployment succeeded: the actions of a stage run in the order of
 * their runOrder and a failed action stops the stage (https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts.html),
 * and a deployment that ECS or CodeDeploy rolls back fails its deploy action. Rolling a stage back (CodePipeline V2) runs the
 * stage again with the artifacts of the execution it rolls back to (https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-rollback.html),
 * so the step then records the older image.
 */

/**
 * Commands of the record step. Environment: IMAGE_FILE (imagedefinitions.json, imagedefinitions-staging.json or
 * imageDetail.json), CONTAINER_NAME (the container of an imagedefinitions file), PARAMETER_NAME. Refuses an image that is
 * not pinned by digest: a tag could later name another image.
 */
export const RECORD_RELEASE_COMMANDS = [
  'IMAGE_URI="$(jq -er --arg name "$CONTAINER_NAME" --arg file "$IMAGE_FILE" \'if type == "array" then ([.[] | select(.name == $name)] | '
    + 'if length == 1 then .[0].imageUri else error("\\($file) has no single container named \\($name)") end) '
    + 'else .ImageURI end\' "$IMAGE_FILE")"',
  'case "$IMAGE_URI" in *@sha256:*) ;; *) echo "The released image $IMAGE_URI is not pinned by digest: not recording it." >&2; exit 1 ;; esac',
  'aws ssm put-parameter --name "$PARAMETER_NAME" --type String --value "$IMAGE_URI" --overwrite > /dev/null',
  'echo "Recorded $IMAGE_URI in $PARAMETER_NAME"',
];

/** The record step's buildspec (no artifacts). */
export function recordReleaseBuildSpec(): codebuild.BuildSpec {
  return codebuild.BuildSpec.fromObject({
    version: '0.2',
    env: { shell: 'bash' },
    phases: { build: { commands: RECORD_RELEASE_COMMANDS } },
  });
}

/**
 * The record project (`RecordRelease` and its log group `RecordReleaseLogs` under `pipeline`): no Docker, no artifacts, and
 * `ssm:PutParameter` on exactly the given parameters (the action supports the `parameter` resource type:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html).
 */
export function createRecordReleaseBuild(pipeline: Construct, encryptionKey: kms.IKey,
  parameters: ssm.IStringParameter[]): codebuild.PipelineProject {
  const project = new codebuild.PipelineProject(pipeline, 'RecordRelease', {
    description: `Records the image each deployment of ${pipeline.node.path} released, so that stack updates keep it`,
    buildSpec: recordReleaseBuildSpec(),
    environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
    encryptionKey,
    timeout: Duration.minutes(5),
    grantReportGroupPermissions: false,
  });
  addLogGroup(pipeline, 'RecordReleaseLogs', project);
  for (const parameter of parameters) {
    parameter.grantWrite(project);
  }
  return project;
}

/**
 * A site's parameter as the pipeline refers to it: by its name when the site is in another stack and the name is fixed, so
 * that the pipeline's stack imports nothing from the site's for it (a stack export in use could not change), else as it is.
 */
export function parameterFromPipeline(pipeline: Construct, parameter: ssm.IStringParameter): ssm.IStringParameter {
  const name = (parameter.node.defaultChild as ssm.CfnParameter | undefined)?.name;
  if (Stack.of(parameter) === Stack.of(pipeline) || name === undefined || Token.isUnresolved(name)) {
    return parameter;
  }
  return ssm.StringParameter.fromStringParameterName(pipeline, `Released${Names.uniqueId(parameter)}`, name);
}

/** The action recording what `file` of `input` names for `containerName` into `parameter`, after the deploy action (runOrder 2). */
export function recordReleaseAction(project: codebuild.IProject, actionName: string, input: codepipeline.Artifact, file: string,
  containerName: string, parameter: ssm.IStringParameter): codepipeline.IAction {
  return new actions.CodeBuildAction({
    actionName,
    project,
    input,
    runOrder: 2,
    environmentVariables: {
      IMAGE_FILE: { value: file },
      CONTAINER_NAME: { value: containerName },
      PARAMETER_NAME: { value: parameter.parameterName },
    },
  });
}

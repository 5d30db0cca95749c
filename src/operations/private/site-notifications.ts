import * as backup from 'aws-cdk-lib/aws-backup';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyOn } from './alarm-topic';

/** The EventBridge rules that tell the topic about failed deployments, tasks that cannot start, releases and backups. */
export interface SiteNotifications {
  readonly deploymentFailed: events.Rule;
  readonly tasksCannotStart: events.Rule;
  readonly pipelineFailed?: events.Rule;
  readonly backupFailed?: events.Rule;
}

/** Create the site's notification rules in `scope` (their construct IDs are API). */
export function siteNotifications(scope: Construct, topic: sns.ITopic, service: ecs.IBaseService,
  pipeline?: codepipeline.IPipeline, backupVault?: backup.IBackupVault): SiteNotifications {
  const field = (path: string) => events.EventField.fromPath(path);
  const deploymentFailed = notifyOn(scope, 'DeploymentFailed', topic, 'A WordPress deployment failed (ECS rolled it back)', {
    source: ['aws.ecs'],
    detailType: ['ECS Deployment State Change'],
    resources: [service.serviceArn],
    detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
  }, events.RuleTargetInput.fromText(`WordPress deployment failed on ${field('$.resources[0]')}: ${field('$.detail.reason')}`));
  const tasksCannotStart = notifyOn(scope, 'TasksCannotStart', topic,
    'WordPress tasks cannot be placed or keep failing to start (works without Container Insights)', {
      source: ['aws.ecs'],
      detailType: ['ECS Service Action'],
      resources: [service.serviceArn],
      detail: { eventType: ['WARN', 'ERROR'] },
    }, events.RuleTargetInput.fromText(`WordPress service ${field('$.resources[0]')}: ${field('$.detail.eventName')}`));
  const pipelineFailed = pipeline ? notifyOn(scope, 'PipelineFailed', topic, 'A WordPress release failed', {
    source: ['aws.codepipeline'],
    detailType: ['CodePipeline Pipeline Execution State Change'],
    resources: [pipeline.pipelineArn],
    detail: { state: ['FAILED'] },
  }, events.RuleTargetInput.fromText(`Release ${field('$.detail.execution-id')} of pipeline ${field('$.detail.pipeline')} failed.`)) : undefined;
  const backupFailed = backupVault ? notifyOn(scope, 'BackupFailed', topic, 'A WordPress backup job did not complete', {
    source: ['aws.backup'],
    detailType: ['Backup Job State Change'],
    detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'], backupVaultName: [backupVault.backupVaultName] },
  }, events.RuleTargetInput.fromText(`Backup job ${field('$.detail.backupJobId')} of ${field('$.detail.resourceArn')} `
    + `ended ${field('$.detail.state')}: ${field('$.detail.statusMessage')}`)) : undefined;
  return { deploymentFailed, tasksCannotStart, pipelineFailed, backupFailed };
}

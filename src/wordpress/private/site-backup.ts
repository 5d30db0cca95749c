import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { acknowledge } from '../../private/acknowledge';

/** The AWS Backup vault and plan of a site. */
export interface SiteBackup {
  readonly backupVault: backup.BackupVault;
  readonly backupPlan: backup.BackupPlan;
}

/** A vault (ID `BackupVault`) and a plan (`BackupPlan`) that backs up `resources` daily and keeps each point for `retention`. */
export function createSiteBackup(scope: Construct, resources: backup.BackupResource[], retention: Duration,
  removalPolicy: RemovalPolicy): SiteBackup {
  const backupVault = new backup.BackupVault(scope, 'BackupVault', { removalPolicy });
  const backupPlan = new backup.BackupPlan(scope, 'BackupPlan', { backupVault });
  backupPlan.addRule(new backup.BackupPlanRule({
    ruleName: 'Daily',
    scheduleExpression: events.Schedule.cron({ minute: '0', hour: '5' }), // 05:00 UTC, completes within 8 hours
    completionWindow: Duration.hours(8),
    startWindow: Duration.hours(1),
    deleteAfter: retention,
  }));
  const selection = backupPlan.addSelection('Selection', { resources });
  acknowledge(selection.node.findChild('Role'), 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'AWS Backup\'s own service-role policy, maintained by AWS as backup features change; a hand-written copy would '
      + 'silently break backups of EFS and RDS when AWS adds an API call.');
  return { backupVault, backupPlan };
}

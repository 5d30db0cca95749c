import { RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { WordpressCapacity } from '../capacity';
import { DatabasePeakSchedule } from '../site-contract';

/** What the site needs from the database it created. */
export interface WordpressDatabaseBinding {
  readonly cluster?: rds.DatabaseCluster;
  readonly instance?: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly hostname: string;
  readonly port: number;
  readonly databaseName: string;
  readonly connections: ec2.Connections;
  readonly backupResource: backup.BackupResource;
  /** The schedules that raise the minimum capacity before peaks, if any. */
  readonly peakSchedule?: DatabasePeakSchedule;
}

/** Where and how the site asks the database to be created. */
export interface WordpressDatabaseBindOptions {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly removalPolicy?: RemovalPolicy;
  /** The site's capacity: its monthly peaks, lead time and time zone (a database on the peak schedule follows them). */
  readonly capacity?: WordpressCapacity;
}


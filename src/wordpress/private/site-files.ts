import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ResolvedSiteProps } from './resolved-props';

/** uid/gid of `www-data` in the official (Debian based) image. */
export const WWW_DATA_ID = '33';

/** The file system holding wp-content and the access point WordPress mounts. */
export interface SiteFiles {
  readonly fileSystem: efs.FileSystem;
  readonly accessPoint: efs.AccessPoint;
}

/**
 * An encrypted EFS file system (ID `FileSystem`) that refuses unencrypted transport, with an access point (`AccessPoint`)
 * rooted at `/wp-content` (shared content) or `/wp-content/uploads` (immutable content) and owned by www-data. The uploads
 * are at `/wp-content/uploads` on the file system either way, so a site that switches keeps them where they are.
 */
export function createSiteFiles(scope: Construct, vpc: ec2.IVpc, subnets: ec2.SubnetSelection, resolved: ResolvedSiteProps): SiteFiles {
  // RetainExceptOnCreate: a failed first creation deletes what it created, later removals keep it
  // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
  const fileSystem = new efs.FileSystem(scope, 'FileSystem', {
    vpc,
    vpcSubnets: subnets,
    encrypted: true,
    performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
    throughputMode: resolved.fileSystemThroughputMode,
    lifecyclePolicy: resolved.fileSystemLifecyclePolicy,
    outOfInfrequentAccessPolicy: efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
    removalPolicy: resolved.removalPolicy,
    enableAutomaticBackups: false, // AWS Backup covers it, with the database
    // The file system policy below allows nobody, so anonymous (non-IAM) NFS clients are denied. `true` here only
    // stops CDK from adding its own statement that lets *every* IAM principal write through a mount target.
    allowAnonymousAccess: true,
    fileSystemPolicy: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'DenyUnencryptedTransport',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      })],
    }),
  });
  const accessPoint = fileSystem.addAccessPoint('AccessPoint', {
    // A changed path replaces the access point (Update requires: Replacement,
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-efs-accesspoint-rootdirectory.html);
    // a missing root directory is created with createAcl when a client first mounts it, nested paths on a new file system
    // included (AWS's deployed integ test aws-cdk framework-integ/test/aws-lambda/test/integ.lambda.filesystem.ts mounts
    // an access point at /export/lambda of a new file system).
    path: resolved.content.accessPointPath,
    createAcl: { ownerUid: WWW_DATA_ID, ownerGid: WWW_DATA_ID, permissions: '755' },
    posixUser: { uid: WWW_DATA_ID, gid: WWW_DATA_ID },
  });
  return { fileSystem, accessPoint };
}

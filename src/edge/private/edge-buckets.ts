import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { flattenReference } from './nag';
import { acknowledge } from '../../private/acknowledge';

/** The distribution's access logs bucket, created in `scope` with the ID `AccessLogs`. */
export function createAccessLogsBucket(scope: Construct, removalPolicy: RemovalPolicy): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    // CloudFront standard logs are delivered with an ACL grant to the awslogsdelivery account.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy,
  });
  acknowledge(bucket, 'AwsSolutions-S1',
    'This bucket is itself the destination of the distribution\'s (and the media bucket\'s) access logs; logging access to it '
      + 'would need another bucket for no gain.');
  return bucket;
}

/** The media bucket, read by CloudFront through Origin Access Control, created in `scope` with the ID `MediaBucket`. */
export function createMediaBucket(scope: Construct, accessLogsBucket: s3.IBucket, removalPolicy: RemovalPolicy): s3.Bucket {
  return new s3.Bucket(scope, 'MediaBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED, // readable by CloudFront through Origin Access Control without a key policy
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    serverAccessLogsBucket: accessLogsBucket,
    serverAccessLogsPrefix: 'media-bucket/',
    removalPolicy,
  });
}

/** Get, put and delete the media bucket's objects and list it: what an offload plugin does. */
export function grantMediaReadWrite(bucket: s3.IBucket, grantee: iam.IGrantable): iam.Grant {
  const objects = bucket.arnForObjects('*');
  const grant = iam.Grant.addToPrincipalOrResource({
    grantee, actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resourceArns: [objects], resource: bucket,
  }).combine(iam.Grant.addToPrincipalOrResource({
    grantee, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn], resource: bucket,
  }));
  const principal = grantee.grantPrincipal;
  const policy = principal instanceof iam.Role ? principal.node.tryFindChild('DefaultPolicy') : undefined;
  if (policy && Stack.of(policy) === Stack.of(bucket)) {
    acknowledge(policy, `AwsSolutions-IAM5[Resource::${flattenReference(Stack.of(policy).resolve(objects))}]`,
      'WordPress names media objects at upload time; the grant covers the objects of the one media bucket, with only '
        + 'GetObject, PutObject and DeleteObject.');
  }
  return grant;
}

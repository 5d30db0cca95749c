import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge, splitFindingId } from '../../src/private/acknowledge';
import { nagFindings, nagV2Findings } from '../fixtures';

function bucketWithoutAccessLogs(): { app: App; stack: Stack; bucket: s3.Bucket } {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const bucket = new s3.Bucket(stack, 'Bucket', {
    enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, encryption: s3.BucketEncryption.S3_MANAGED,
  });
  return { app, stack, bucket };
}

describe('splitFindingId', () => {
  test('a rule id stays whole; a granular finding splits at its brackets', () => {
    expect(splitFindingId('AwsSolutions-S1')).toEqual({ ruleId: 'AwsSolutions-S1' });
    expect(splitFindingId('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/X]')).toEqual({
      ruleId: 'AwsSolutions-IAM4', finding: 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/X',
    });
  });
});

describe('acknowledge', () => {
  test('GIVEN a bucket without access logs WHEN acknowledged THEN neither cdk-nag 3 nor cdk-nag 2 reports it', () => {
    const { app, bucket } = bucketWithoutAccessLogs();
    acknowledge(bucket, 'AwsSolutions-S1', 'This bucket is itself an access log destination.');
    expect(nagFindings(app)).toEqual([]);
    expect(nagV2Findings(app)).toEqual([]);
  });

  test('GIVEN no acknowledgement THEN both majors report the finding (the check can fail)', () => {
    const v3 = bucketWithoutAccessLogs();
    expect(nagFindings(v3.app).map((f) => f.rule)).toEqual(['AwsSolutions-S1']);
    const v2 = bucketWithoutAccessLogs();
    expect(nagV2Findings(v2.app)).toEqual(['/Stack/Bucket/Resource: AwsSolutions-S1']);
  });

  test('writes cdk-nag 2 suppression metadata on every L1 resource below the scope, granular findings through applies_to', () => {
    const { stack, bucket } = bucketWithoutAccessLogs();
    const role = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/X')],
    });
    acknowledge(bucket, 'AwsSolutions-S1', 'This bucket is itself an access log destination.');
    acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/X]', 'The policy AWS documents for it.');
    acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/X]', 'The policy AWS documents for it.');
    const template = Template.fromStack(stack);
    // The bucket and its policy (a child of the bucket) both carry the suppression.
    template.hasResource('AWS::S3::Bucket', {
      Metadata: { cdk_nag: { rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: 'This bucket is itself an access log destination.' }] } },
    });
    template.hasResource('AWS::S3::BucketPolicy', {
      Metadata: { cdk_nag: { rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: 'This bucket is itself an access log destination.' }] } },
    });
    // Acknowledging the same finding twice records it once.
    template.hasResource('AWS::IAM::Role', {
      Metadata: {
        cdk_nag: {
          rules_to_suppress: [{
            id: 'AwsSolutions-IAM4',
            reason: 'The policy AWS documents for it.',
            applies_to: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/X'],
          }],
        },
      },
    });
  });

  test('refuses a reason cdk-nag 2 would reject', () => {
    const { bucket } = bucketWithoutAccessLogs();
    expect(() => acknowledge(bucket, 'AwsSolutions-S1', 'because')).toThrow(/Stack\/Bucket: the acknowledgement of AwsSolutions-S1 needs a specific reason/);
  });
});

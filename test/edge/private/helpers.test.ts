import { App, Fn, ReferenceStrength, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { arnRegion, weakReference } from '../../../src/edge/private/cross-region';
import { flattenReference } from '../../../src/edge/private/nag';

describe('flattenReference writes CloudFormation values as cdk-nag names findings', () => {
  test.each([
    [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket1234', 'Arn'] }, '/*']] }, '<Bucket1234.Arn>/*'],
    [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::media/*']] }, 'arn:<AWS::Partition>:s3:::media/*'],
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x' }, 'arn:<AWS::Partition>:s3:::x'],
    ['plain', 'plain'],
    [undefined, ''],
    [{ 'Fn::Select': [0, ['a']] }, '{"Fn::Select":[0,["a"]]}'],
  ])('%j -> %s', (value, expected) => {
    expect(flattenReference(value)).toBe(expected);
  });
});

describe('cross-region helpers', () => {
  function stacks(context?: { [key: string]: string }) {
    const app = new App({ context });
    const producer = new Stack(app, 'Producer', { env: { account: '123456789012', region: 'us-east-1' } });
    const consumer = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'ap-northeast-1' } });
    return { producer, consumer, bucket: new s3.Bucket(producer, 'Bucket') };
  }

  test('a resource attribute becomes a weak reference; literals and composite tokens stay as they are', () => {
    const { consumer, bucket } = stacks();
    const attribute = (bucket.node.defaultChild as s3.CfnBucket).attrArn;
    expect(weakReference(consumer, attribute)).not.toBe(attribute);
    expect(weakReference(consumer, 'arn:aws:s3:::literal')).toBe('arn:aws:s3:::literal');
    const joined = Fn.join('', [attribute, '/x']);
    expect(weakReference(consumer, joined)).toBe(joined);
  });

  test('an app that chose a reference strength is left alone', () => {
    const { consumer, bucket } = stacks({ '@aws-cdk/core:defaultCrossStackReferences': ReferenceStrength.STRONG });
    const attribute = (bucket.node.defaultChild as s3.CfnBucket).attrArn;
    expect(weakReference(consumer, attribute)).toBe(attribute);
  });

  test('arnRegion reads a known ARN\'s region only', () => {
    const { consumer, bucket } = stacks();
    expect(arnRegion(consumer, 'arn:aws:acm:eu-west-1:123456789012:certificate/abc')).toBe('eu-west-1');
    expect(arnRegion(consumer, bucket.bucketArn)).toBeUndefined();
    expect(arnRegion(consumer, 'arn:aws:s3:::bucket')).toBeUndefined();
  });
});

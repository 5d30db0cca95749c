import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { nagFindings, newStack } from '../fixtures';
import { WordpressEdgeOperations } from 'cdk-fargate-wordpress';

describe('WordpressEdgeOperations', () => {
  test('in us-east-1: a CloudFront 5xx alarm and a WAF blocked-requests alarm to an encrypted topic', () => {
    const stack = newStack('Edge', 'us-east-1');
    const distribution = cloudfront.Distribution.fromDistributionAttributes(stack, 'D', { distributionId: 'E123', domainName: 'd.cloudfront.net' });
    const ops = new WordpressEdgeOperations(stack, 'EdgeOperations', { distribution, webAclName: 'wordpress', alarmEmails: ['ops@example.com'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Statistic: 'Average',
      Period: 300,
      Threshold: 5,
      EvaluationPeriods: 2,
      Dimensions: [{ Name: 'DistributionId', Value: 'E123' }, { Name: 'Region', Value: 'Global' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1000,
      Dimensions: [{ Name: 'Rule', Value: 'ALL' }, { Name: 'WebACL', Value: 'wordpress' }],
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect([ops.cloudFront5xxRateAlarm, ops.wafBlockedRequestsAlarm].map((a) => a?.node.id)).toEqual(['CloudFront5xxRate', 'WafBlockedRequests']);
    expect(ops.alarms).toEqual([ops.cloudFront5xxRateAlarm, ops.wafBlockedRequestsAlarm]);
    expect(nagFindings(stack)).toEqual([]);
  });

  test('thresholds override the defaults; WAF only', () => {
    const stack = newStack('Edge', 'us-east-1');
    const ops = new WordpressEdgeOperations(stack, 'EdgeOperations', {
      webAclName: 'wordpress', thresholds: { wafBlockedRequestsPer5Minutes: 50, cloudFront5xxRatePercent: 1 },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'BlockedRequests', Threshold: 50 });
    expect(ops.cloudFront5xxRateAlarm).toBeUndefined();
    expect(ops.alarms).toEqual([ops.wafBlockedRequestsAlarm]);
  });

  test('refuses a stack in another region: alarms only watch their own region', () => {
    expect(() => new WordpressEdgeOperations(newStack('Site', 'ap-northeast-1'), 'EdgeOperations', { webAclName: 'w' }))
      .toThrow(/must be created in a us-east-1 stack .* this stack is in ap-northeast-1/);
  });

  test('refuses nothing to alarm on, and bad thresholds', () => {
    expect(() => new WordpressEdgeOperations(newStack('Edge', 'us-east-1'), 'E')).toThrow(/give distribution, webAclName or both/);
    expect(() => new WordpressEdgeOperations(newStack('Edge', 'us-east-1'), 'E', { webAclName: 'w', thresholds: { wafBlockedRequestsPer5Minutes: 0 } }))
      .toThrow(/invalid thresholds\.wafBlockedRequestsPer5Minutes: 0/);
  });
});

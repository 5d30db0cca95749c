import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { CLOUDFRONT_REGION } from '../../private/regions';
import { ValidationError } from '../../private/validation';

/** A CloudFront metric: CloudFront publishes in us-east-1 with the Region=Global dimension. */
export function cloudFrontMetric(distribution: cloudfront.IDistribution, metricName: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/CloudFront',
    metricName,
    dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' },
    region: CLOUDFRONT_REGION,
    period: Duration.minutes(5),
    statistic,
  });
}

/** A WAF metric of a CLOUDFRONT-scope web ACL (published in us-east-1). */
export function wafMetric(webAclName: string, metricName: string, rule: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/WAFV2',
    metricName,
    dimensionsMap: { WebACL: webAclName, Rule: rule },
    region: CLOUDFRONT_REGION,
    period: Duration.minutes(5),
    statistic: 'Sum',
  });
}

/** Throws unless the construct's stack is (or may be) in us-east-1. */
export function requireUsEast1(scope: Construct, what: string): void {
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && region !== CLOUDFRONT_REGION) {
    throw new ValidationError(scope, `${what} must be created in a us-east-1 stack (CloudFront and CLOUDFRONT-scope WAF `
      + `publish their metrics there, and an alarm only watches metrics of its own region); this stack is in ${region}.`);
  }
}

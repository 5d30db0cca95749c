import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarm, alarmTopic } from './private/alarm-topic';
import { cloudFrontMetric, requireUsEast1, wafMetric } from './private/edge-metrics';
import { checkInteger, checkRange, ValidationError } from '../private/validation';

/** Alarm thresholds of the edge (CloudFront and its web ACL). */
export interface WordpressEdgeAlarmThresholds {
  /**
   * CloudFront's 5xx error rate, in percent, for two five-minute periods.
   *
   * @default 5
   */
  readonly cloudFront5xxRatePercent?: number;

  /**
   * Requests the web ACL blocks in five minutes above which something unusual is going on (an
   * attack, or a rule blocking real visitors).
   *
   * @default 1000
   */
  readonly wafBlockedRequestsPer5Minutes?: number;
}

/** Properties of `WordpressEdgeOperations`. */
export interface WordpressEdgeOperationsProps {
  /**
   * The CloudFront distribution of the site.
   *
   * @default - no CloudFront alarm
   */
  readonly distribution?: cloudfront.IDistribution;

  /**
   * Name of the CLOUDFRONT-scope web ACL.
   *
   * @default - no WAF alarm
   */
  readonly webAclName?: string;

  /**
   * E-mail addresses subscribed to this region's alarm topic.
   *
   * @default - no subscription
   */
  readonly alarmEmails?: string[];

  /**
   * The topic the alarms notify (it must be in us-east-1, like the alarms).
   *
   * @default - a new topic encrypted with a customer managed KMS key
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Alarm thresholds.
   *
   * @default - see `WordpressEdgeAlarmThresholds`
   */
  readonly thresholds?: WordpressEdgeAlarmThresholds;
}

/**
 * Alarms on a site's CloudFront distribution and web ACL, in us-east-1 where both publish their metrics.
 *
 * Creates an SNS topic (KMS-encrypted, SSL only) with e-mail subscriptions, an alarm on CloudFront's
 * 5xx error rate and an alarm on a spike of requests blocked by the web ACL. Fails at synth when its
 * stack is in another region (an alarm only watches metrics of its own region).
 */
export class WordpressEdgeOperations extends Construct {
  /** The topic the edge alarms notify. */
  public readonly alarmTopic: sns.ITopic;

  /**
   * CloudFront's 5xx error rate (`thresholds.cloudFront5xxRatePercent`).
   *
   * @default - none without a distribution
   */
  public readonly cloudFront5xxRateAlarm?: cloudwatch.Alarm;

  /**
   * Requests blocked by the web ACL (`thresholds.wafBlockedRequestsPer5Minutes`).
   *
   * @default - none without a web ACL name
   */
  public readonly wafBlockedRequestsAlarm?: cloudwatch.Alarm;

  /** Every alarm above (for a composite alarm or a dashboard). */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: WordpressEdgeOperationsProps = {}) {
    super(scope, id);
    requireUsEast1(this, 'WordpressEdgeOperations');
    const t = props.thresholds ?? {};
    checkRange(this, 'thresholds.cloudFront5xxRatePercent', t.cloudFront5xxRatePercent, 0.1, 100);
    checkInteger(this, 'thresholds.wafBlockedRequestsPer5Minutes', t.wafBlockedRequestsPer5Minutes, 1, 1_000_000_000);
    if (!props.distribution && !props.webAclName) {
      throw new ValidationError(this, 'give distribution, webAclName or both: there is nothing to alarm on.');
    }
    this.alarmTopic = alarmTopic(this, props.alarmTopic, props.alarmEmails ?? []);
    if (props.distribution) {
      this.cloudFront5xxRateAlarm = alarm(this, 'CloudFront5xxRate', this.alarmTopic, {
        alarmDescription: 'CloudFront answers viewers with 5xx errors: the origin (load balancer, WordPress) is failing or unreachable.',
        metric: cloudFrontMetric(props.distribution, '5xxErrorRate', 'Average'),
        threshold: t.cloudFront5xxRatePercent ?? 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
      });
    }
    if (props.webAclName) {
      this.wafBlockedRequestsAlarm = alarm(this, 'WafBlockedRequests', this.alarmTopic, {
        alarmDescription: 'The web ACL blocks many more requests than usual: an attack, or a rule blocking real visitors.',
        metric: wafMetric(props.webAclName, 'BlockedRequests', 'ALL'),
        threshold: t.wafBlockedRequestsPer5Minutes ?? 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
      });
    }
    this.alarms = [this.cloudFront5xxRateAlarm, this.wafBlockedRequestsAlarm].filter((a): a is cloudwatch.Alarm => a !== undefined);
  }
}

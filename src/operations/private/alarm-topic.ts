import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { propError } from '../../private/validation';

/**
 * The topic alarms and events notify: encrypted with a customer managed key (CloudWatch and
 * EventBridge cannot publish to a topic under the AWS managed SNS key), SSL enforced, with one e-mail
 * subscription per address.
 */
export function alarmTopic(scope: Construct, given: sns.ITopic | undefined, emails: string[]): sns.ITopic {
  emails.forEach((email, i) => {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      throw propError(scope, `alarmEmails[${i}]`, email, 'Allowed: an e-mail address such as "ops@example.com".');
    }
  });
  let topic = given;
  if (!topic) {
    const key = new kms.Key(scope, 'AlarmTopicKey', {
      description: 'Encrypts the WordPress operations alarm topic',
      enableKeyRotation: true,
    });
    const created = new sns.Topic(scope, 'AlarmTopic', {
      displayName: 'WordPress alarms',
      masterKey: key,
      enforceSSL: true,
    });
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com']) {
      const principal = new iam.ServicePrincipal(service);
      key.grant(principal, 'kms:Decrypt', 'kms:GenerateDataKey*');
      created.addToResourcePolicy(new iam.PolicyStatement({
        sid: `${service.split('.')[0]}Publish`,
        actions: ['sns:Publish'],
        principals: [principal],
        resources: [created.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
      }));
    }
    topic = created;
  }
  for (const email of emails) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  return topic;
}

/** Common settings of every alarm: notify on ALARM and on OK, missing data is not an incident. */
export function alarm(scope: Construct, id: string, topic: sns.ITopic, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
  const created = new cloudwatch.Alarm(scope, id, {
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    ...props,
  });
  const action = new cwActions.SnsAction(topic);
  created.addAlarmAction(action);
  created.addOkAction(action);
  return created;
}

/** An EventBridge rule that forwards matching events to the topic with a readable message. */
export function notifyOn(scope: Construct, id: string, topic: sns.ITopic, description: string, pattern: events.EventPattern,
  message: events.RuleTargetInput): events.Rule {
  return new events.Rule(scope, id, {
    description,
    eventPattern: pattern,
    targets: [new targets.SnsTopic(topic, { message })],
  });
}

import { App } from 'aws-cdk-lib';
import { modifyClusterFindings, scheduledCalls } from './scheduled-calls';
import { TemplateModel } from './template-model';
import { buildComposedApp } from '../../examples/composed/app';
import { buildExistingVpcApp } from '../../examples/existing-vpc/app';
import { buildMinimalApp } from '../../examples/minimal/app';
import { buildPipelineApp } from '../../examples/pipeline/app';
import { buildReferenceApp } from '../../examples/reference/app';

const ENV = { account: '123456789012', region: 'ap-northeast-1' };
const CLUSTER_ARN = (ref: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:ap-northeast-1:123456789012:cluster:', { Ref: ref }]] });

/** A tiny template: a cluster `db-one` (and `db-two`), a role, a queue and one schedule calling modifyDBCluster on `target`. */
function template(target: string, policyResources: any[], trust = 'scheduler.amazonaws.com', dependsOnCluster = true): TemplateModel {
  return TemplateModel.fromTemplates({
    S: {
      Resources: {
        One: { Type: 'AWS::RDS::DBCluster', Properties: { DBClusterIdentifier: 'db-one' } },
        Two: { Type: 'AWS::RDS::DBCluster', Properties: { DBClusterIdentifier: 'db-two' } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: trust } }] } } },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'Role' }],
            PolicyDocument: {
              Statement: [
                { Effect: 'Allow', Action: 'rds:ModifyDBCluster', Resource: policyResources },
                { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
              ],
            },
          },
        },
        Schedule: {
          Type: 'AWS::Scheduler::Schedule',
          DependsOn: dependsOnCluster ? ['One'] : [],
          Properties: {
            ScheduleExpression: 'cron(0 23 4 * ? *)',
            Target: {
              Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:rds:modifyDBCluster']] },
              RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
              DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] } },
              Input: JSON.stringify({ DbClusterIdentifier: target, ServerlessV2ScalingConfiguration: { MinCapacity: 2, MaxCapacity: 4 } }),
            },
          },
        },
      },
    },
  }, ENV);
}

function findings(model: TemplateModel): string[] {
  return scheduledCalls(model).flatMap((c) => modifyClusterFindings(model, c));
}

describe('scheduled rds:modifyDBCluster calls, on tiny templates', () => {
  test('GIVEN a role that may modify exactly the named cluster THEN no finding', () => {
    const model = template('db-one', [CLUSTER_ARN('One')]);
    expect(scheduledCalls(model).map((c) => c.call)).toEqual(['rds:modifyDBCluster']);
    expect(findings(model)).toEqual([]);
  });

  test('GIVEN the role may modify another cluster THEN the check says which', () => {
    expect(findings(template('db-one', [CLUSTER_ARN('Two')]))).toEqual([
      'S/Role may not call rds:ModifyDBCluster on arn:aws:rds:ap-northeast-1:123456789012:cluster:db-one (it may on: arn:aws:rds:ap-northeast-1:123456789012:cluster:db-two)',
      'S/Role may call rds:ModifyDBCluster on more than the cluster its schedules name: arn:aws:rds:ap-northeast-1:123456789012:cluster:db-two',
    ]);
  });

  test('GIVEN a wildcard, an unknown cluster, a role Scheduler cannot assume, no order THEN each is a finding', () => {
    expect(findings(template('db-one', ['*']))).toContainEqual('S/Role may call rds:ModifyDBCluster on more than the cluster its schedules name: *');
    expect(findings(template('db-three', [CLUSTER_ARN('One')]))).toEqual([
      'S/Schedule: its input names cluster "db-three", which no AWS::RDS::DBCluster of the app is',
    ]);
    expect(findings(template('db-one', [CLUSTER_ARN('One')], 'events.amazonaws.com'))).toEqual(['S/Role does not trust scheduler.amazonaws.com']);
    expect(findings(template('db-one', [CLUSTER_ARN('One')], 'scheduler.amazonaws.com', false)))
      .toEqual(['S/Schedule is not created after S/One, the cluster it modifies']);
  });
});

describe.each([
  ['minimal', () => buildMinimalApp(new App()), 0],
  ['existing-vpc', () => buildExistingVpcApp(new App()).app, 0],
  ['composed', () => buildComposedApp(new App()), 0],
  ['pipeline', () => buildPipelineApp(new App()), 0],
  // Production's database: a raise and a restore for each of its two peaks.
  ['reference', () => buildReferenceApp(new App()).app, 4],
])('the %s example', (_, build, expected) => {
  test('each scheduled modifyDBCluster may modify exactly the cluster its input names, and only that one', () => {
    const model = TemplateModel.fromAssembly(build().synth());
    const calls = scheduledCalls(model).filter((c) => c.call === 'rds:modifyDBCluster');
    expect(calls).toHaveLength(expected);
    expect(calls.flatMap((c) => modifyClusterFindings(model, c))).toEqual([]);
  });
});

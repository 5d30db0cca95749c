import { scheduledTasks } from './scheduled-tasks';
import { TemplateModel } from './template-model';

const FAMILY_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:us-east-1:123456789012:task-definition/web']] };

/** A service, its task definition and a schedule running the family; `change` edits the schedule's parts. */
function template(change: (parts: { ecs: any; statements: any[] }) => void = () => undefined): any {
  const ecs: any = {
    TaskDefinitionArn: FAMILY_ARN,
    NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'SubnetB' }, { Ref: 'SubnetA' }], SecurityGroups: [{ 'Fn::GetAtt': ['TaskGroup', 'GroupId'] }] } },
  };
  const statements: any[] = [
    { Effect: 'Allow', Action: 'ecs:RunTask', Resource: [FAMILY_ARN, { 'Fn::Join': ['', [FAMILY_ARN, ':*']] }] },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: [{ 'Fn::GetAtt': ['TaskRole', 'Arn'] }, { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] }] },
  ];
  change({ ecs, statements });
  return {
    Resources: {
      Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
      SubnetA: { Type: 'AWS::EC2::Subnet', Properties: {} },
      SubnetB: { Type: 'AWS::EC2::Subnet', Properties: {} },
      TaskGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      OtherGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      TaskRole: { Type: 'AWS::IAM::Role', Properties: {} },
      ExecutionRole: { Type: 'AWS::IAM::Role', Properties: {} },
      CronRole: { Type: 'AWS::IAM::Role', Properties: {} },
      TaskDefinition: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: { Family: 'web', TaskRoleArn: { 'Fn::GetAtt': ['TaskRole', 'Arn'] }, ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] } },
      },
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: {
          Cluster: { Ref: 'Cluster' },
          TaskDefinition: { Ref: 'TaskDefinition' },
          NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }], SecurityGroups: [{ 'Fn::GetAtt': ['TaskGroup', 'GroupId'] }] } },
        },
      },
      CronPolicy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'CronRole' }], PolicyDocument: { Statement: statements } } },
      Schedule: {
        Type: 'AWS::Scheduler::Schedule',
        Properties: { Target: { Arn: { 'Fn::GetAtt': ['Cluster', 'Arn'] }, RoleArn: { 'Fn::GetAtt': ['CronRole', 'Arn'] }, EcsParameters: ecs } },
      },
    },
  };
}

function findings(t: any): string[] {
  return scheduledTasks(TemplateModel.fromTemplates({ Site: t })).flatMap((s) => s.findings);
}

describe('scheduled ECS tasks, checked against the service of their family', () => {
  test('the service\'s family, cluster, subnets (in any order) and security groups, with RunTask and PassRole: no finding', () => {
    const tasks = scheduledTasks(TemplateModel.fromTemplates({ Site: template() }));
    expect(tasks.map((t) => [t.schedule.key, t.site?.service.key, t.findings])).toEqual([['Site/Schedule', 'Site/Service', []]]);
  });

  test('another security group: the task would not reach what the service reaches', () => {
    expect(findings(template(({ ecs }) => {
      ecs.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups = [{ 'Fn::GetAtt': ['OtherGroup', 'GroupId'] }];
    }))).toEqual(['security groups: Site/OtherGroup, but the service\'s are Site/TaskGroup']);
  });

  test('fewer subnets', () => {
    expect(findings(template(({ ecs }) => {
      ecs.NetworkConfiguration.AwsvpcConfiguration.Subnets = [{ Ref: 'SubnetA' }];
    }))).toEqual(['subnets: Site/SubnetA, but the service\'s are Site/SubnetA, Site/SubnetB']);
  });

  test('a family no service runs', () => {
    expect(findings(template(({ ecs }) => {
      ecs.TaskDefinitionArn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/other:3';
    }))).toEqual(['runs arn:aws:ecs:us-east-1:123456789012:task-definition/other:3, the family of no service']);
  });

  test('a role that may run only one revision, and pass only the task role', () => {
    expect(findings(template(({ statements }) => {
      statements[0].Resource = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
      statements[1].Resource = { 'Fn::GetAtt': ['TaskRole', 'Arn'] };
    }))).toEqual([
      'its role Site/CronRole may not ecs:RunTask arn:aws:ecs:us-east-1:123456789012:task-definition/web '
        + '(it may: arn:aws:ecs:us-east-1:123456789012:task-definition/web:1)',
      'its role Site/CronRole may not iam:PassRole the ExecutionRoleArn Site/ExecutionRole',
    ]);
  });
});

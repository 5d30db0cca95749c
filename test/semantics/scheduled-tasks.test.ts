import { parseJsonInput } from './json-input';
import { scheduledTasks } from './scheduled-tasks';
import { TemplateModel } from './template-model';

const FAMILY_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:us-east-1:123456789012:task-definition/web']] };

/** An object with intrinsics written as a JSON string with tokens, as `ScheduleTargetInput.fromObject` writes it. */
function jsonWithTokens(value: any): any {
  const tokens: any[] = [];
  const text = JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'))
    ? `@@${tokens.push(v) - 1}@@` : v));
  return { 'Fn::Join': ['', text.split(/@@(\d+)@@/).map((p, i) => (i % 2 === 1 ? tokens[Number(p)] : p))] };
}

/**
 * A service, its task definition and a schedule running the family: by default a universal target calling
 * `ecs:runTask` with the family (`universal.input` is the RunTask request); with `templated`, the templated ECS target
 * (`ecs` is its EcsParameters). `change` edits the parts.
 */
function template(change: (parts: { ecs: any; input: any; statements: any[] }) => void = () => undefined, templated = false): any {
  const network = { AwsvpcConfiguration: { Subnets: [{ Ref: 'SubnetB' }, { Ref: 'SubnetA' }], SecurityGroups: [{ 'Fn::GetAtt': ['TaskGroup', 'GroupId'] }] } };
  const ecs: any = { TaskDefinitionArn: FAMILY_ARN, NetworkConfiguration: network };
  const input: any = {
    Cluster: { 'Fn::GetAtt': ['Cluster', 'Arn'] },
    TaskDefinition: 'web',
    NetworkConfiguration: { AwsvpcConfiguration: { ...network.AwsvpcConfiguration, AssignPublicIp: 'DISABLED' } },
    Overrides: { ContainerOverrides: [{ Name: 'wordpress', Command: ['php', 'wp-cron.php'] }] },
  };
  const statements: any[] = [
    { Effect: 'Allow', Action: 'ecs:RunTask', Resource: [FAMILY_ARN, { 'Fn::Join': ['', [FAMILY_ARN, ':*']] }] },
    { Effect: 'Allow', Action: 'iam:PassRole', Resource: [{ 'Fn::GetAtt': ['TaskRole', 'Arn'] }, { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] }] },
  ];
  change({ ecs, input, statements });
  const target = templated
    ? { Arn: { 'Fn::GetAtt': ['Cluster', 'Arn'] }, RoleArn: { 'Fn::GetAtt': ['CronRole', 'Arn'] }, EcsParameters: ecs }
    : {
      Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:::aws-sdk:ecs:runTask']] },
      RoleArn: { 'Fn::GetAtt': ['CronRole', 'Arn'] },
      Input: jsonWithTokens(input),
    };
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
        Properties: { Target: target },
      },
    },
  };
}

function findings(t: any): string[] {
  return scheduledTasks(TemplateModel.fromTemplates({ Site: t })).flatMap((s) => s.findings);
}

describe('a universal target calling ecs:runTask, checked against the service of its family', () => {
  test('the input is read back with its tokens in place', () => {
    const input = parseJsonInput(template().Resources.Schedule.Properties.Target.Input);
    expect(input).toMatchObject({ Cluster: { 'Fn::GetAtt': ['Cluster', 'Arn'] }, TaskDefinition: 'web' });
    expect(input.NetworkConfiguration.AwsvpcConfiguration.Subnets).toEqual([{ Ref: 'SubnetB' }, { Ref: 'SubnetA' }]);
    expect(parseJsonInput({ 'Fn::Join': ['', ['{"A":"arn:', { Ref: 'X' }, ':b"}']] })).toEqual({ A: { 'Fn::Join': ['', ['arn:', { Ref: 'X' }, ':b']] } });
  });

  test('the service\'s family, cluster, subnets (in any order) and security groups, with RunTask on family:* and PassRole: no finding', () => {
    const tasks = scheduledTasks(TemplateModel.fromTemplates({ Site: template() }));
    expect(tasks.map((t) => [t.schedule.key, t.site?.service.key, t.findings])).toEqual([['Site/Schedule', 'Site/Service', []]]);
  });

  test('another cluster, another security group, fewer subnets: each is a finding', () => {
    expect(findings(template(({ input }) => {
      input.Cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/other';
      input.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups = [{ 'Fn::GetAtt': ['OtherGroup', 'GroupId'] }];
      input.NetworkConfiguration.AwsvpcConfiguration.Subnets = [{ Ref: 'SubnetA' }];
    }))).toEqual([
      'cluster: other, but the service\'s are Site/Cluster',
      'subnets: Site/SubnetA, but the service\'s are Site/SubnetA, Site/SubnetB',
      'security groups: Site/OtherGroup, but the service\'s are Site/TaskGroup',
    ]);
  });

  test('a family no service runs, by name or by ARN with a revision', () => {
    expect(findings(template(({ input }) => {
      input.TaskDefinition = 'other';
    }))).toEqual(['runs other, the family of no service']);
    expect(scheduledTasks(TemplateModel.fromTemplates({
      Site: template(({ input }) => {
        input.TaskDefinition = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7';
      }),
    })).map((t) => t.site?.service.key)).toEqual(['Site/Service']);
  });

  test('a role that may run the family without a revision only: RunTask needs all revisions (family:*)', () => {
    expect(findings(template(({ statements }) => {
      statements[0].Resource = FAMILY_ARN;
    }))).toEqual([
      'its role Site/CronRole may not ecs:RunTask every revision of the family web (it may: arn:aws:ecs:us-east-1:123456789012:task-definition/web)',
    ]);
  });

  test('a universal target of another API is no scheduled task', () => {
    const t = template();
    t.Resources.Schedule.Properties.Target.Arn = 'arn:aws:scheduler:::aws-sdk:rds:modifyDBCluster';
    expect(scheduledTasks(TemplateModel.fromTemplates({ Site: t }))).toEqual([]);
  });
});

describe('the templated ECS target (EcsParameters), checked against the service of its family', () => {
  const templatedFindings = (change: (parts: { ecs: any; statements: any[] }) => void) => findings(template(change, true));

  test('the service\'s family, cluster, subnets and security groups, with RunTask and PassRole: no finding', () => {
    expect(templatedFindings(() => undefined)).toEqual([]);
  });
  test('another security group: the task would not reach what the service reaches', () => {
    expect(templatedFindings(({ ecs }) => {
      ecs.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups = [{ 'Fn::GetAtt': ['OtherGroup', 'GroupId'] }];
    })).toEqual(['security groups: Site/OtherGroup, but the service\'s are Site/TaskGroup']);
  });

  test('fewer subnets', () => {
    expect(templatedFindings(({ ecs }) => {
      ecs.NetworkConfiguration.AwsvpcConfiguration.Subnets = [{ Ref: 'SubnetA' }];
    })).toEqual(['subnets: Site/SubnetA, but the service\'s are Site/SubnetA, Site/SubnetB']);
  });

  test('a family no service runs', () => {
    expect(templatedFindings(({ ecs }) => {
      ecs.TaskDefinitionArn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/other:3';
    })).toEqual(['runs arn:aws:ecs:us-east-1:123456789012:task-definition/other:3, the family of no service']);
  });

  test('a task definition of its own that no service runs (the peak rehearsal\'s): no finding; one that does not exist: a finding', () => {
    const own = template(({ ecs }) => { ecs.TaskDefinitionArn = { Ref: 'LoadGenerator' }; }, true);
    own.Resources.LoadGenerator = { Type: 'AWS::ECS::TaskDefinition', Properties: {} };
    expect(findings(own)).toEqual([]);
    expect(templatedFindings(({ ecs }) => { ecs.TaskDefinitionArn = { Ref: 'Missing' }; })).toEqual([expect.stringMatching(/the family of no service$/)]);
  });

  test('a role that may run only one revision, and pass only the task role', () => {
    expect(templatedFindings(({ statements }) => {
      statements[0].Resource = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
      statements[1].Resource = { 'Fn::GetAtt': ['TaskRole', 'Arn'] };
    })).toEqual([
      'its role Site/CronRole may not ecs:RunTask arn:aws:ecs:us-east-1:123456789012:task-definition/web '
        + '(it may: arn:aws:ecs:us-east-1:123456789012:task-definition/web:1)',
      'its role Site/CronRole may not iam:PassRole the ExecutionRoleArn Site/ExecutionRole',
    ]);
  });
});

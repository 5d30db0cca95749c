/**
 * The semantics helper itself, on tiny hand-written templates: each check is known to see an open path,
 * a closed one, a prefix list, a group-to-group rule, a cross-stack value, a missing grant and a missing
 * dependency before it is trusted on the examples.
 */
import { containerFindings } from './containers';
import { imageUses, pullVerdict } from './image-pull';
import { missingPrerequisites, retainedWithFixedNames } from './lifecycle';
import { cidrContains, NetworkModel } from './network';
import { releasedImageRecords } from './released-image';
import { scheduleProblems } from './schedules';
import { TemplateModel } from './template-model';

const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };
const group = (props: object = {}) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: { Ref: 'Vpc' }, ...props } });
const groupId = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });
const tcp = (port: number, peer: object, description?: string) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...peer, Description: description });

/** GIVEN a load balancer in group Lb, a database cluster in group Db, an instance of it in group App. */
function network(resources: { [id: string]: any }): NetworkModel {
  return new NetworkModel(TemplateModel.fromTemplates({
    Site: {
      Resources: {
        Vpc: vpc,
        Lb: group(),
        App: group(),
        Db: group(),
        LoadBalancer: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: [groupId('Lb')] } },
        Instance: { Type: 'AWS::EC2::Instance', Properties: { SecurityGroupIds: [{ Ref: 'App' }] } },
        Database: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', VpcSecurityGroupIds: [groupId('Db')] } },
        ...resources,
      },
    },
  }));
}

describe('network: reachability from security-group rules', () => {
  test('an open path: a CIDR rule admits addresses inside it, on its port only', () => {
    const net = network({ Lb: group({ SecurityGroupIngress: [tcp(80, { CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } })] }) });
    const lb = net.model.resource('Site', 'LoadBalancer')!;
    expect(net.path({ kind: 'cidr', cidr: '10.0.3.0/24' }, lb, 80).open).toBe(true);
    expect(net.path({ kind: 'cidr', cidr: '10.0.3.0/24' }, lb, 443).open).toBe(false);
    expect(net.path({ kind: 'cidr', cidr: '0.0.0.0/0' }, lb, 80).open).toBe(false);
    // A resource in the VPC is inside the VPC's range.
    expect(net.path({ kind: 'resource', resource: net.model.resource('Site', 'Instance')! }, lb, 80).open).toBe(true);
  });

  test('a closed path says which rules there are', () => {
    const net = network({ Lb: group({ SecurityGroupIngress: [tcp(80, { CidrIp: '10.0.0.0/16' }, 'from the VPC')] }) });
    const verdict = net.path({ kind: 'prefixList', id: 'pl-cloudfront' }, net.model.resource('Site', 'LoadBalancer')!, 80);
    expect(verdict.open).toBe(false);
    expect(verdict.reason).toContain('its ingress rules: tcp 80 from 10.0.0.0/16 (from the VPC)');
  });

  test('a prefix list rule admits exactly that prefix list', () => {
    const net = network({ Lb: group({ SecurityGroupIngress: [tcp(80, { SourcePrefixListId: 'pl-cloudfront' })] }) });
    const lb = net.model.resource('Site', 'LoadBalancer')!;
    expect(net.path({ kind: 'prefixList', id: 'pl-cloudfront' }, lb, 80).open).toBe(true);
    expect(net.path({ kind: 'prefixList', id: 'pl-other' }, lb, 80).open).toBe(false);
    expect(net.path({ kind: 'cidr', cidr: '0.0.0.0/0' }, lb, 80).open).toBe(false);
    expect(net.inboundRules(lb).map((r) => r.peer)).toEqual([{ kind: 'prefixList', id: 'pl-cloudfront' }]);
  });

  test('group to group through an AWS::EC2::SecurityGroupIngress resource, on the database port (Endpoint.Port resolved)', () => {
    const net = network({
      DbFromApp: {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: groupId('Db'),
          SourceSecurityGroupId: groupId('App'),
          IpProtocol: 'tcp',
          FromPort: { 'Fn::GetAtt': ['Database', 'Endpoint.Port'] },
          ToPort: { 'Fn::GetAtt': ['Database', 'Endpoint.Port'] },
        },
      },
    });
    const db = net.model.resource('Site', 'Database')!;
    expect(net.path({ kind: 'resource', resource: net.model.resource('Site', 'Instance')! }, db, 3306).open).toBe(true);
    expect(net.path({ kind: 'resource', resource: net.model.resource('Site', 'LoadBalancer')! }, db, 3306).open).toBe(false);
    expect(net.path({ kind: 'resource', resource: net.model.resource('Site', 'Instance')! }, db, 5432).open).toBe(false);
  });

  test('the source group must let the traffic out: an egress-restricted group does not reach', () => {
    const net = network({
      App: group({ SecurityGroupEgress: [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32' }] }),
      Lb: group({ SecurityGroupIngress: [tcp(80, { SourceSecurityGroupId: groupId('App') })] }),
    });
    const verdict = net.path({ kind: 'resource', resource: net.model.resource('Site', 'Instance')! }, net.model.resource('Site', 'LoadBalancer')!, 80);
    expect(verdict.open).toBe(false);
    expect(verdict.reason).toMatch(/no egress rule of Site\/Instance/);
  });

  test('a group in another stack, read through Fn::ImportValue and Fn::GetStackOutput', () => {
    const model = TemplateModel.fromTemplates({
      Data: {
        Resources: { Vpc: vpc, Db: group(), Database: { Type: 'AWS::RDS::DBCluster', Properties: { Port: 3307, VpcSecurityGroupIds: [groupId('Db')] } } },
        Outputs: { DbGroup: { Value: groupId('Db'), Export: { Name: 'Data:DbGroup' } } },
      },
      App: {
        Resources: {
          Vpc: vpc,
          App: group(),
          Instance: { Type: 'AWS::EC2::Instance', Properties: { SecurityGroupIds: [groupId('App')] } },
          DbFromApp: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::ImportValue': 'Data:DbGroup' }, ...tcp(3307, { SourceSecurityGroupId: groupId('App') }) } },
        },
        Outputs: { AppGroup: { Value: groupId('App') } },
      },
    });
    const net = new NetworkModel(model);
    const instance = { kind: 'resource' as const, resource: model.resource('App', 'Instance')! };
    expect(net.path(instance, model.resource('Data', 'Database')!, 3307).open).toBe(true);
    expect(model.target(model.stacks[0], { 'Fn::GetStackOutput': { StackName: 'App', OutputName: 'AppGroup' } })?.resource.key).toBe('App/App');
  });

  test('CIDR containment, IPv4 and IPv6', () => {
    expect(cidrContains('0.0.0.0/0', '10.0.0.0/16')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/24')).toBe(false);
    expect(cidrContains('::/0', '2001:db8::/32')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db9::/48')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '::/0')).toBe(false);
  });
});

describe('image pull: execution role and repository', () => {
  const taskDefinition = (image: any) => ({
    Type: 'AWS::ECS::TaskDefinition',
    Properties: { ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] }, ContainerDefinitions: [{ Name: 'web', Image: image }] },
  });
  const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } };
  const repositoryUri = { 'Fn::Join': ['', ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/', { Ref: 'Repository' }]] };
  const policy = (statements: any[]) => ({
    Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'ExecutionRole' }], PolicyDocument: { Statement: statements } },
  });
  const pull = { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: { 'Fn::GetAtt': ['Repository', 'Arn'] } };
  const token = { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' };

  const verdicts = (resources: any) => {
    const model = TemplateModel.fromTemplates({ Site: { Resources: resources } }, { region: 'eu-west-1' });
    return imageUses(model).map((use) => pullVerdict(model, use));
  };

  test('a public image needs nothing', () => {
    expect(verdicts({ ExecutionRole: role, Task: taskDefinition('public.ecr.aws/docker/library/wordpress:6') })).toEqual([{ pullable: true, missing: [] }]);
  });

  test('a repository of the stack: pullable with the identity grant, not without', () => {
    const base = { ExecutionRole: role, Repository: { Type: 'AWS::ECR::Repository' }, Task: taskDefinition(repositoryUri) };
    expect(verdicts({ ...base, Policy: policy([pull, token]) })).toEqual([{ pullable: true, missing: [] }]);
    const [without] = verdicts({ ...base, Policy: policy([token]) });
    expect(without.pullable).toBe(false);
    expect(without.missing).toEqual([
      'ecr:BatchGetImage on Site/Repository for Site/ExecutionRole (identity policy or repository policy)',
      'ecr:GetDownloadUrlForLayer on Site/Repository for Site/ExecutionRole (identity policy or repository policy)',
    ]);
  });

  test('a repository policy naming the role is enough for the repository actions (same account)', () => {
    const repository = {
      Type: 'AWS::ECR::Repository',
      Properties: { RepositoryPolicyText: { Statement: [{ ...pull, Resource: undefined, Principal: { AWS: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] } } }] } },
    };
    expect(verdicts({ ExecutionRole: role, Repository: repository, Task: taskDefinition(repositoryUri), Policy: policy([token]) }))
      .toEqual([{ pullable: true, missing: [] }]);
  });

  test("a pipeline's ECS deploy action releases its build's repository onto a service of another stack", () => {
    const model = TemplateModel.fromTemplates({
      Staging: {
        Resources: {
          ExecutionRole: role,
          Task: taskDefinition('public.ecr.aws/docker/library/wordpress:6'),
          Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Task' } } },
        },
        Outputs: { ServiceName: { Value: { 'Fn::GetAtt': ['Service', 'Name'] }, Export: { Name: 'Staging:ServiceName' } } },
      },
      Production: {
        Resources: {
          Repository: { Type: 'AWS::ECR::Repository' },
          BuildRole: role,
          BuildPolicy: {
            Type: 'AWS::IAM::Policy',
            Properties: { Roles: [{ Ref: 'BuildRole' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['ecr:PutImage'], Resource: { 'Fn::GetAtt': ['Repository', 'Arn'] } }] } },
          },
          Build: { Type: 'AWS::CodeBuild::Project', Properties: { ServiceRole: { 'Fn::GetAtt': ['BuildRole', 'Arn'] } } },
          Pipeline: {
            Type: 'AWS::CodePipeline::Pipeline',
            Properties: {
              Stages: [
                { Name: 'Build', Actions: [{ Name: 'Image', ActionTypeId: { Category: 'Build', Provider: 'CodeBuild' }, Configuration: { ProjectName: { Ref: 'Build' } } }] },
                { Name: 'Staging', Actions: [{ Name: 'Deploy', ActionTypeId: { Category: 'Deploy', Provider: 'ECS' }, Configuration: { ServiceName: { 'Fn::ImportValue': 'Staging:ServiceName' } } }] },
              ],
            },
          },
        },
      },
    });
    const released = imageUses(model).filter((u) => u.via !== 'template');
    expect(released.map((u) => [u.taskDefinition.key, u.executionRole?.key, u.via])).toEqual([['Staging/Task', 'Staging/ExecutionRole', 'Production/Pipeline action Deploy']]);
    expect(pullVerdict(model, released[0]).missing).toEqual([
      'ecr:GetAuthorizationToken on * for Staging/ExecutionRole',
      'ecr:BatchGetImage on Production/Repository for Staging/ExecutionRole (identity policy or repository policy)',
      'ecr:GetDownloadUrlForLayer on Production/Repository for Staging/ExecutionRole (identity policy or repository policy)',
    ]);
  });
});

describe('life cycle: creation order and retries', () => {
  const stack = (serviceDependsOn?: string[]) => TemplateModel.fromTemplates({
    Site: {
      Resources: {
        Cluster: { Type: 'AWS::ECS::Cluster' },
        Providers: { Type: 'AWS::ECS::ClusterCapacityProviderAssociations', Properties: { Cluster: { Ref: 'Cluster' }, CapacityProviders: ['FARGATE_SPOT'] } },
        Database: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql' } },
        Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Database' } } },
        Task: {
          Type: 'AWS::ECS::TaskDefinition',
          Properties: { ContainerDefinitions: [{ Name: 'web', Image: 'x', Environment: [{ Name: 'DB_HOST', Value: { 'Fn::GetAtt': ['Database', 'Endpoint.Address'] } }] }] },
        },
        Service: {
          Type: 'AWS::ECS::Service',
          DependsOn: serviceDependsOn,
          Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Task' }, CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] },
        },
        Named: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain', Properties: { LogGroupName: '/site/app' } },
        NamedRetainExceptOnCreate: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'RetainExceptOnCreate', Properties: { LogGroupName: '/site/db' } },
        Unnamed: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain' },
      },
    },
  });

  test('a service that only references the cluster is not after its writer instance nor the capacity provider associations', () => {
    expect(missingPrerequisites(stack()).map((p) => p.prerequisite.key)).toEqual(['Site/Writer', 'Site/Providers']);
  });

  test('DependsOn, direct or through another resource, orders the service', () => {
    expect(missingPrerequisites(stack(['Writer', 'Providers']))).toEqual([]);
    const model = stack(['Task']);
    (model.resource('Site', 'Task')!.dependsOn as string[]).push('Writer', 'Providers');
    expect(missingPrerequisites(model)).toEqual([]);
  });

  test('a retained resource with a fixed name blocks a retry; RetainExceptOnCreate and unnamed ones do not', () => {
    expect(retainedWithFixedNames(stack()).map((r) => [r.resource.key, r.name])).toEqual([['Site/Named', '/site/app']]);
  });
});

describe('containers: references inside a task definition', () => {
  const efsVolume = (name: string, accessPoint: string) => ({
    Name: name, EFSVolumeConfiguration: { FilesystemId: { Ref: 'Fs' }, AuthorizationConfig: { AccessPointId: { Ref: accessPoint }, IAM: 'ENABLED' } },
  });
  function findings(containers: any[], volumes: any[]): string[] {
    return containerFindings(TemplateModel.fromTemplates({
      Site: {
        Resources: {
          Fs: { Type: 'AWS::EFS::FileSystem', Properties: {} },
          OtherFs: { Type: 'AWS::EFS::FileSystem', Properties: {} },
          Ap: { Type: 'AWS::EFS::AccessPoint', Properties: { FileSystemId: { Ref: 'Fs' } } },
          OtherAp: { Type: 'AWS::EFS::AccessPoint', Properties: { FileSystemId: { Ref: 'OtherFs' } } },
          Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: containers, Volumes: volumes } },
        },
      },
    }));
  }
  const wordpress = (dependsOn?: any[]) => ({ Name: 'wordpress', Essential: true, MountPoints: [{ SourceVolume: 'content' }], DependsOn: dependsOn });
  const sync = (essential: boolean) => ({ Name: 'release-sync', Essential: essential, MountPoints: [{ SourceVolume: 'content' }] });

  test('an init container the WordPress container waits for, on one volume of the right file system: no finding', () => {
    expect(findings([wordpress([{ ContainerName: 'release-sync', Condition: 'SUCCESS' }]), sync(false)], [efsVolume('content', 'Ap')])).toEqual([]);
  });

  test('SUCCESS of an essential container, a missing container, a missing volume, a foreign access point: one finding each', () => {
    expect(findings([wordpress([{ ContainerName: 'release-sync', Condition: 'SUCCESS' }]), sync(true)], [efsVolume('content', 'Ap')]))
      .toEqual([expect.stringMatching(/waits for SUCCESS of release-sync, which is essential/)]);
    expect(findings([wordpress([{ ContainerName: 'init', Condition: 'SUCCESS' }])], [efsVolume('content', 'Ap')]))
      .toEqual([expect.stringMatching(/depends on init, which is not another container/)]);
    expect(findings([wordpress()], [efsVolume('uploads', 'Ap')])).toEqual([expect.stringMatching(/mounts content, which is not a volume \(uploads\)/)]);
    expect(findings([wordpress()], [efsVolume('content', 'OtherAp')])).toEqual([expect.stringMatching(/access point Site\/OtherAp is not one of its file system Site\/Fs/)]);
  });
});

describe('schedules: what Application Auto Scaling accepts and the estimate simulates', () => {
  const target = (actions: object[]) => TemplateModel.fromTemplates({
    Site: { Resources: { Target: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { MinCapacity: 2, MaxCapacity: 10, ScheduledActions: actions } } } },
  });
  const action = (Schedule: string, extra: object = {}) => ({ ScheduledActionName: 'A', Schedule, ScalableTargetAction: { MinCapacity: 3 }, ...extra });

  test('a day-of-month or a day-of-week cron in a known time zone passes', () => {
    expect(scheduleProblems(target([action('cron(45 23 4 * ? *)', { Timezone: 'Asia/Seoul' }), action('cron(44 7 ? * MON,FRI *)')]))).toEqual([]);
  });

  test('both day fields set, an unknown time zone, a minimum above the maximum, more than 200 actions: each named', () => {
    expect(scheduleProblems(target([
      action('cron(0 0 4 * MON *)'), action('cron(0 0 4 * ? *)', { Timezone: 'Asia/Soeul' }), action('cron(0 0 4 * ? *)', { ScalableTargetAction: { MinCapacity: 11 } }),
    ]))).toEqual([
      'Site/Target A: cron(0 0 4 * MON *) is not a six-field cron with ? in exactly one day field',
      'Site/Target A: time zone Asia/Soeul',
      'Site/Target A: MinCapacity 11 outside 2-10',
    ]);
    expect(scheduleProblems(target(Array.from({ length: 201 }, () => action('cron(0 0 4 * ? *)'))))).toEqual(['Site/Target: 201 scheduled actions, above the quota of 200']);
  });
});

describe('released image: the parameter a pipeline writes after each deployment', () => {
  const NAME = '/app/Site/released-image';
  const reference = { 'Fn::Join': ['', ['{{resolve:ssm:', { Ref: 'Released' }, '}}']] };
  const putOn = (resource: any, effect = 'Allow') => ({ Effect: effect, Action: 'ssm:PutParameter', Resource: resource });
  const parameterArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:123456789012:parameter', { Ref: 'Released' }]] };
  const model = (image: any, statements: any[], recordEnv = `[{"name":"PARAMETER_NAME","type":"PLAINTEXT","value":"${NAME}"}]`, runOrder = 2) =>
    TemplateModel.fromTemplates({
      Site: {
        Resources: {
          Released: { Type: 'AWS::SSM::Parameter', Properties: { Name: NAME, Type: 'String', Value: 'public.ecr.aws/docker/library/wordpress:6' } },
          Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'web', Image: image }] } },
          Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Task' } } },
          RecordRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
          RecordPolicy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'RecordRole' }], PolicyDocument: { Statement: statements } } },
          Record: { Type: 'AWS::CodeBuild::Project', Properties: { ServiceRole: { 'Fn::GetAtt': ['RecordRole', 'Arn'] } } },
          Pipeline: {
            Type: 'AWS::CodePipeline::Pipeline',
            Properties: {
              Stages: [{
                Name: 'Production',
                Actions: [
                  { Name: 'Deploy', RunOrder: 1, ActionTypeId: { Category: 'Deploy', Provider: 'ECS' }, Configuration: { ServiceName: { 'Fn::GetAtt': ['Service', 'Name'] } } },
                  { Name: 'Record', RunOrder: runOrder, ActionTypeId: { Category: 'Build', Provider: 'CodeBuild' }, Configuration: { ProjectName: { Ref: 'Record' }, EnvironmentVariables: recordEnv } },
                ],
              }],
            },
          },
        },
      },
    }, { account: '123456789012', region: 'eu-west-1' });
  const findings = (m: TemplateModel) => releasedImageRecords(m).flatMap((r) => r.missing.map((x) => `${r.service.key}: ${x}`));

  test('kept: the image is a reference to the parameter, written after the deployment by a role that may put it', () => {
    const m = model(reference, [putOn(parameterArn)]);
    expect(findings(m)).toEqual([]);
    expect(releasedImageRecords(m).map((r) => [r.parameter?.key, r.writers])).toEqual([['Site/Released', ['Production/Record']]]);
    // The bootstrap image behind the reference is what the execution role must pull.
    expect(imageUses(m).filter((u) => u.via === 'template').map((u) => u.image)).toEqual([{ kind: 'public', uri: 'public.ecr.aws/docker/library/wordpress:6' }]);
  });

  test('lost: an image named in the template, a writer without the grant or denied, one that runs before the deployment', () => {
    expect(findings(model('public.ecr.aws/docker/library/wordpress:6', [putOn(parameterArn)])))
      .toEqual(['Site/Service: a container image that is a dynamic reference to an SSM parameter (found 0)']);
    const noWriter = [`Site/Service: a CodeBuild action after Deploy that passes "${NAME}" and may ssm:PutParameter it`];
    expect(findings(model(reference, [putOn('arn:aws:ssm:eu-west-1:123456789012:parameter/other')]))).toEqual(noWriter);
    expect(findings(model(reference, [putOn('*'), putOn(parameterArn, 'Deny')]))).toEqual(noWriter);
    expect(findings(model(reference, [putOn(parameterArn)], '[]'))).toEqual(noWriter);
    expect(findings(model(reference, [putOn(parameterArn)], undefined, 1))).toEqual(noWriter);
  });
});

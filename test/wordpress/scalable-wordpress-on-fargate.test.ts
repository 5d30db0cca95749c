import { App, CfnElement, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { WORDPRESS_CONFIG_EXTRA } from '../../src/wordpress/private/wordpress-config';
import {
  ACCOUNT, REGION, ZONES, containerEnv, hostedZone, like, loadBalancerIngress, nagFindings, newStack, onlyResource, site, siteTemplate,
  wordpressContainer,
} from '../fixtures';
import {
  ScalableWordpressOnFargate,
  WordpressDatabase,
  WordpressDeployment,
  WordpressImage,
} from 'cdk-fargate-wordpress';

// One synthesis of the default site, shared by the tests of the defaults.
let defaults: Template;
let defaultSite: ScalableWordpressOnFargate;
beforeAll(() => {
  const stack = newStack();
  defaultSite = site(stack);
  defaults = Template.fromStack(stack);
});

describe('defaults', () => {
  test('a new VPC over two zones with public, private and isolated subnets and one NAT gateway', () => {
    defaults.resourceCountIs('AWS::EC2::VPC', 1);
    defaults.resourceCountIs('AWS::EC2::Subnet', 6);
    defaults.resourceCountIs('AWS::EC2::NatGateway', 1);
    for (const zone of ZONES) {
      defaults.resourcePropertiesCountIs('AWS::EC2::Subnet', { AvailabilityZone: zone }, 3);
    }
    defaults.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true }, 2);
    const isolated = defaults.findResources('AWS::EC2::Subnet', {
      Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-type', Value: 'Isolated' }]) },
    });
    expect(Object.keys(isolated)).toHaveLength(2);
  });

  test('flow logs of rejected traffic to CloudWatch Logs, kept a month', () => {
    defaults.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT', LogDestinationType: 'cloud-watch-logs' });
    defaults.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('a cluster with Container Insights and the Fargate capacity providers', () => {
    defaults.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    defaults.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
    });
  });

  test('2 vCPU / 8 GiB x86_64 Linux tasks in awsvpc mode', () => {
    defaults.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '2048',
      Memory: '8192',
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
  });

  test('the official WordPress image from ECR Public, on port 80, logging to a log group kept a month', () => {
    const container = wordpressContainer(defaults);
    expect(container.Image).toBe(`public.ecr.aws/docker/library/wordpress:${WordpressImage.DEFAULT_OFFICIAL_TAG}`);
    expect(container.PortMappings).toEqual([{ ContainerPort: 80, Protocol: 'tcp' }]);
    expect(container.LogConfiguration).toMatchObject({ LogDriver: 'awslogs', Options: { 'awslogs-stream-prefix': 'wordpress' } });
    const logGroupId = container.LogConfiguration.Options['awslogs-group'].Ref;
    expect(defaults.toJSON().Resources[logGroupId]).toMatchObject({
      Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain',
    });
  });

  test('the service: private subnets, no public IP, exec off, rolling with circuit breaker rollback, grace period, no fixed desired count', () => {
    const service = onlyResource(defaults, 'AWS::ECS::Service');
    expect(service).toMatchObject({
      LaunchType: 'FARGATE',
      EnableExecuteCommand: false,
      HealthCheckGracePeriodSeconds: 180,
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      LoadBalancers: [expect.objectContaining({ ContainerName: 'wordpress', ContainerPort: 80 })],
    });
    expect(service.DesiredCount).toBeUndefined();
    expect(service.CapacityProviderStrategy).toBeUndefined();
    const subnets = service.NetworkConfiguration.AwsvpcConfiguration.Subnets.map((s: any) => s.Ref);
    expect(subnets.every((s: string) => s.includes('Private'))).toBe(true);
  });

  test('an internet-facing ALB that drops invalid headers and logs to an encrypted, private, retained bucket', () => {
    defaults.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    defaults.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [like({ ExpirationInDays: 90, Status: 'Enabled' })] },
      },
    });
    defaults.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([like({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('without a certificate: one HTTP listener whose rule forwards to WordPress, and a warning', () => {
    defaults.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    defaults.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: like({ StatusCode: '404' }) }],
    });
    defaults.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 100,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [like({ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('TargetGroup') } })],
      ListenerArn: { Ref: Match.stringLikeRegexp('HttpListener') },
    });
    Annotations.fromStack(defaultSite.node.scope as Stack).hasWarning('/Site/Wordpress', Match.stringLikeRegexp('plain HTTP'));
  });

  test('a health check of the path the configuration answers without the database, and a short deregistration delay', () => {
    // GET /wp-login.php every 15 s opened a database connection each time: Aurora Serverless v2 never paused.
    expect(containerEnv(defaults, 'WORDPRESS_HEALTH_CHECK_PATH')).toBe('/wp-health');
    defaults.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 80,
      Protocol: 'HTTP',
      HealthCheckPath: '/wp-health',
      Matcher: { HttpCode: '200' },
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
  });

  test('EFS for wp-content: encrypted, elastic, to IA after 30 days, retained (except on a failed creation), TLS required, nobody allowed by the resource policy', () => {
    defaults.hasResource('AWS::EFS::FileSystem', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Encrypted: true,
        ThroughputMode: 'elastic',
        PerformanceMode: 'generalPurpose',
        LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }, { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
        FileSystemPolicy: {
          Statement: [{
            Sid: 'DenyUnencryptedTransport',
            Effect: 'Deny',
            Action: '*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }],
        },
      },
    });
    expect(onlyResource(defaults, 'AWS::EFS::FileSystem').BackupPolicy).toBeUndefined();
  });

  test('an access point owned by www-data, mounted at wp-content with TLS and IAM authorization', () => {
    defaults.hasResourceProperties('AWS::EFS::AccessPoint', {
      RootDirectory: { Path: '/wp-content', CreationInfo: { OwnerUid: '33', OwnerGid: '33', Permissions: '755' } },
      PosixUser: { Uid: '33', Gid: '33' },
    });
    defaults.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [{
        Name: 'wp-content',
        EFSVolumeConfiguration: like({
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: like({ IAM: 'ENABLED' }),
        }),
      }],
    });
    expect(wordpressContainer(defaults).MountPoints).toEqual([
      { ContainerPath: '/var/www/html/wp-content', ReadOnly: false, SourceVolume: 'wp-content' },
    ]);
  });

  test('the task role may mount and write the file system only through the access point', () => {
    defaults.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [like({
          Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          Effect: 'Allow',
          Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': like({}) } },
        })],
      },
    });
  });

  test('Aurora MySQL Serverless v2 0.5-4 ACU: encrypted, deletion protected, snapshotted, TLS required, on a non-default port', () => {
    defaults.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: like({
        Engine: 'aurora-mysql',
        EngineVersion: Match.stringLikeRegexp('3\\.10\\.'),
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
        StorageEncrypted: true,
        DeletionProtection: true,
        Port: 3307,
        DatabaseName: 'wordpress',
        BackupRetentionPeriod: 7,
        EnableCloudwatchLogsExports: ['error', 'slowquery'],
      }),
    });
    defaults.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { require_secure_transport: 'ON' } });
    defaults.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 1);
    expect(defaultSite.databaseCluster).toBeDefined();
    expect(defaultSite.databaseInstance).toBeUndefined();
  });

  test('database logs go to log groups the stack creates with a retention (no LogRetention Lambda)', () => {
    const cluster = onlyResource(defaults, 'AWS::RDS::DBCluster');
    for (const log of ['error', 'slowquery']) {
      defaults.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: `/aws/rds/cluster/${cluster.DBClusterIdentifier}/${log}`, RetentionInDays: 30 },
        // Fixed names: deleted when the first creation rolls back, so that a retry can create them again.
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    }
    expect(cluster.DBClusterIdentifier).toMatch(/^[a-z][a-z0-9-]{0,62}$/);
    defaults.resourceCountIs('Custom::LogRetention', 0);
    defaults.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('only the WordPress tasks reach the database, the file system and the tasks only from the load balancer', () => {
    defaults.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: { 'Fn::GetAtt': [Match.stringLikeRegexp('Database'), 'Endpoint.Port'] },
      Description: 'WordPress tasks to MySQL',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ServiceSecurityGroup'), 'GroupId'] },
    });
    defaults.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 2049,
      ToPort: 2049,
      Description: 'WordPress tasks to EFS (NFS over TLS)',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ServiceSecurityGroup'), 'GroupId'] },
    });
    defaults.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Description: 'Load balancer to target',
    });
  });

  test('no secret in the environment: credentials and the eight keys/salts come through ECS secrets', () => {
    const container = wordpressContainer(defaults);
    const envNames = (container.Environment as any[]).map((e) => e.Name);
    expect(envNames.filter((n) => /PASSWORD|USER|KEY|SALT|SECRET/.test(n))).toEqual([]);
    const secretNames = (container.Secrets as any[]).map((s) => s.Name);
    expect(secretNames).toEqual([
      'WORDPRESS_DB_USER', 'WORDPRESS_DB_PASSWORD',
      'WORDPRESS_AUTH_KEY', 'WORDPRESS_SECURE_AUTH_KEY', 'WORDPRESS_LOGGED_IN_KEY', 'WORDPRESS_NONCE_KEY',
      'WORDPRESS_AUTH_SALT', 'WORDPRESS_SECURE_AUTH_SALT', 'WORDPRESS_LOGGED_IN_SALT', 'WORDPRESS_NONCE_SALT',
    ]);
    expect(JSON.stringify(defaults.toJSON())).not.toMatch(/MasterUserPassword"\s*:\s*"/);
  });

  test('keys and salts are 64-character generated secrets, retained (except on a failed creation)', () => {
    defaults.resourcePropertiesCountIs('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludeCharacters: '\'"\\`' },
    }, 8);
    const salts = defaults.findResources('AWS::SecretsManager::Secret', { Properties: { GenerateSecretString: { PasswordLength: 64 } } });
    expect(Object.values(salts).map((r) => r.DeletionPolicy)).toEqual(Array(8).fill('RetainExceptOnCreate'));
    // Each typed salt is the secret ECS injects as the WordPress constant of its name.
    const secretRef = (secret: secretsmanager.ISecret) => ({ Ref: Stack.of(defaultSite).getLogicalId(secret.node.defaultChild as CfnElement) });
    expect(wordpressContainer(defaults).Secrets).toEqual(expect.arrayContaining([
      { Name: 'WORDPRESS_AUTH_KEY', ValueFrom: secretRef(defaultSite.saltSecrets.authKey) },
      { Name: 'WORDPRESS_SECURE_AUTH_KEY', ValueFrom: secretRef(defaultSite.saltSecrets.secureAuthKey) },
      { Name: 'WORDPRESS_LOGGED_IN_KEY', ValueFrom: secretRef(defaultSite.saltSecrets.loggedInKey) },
      { Name: 'WORDPRESS_NONCE_KEY', ValueFrom: secretRef(defaultSite.saltSecrets.nonceKey) },
      { Name: 'WORDPRESS_AUTH_SALT', ValueFrom: secretRef(defaultSite.saltSecrets.authSalt) },
      { Name: 'WORDPRESS_SECURE_AUTH_SALT', ValueFrom: secretRef(defaultSite.saltSecrets.secureAuthSalt) },
      { Name: 'WORDPRESS_LOGGED_IN_SALT', ValueFrom: secretRef(defaultSite.saltSecrets.loggedInSalt) },
      { Name: 'WORDPRESS_NONCE_SALT', ValueFrom: secretRef(defaultSite.saltSecrets.nonceSalt) },
    ]));
  });

  test('the proxy-aware configuration: the PHP, the public URL, the trusted proxies and TLS to MySQL', () => {
    expect(containerEnv(defaults, 'WORDPRESS_CONFIG_EXTRA')).toBe(WORDPRESS_CONFIG_EXTRA);
    expect(containerEnv(defaults, 'WORDPRESS_PUBLIC_URL')).toEqual({
      'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [expect.stringMatching(/LoadBalancer/), 'DNSName'] }]],
    });
    expect(containerEnv(defaults, 'WORDPRESS_TRUSTED_PROXY_CIDRS')).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Vpc/), 'CidrBlock'] });
    expect(containerEnv(defaults, 'WORDPRESS_DB_TLS')).toBe('1');
    expect(containerEnv(defaults, 'WORDPRESS_DB_NAME')).toBe('wordpress');
    expect(containerEnv(defaults, 'WORDPRESS_DB_HOST')).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/Database/), 'Endpoint.Address'] }, ':3307']],
    });
  });

  test('target tracking on CPU (60%) and requests (1200 per task per minute), 2 to 10 tasks, no schedule', () => {
    const target = onlyResource(defaults, 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target).toMatchObject({ MinCapacity: 2, MaxCapacity: 10 });
    expect(target.ScheduledActions).toBeUndefined();
    defaults.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
        ScaleOutCooldown: 60,
        ScaleInCooldown: 300,
      },
    });
    defaults.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: like({
        PredefinedMetricSpecification: like({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: 1200,
      }),
    });
  });

  test('the resolved capacity settings', () => {
    expect(defaultSite.capacity).toEqual({
      cpu: 2048,
      memoryLimitMiB: 8192,
      cpuArchitecture: 'X86_64',
      minCapacity: 2,
      maxCapacity: 10,
      targetCpuUtilizationPercent: 60,
      requestsPerTargetPerMinute: 1200,
      scaleOutCooldownSeconds: 60,
      scaleInCooldownSeconds: 300,
      monthlyPeaks: [],
      peakLeadTimeMinutes: 60,
      scheduleTimeZone: 'UTC',
      spotOnDemandBaseTasks: undefined,
      spotOnDemandWeight: undefined,
      spotWeight: undefined,
    });
  });

  test('a daily AWS Backup of the file system and the database, kept 35 days, in a retained vault (except on a failed creation)', () => {
    defaults.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    defaults.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [like({
          RuleName: 'Daily',
          ScheduleExpression: 'cron(0 5 * * ? *)',
          Lifecycle: { DeleteAfterDays: 35 },
        })],
      },
    });
    const selection = onlyResource(defaults, 'AWS::Backup::BackupSelection').BackupSelection;
    const resources = JSON.stringify(selection.Resources);
    expect(resources).toContain('elasticfilesystem');
    expect(resources).toContain(':cluster:');
  });

  test('exposes its children and connections', () => {
    expect(defaultSite.vpc).toBeDefined();
    expect(defaultSite.cluster).toBeDefined();
    expect(defaultSite.service.taskDefinition).toBe(defaultSite.taskDefinition);
    expect(defaultSite.listener).toBeDefined();
    expect(defaultSite.listenerRule).toBeDefined();
    expect(defaultSite.redirectListener).toBeUndefined();
    expect(defaultSite.certificate).toBeUndefined();
    expect(defaultSite.databaseCluster).toBeDefined();
    expect(defaultSite.databaseInstance).toBeUndefined();
    expect(defaultSite.databaseSecret).toBeDefined();
    expect(defaultSite.backupPlan).toBeDefined();
    expect(defaultSite.connections).toBe(defaultSite.service.connections);
  });
});

describe('compute props', () => {
  test('cpu, memory and ARM64 map to the task definition and the capacity settings', () => {
    const stack = newStack();
    const s = site(stack, { cpu: 4096, memoryLimitMiB: 16384, cpuArchitecture: ecs.CpuArchitecture.ARM64 });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '4096', Memory: '16384', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
    expect(s.capacity).toMatchObject({ cpu: 4096, memoryLimitMiB: 16384, cpuArchitecture: 'ARM64' });
  });

  test('images: official tag, any registry, a private ECR repository (with pull rights)', () => {
    expect(wordpressContainer(siteTemplate({ image: WordpressImage.official('6.8-php8.4-apache') })).Image)
      .toBe('public.ecr.aws/docker/library/wordpress:6.8-php8.4-apache');
    expect(wordpressContainer(siteTemplate({ image: WordpressImage.fromRegistry('example/wp:1') })).Image).toBe('example/wp:1');

    const stack = newStack();
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'my-wordpress');
    const image = WordpressImage.fromEcrRepository(repository, 'v7');
    expect(image.repository).toBe(repository);
    site(stack, { image });
    const template = Template.fromStack(stack);
    expect(JSON.stringify(wordpressContainer(template).Image)).toContain('my-wordpress:v7');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([like({ Action: 'ecr:GetAuthorizationToken', Resource: '*' })]) },
    });
  });

  test('an image from any ContainerImage', () => {
    const image = WordpressImage.fromContainerImage(ecs.ContainerImage.fromRegistry('example/custom:2'));
    expect(image.imageName).toBeUndefined();
    expect(wordpressContainer(siteTemplate({ image })).Image).toBe('example/custom:2');
  });

  test('exec, log retention, grace period, container insights, extra environment and secrets', () => {
    const stack = newStack();
    const extra = secretsmanager.Secret.fromSecretNameV2(stack, 'Extra', 'smtp');
    site(stack, {
      enableExecuteCommand: true,
      logRetention: logs.RetentionDays.ONE_WEEK,
      healthCheckGracePeriod: Duration.minutes(5),
      containerInsights: ecs.ContainerInsights.ENHANCED,
      environment: { WORDPRESS_TABLE_PREFIX: 'site_' },
      secrets: { SMTP_PASSWORD: ecs.Secret.fromSecretsManager(extra) },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true, HealthCheckGracePeriodSeconds: 300 });
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
    expect(containerEnv(template, 'WORDPRESS_TABLE_PREFIX')).toBe('site_');
    expect((wordpressContainer(template).Secrets as any[]).map((s) => s.Name)).toContain('SMTP_PASSWORD');
    const logGroupId = wordpressContainer(template).LogConfiguration.Options['awslogs-group'].Ref;
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(7);
  });

  test('Fargate Spot above an on-demand base of minCapacity tasks', () => {
    const stack = newStack();
    const s = site(stack, { minCapacity: 3, fargateSpot: { spotWeight: 3 } });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 3, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ],
    });
    expect(s.capacity).toMatchObject({ spotOnDemandBaseTasks: 3, spotOnDemandWeight: 1, spotWeight: 3 });
  });

  test('Fargate Spot with an explicit base', () => {
    siteTemplate({ fargateSpot: { onDemandBaseTasks: 1, onDemandWeight: 2, spotWeight: 1 } }).hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 2 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
    });
  });
});

describe('network props', () => {
  test('an existing VPC: no new VPC, tasks in its private subnets, the database in its isolated subnets', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Existing', { availabilityZones: ZONES, natGateways: 1 });
    const s = site(stack, { vpc });
    expect(s.vpc).toBe(vpc);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    // The CDK default VPC has no isolated subnets: the database falls back to the private ones.
    const subnetGroup = onlyResource(template, 'AWS::RDS::DBSubnetGroup');
    expect(JSON.stringify(subnetGroup.SubnetIds)).toContain('ExistingPrivateSubnet');
  });

  test('an existing cluster: its VPC, no new cluster', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Existing', { availabilityZones: ZONES });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const s = site(stack, { cluster });
    expect(s.cluster).toBe(cluster);
    expect(s.vpc).toBe(vpc);
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('no NAT gateways, or a NAT instance', () => {
    siteTemplate({ natGateways: 0 }).resourceCountIs('AWS::EC2::NatGateway', 0);
    const template = siteTemplate({
      natGatewayProvider: ec2.NatProvider.instanceV2({
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.NANO),
        machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
        defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
      }),
    });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.hasResourceProperties('AWS::EC2::Instance', { InstanceType: 't4g.nano', SourceDestCheck: false });
  });

  test('without explicit zones the VPC takes two zones of the region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new ScalableWordpressOnFargate(stack, 'Wordpress', { loadBalancerAccessLogs: false });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::Subnet', 6);
  });
});

describe('load balancer props', () => {
  test('domain + hosted zone: a DNS-validated certificate, HTTPS with TLS 1.2+, an HTTP redirect and an alias record', () => {
    const stack = newStack();
    const s = site(stack, { domainName: 'www.example.com', hostedZone: hostedZone(stack) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'www.example.com', ValidationMethod: 'DNS',
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: [like({ Type: 'fixed-response' })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Actions: [like({ Type: 'forward' })], ListenerArn: { Ref: Match.stringLikeRegexp('HttpsListener') },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP', DefaultActions: [like({ Type: 'redirect', RedirectConfig: like({ Protocol: 'HTTPS', Port: '443' }) })],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com.', Type: 'A' });
    expect(containerEnv(template, 'WORDPRESS_PUBLIC_URL')).toBe('https://www.example.com');
    expect(s.publicUrl).toBe('https://www.example.com');
    expect(s.redirectListener).toBeDefined();
    Annotations.fromStack(stack).hasNoWarning('/Site/Wordpress', Match.stringLikeRegexp('plain HTTP'));
  });

  test('a given certificate and SSL policy, no hosted zone: HTTPS but no DNS records', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`);
    const s = site(stack, { domainName: 'www.example.com', certificate, sslPolicy: elbv2.SslPolicy.TLS13_13 });
    const template = Template.fromStack(stack);
    expect(s.certificate).toBe(certificate);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('an internal load balancer: private subnets, its listeners open to nobody (not the VPC\'s CIDR), no DNS record', () => {
    // A CloudFront VPC origin's traffic does not come from the VPC's CIDR block; GeoBlockedCloudFrontWaf admits CloudFront's.
    const stack = newStack();
    site(stack, { internetFacing: false, domainName: 'www.example.com', hostedZone: hostedZone(stack) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(loadBalancerIngress(template)).toEqual([]);
  });

  test('publicUrl, usePublicUrl and trustedProxyCidrs pin the configuration', () => {
    const stack = newStack();
    const s = site(stack, { publicUrl: 'https://first.example.com', trustedProxyCidrs: ['10.0.0.0/16', 'fd00::/8'] });
    s.usePublicUrl('https://d111111abcdef8.cloudfront.net');
    const template = Template.fromStack(stack);
    expect(containerEnv(template, 'WORDPRESS_PUBLIC_URL')).toBe('https://d111111abcdef8.cloudfront.net');
    expect(containerEnv(template, 'WORDPRESS_TRUSTED_PROXY_CIDRS')).toBe('10.0.0.0/16,fd00::/8');
    expect(s.publicUrl).toBe('https://d111111abcdef8.cloudfront.net');
  });

  test('openListener false: an internet-facing load balancer whose security group admits nobody until a rule is added', () => {
    const stack = newStack();
    const s = site(stack, { openListener: false });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    const lbGroup = stack.resolve((s.loadBalancer.connections.securityGroups[0].node.defaultChild as ec2.CfnSecurityGroup).logicalId);
    expect(template.toJSON().Resources[lbGroup].Properties.SecurityGroupIngress).toBeUndefined();
    expect(nagFindings(stack)).toEqual([]);
  });

  test('by default an internet-facing listener is open to the world', () => {
    const ingress = Object.values(defaults.findResources('AWS::EC2::SecurityGroup'))
      .flatMap((g: any) => g.Properties.SecurityGroupIngress ?? []);
    expect(ingress).toEqual(expect.arrayContaining([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80 })]));
  });

  test('clientIpHeader passes the header WordPress takes the client IP from; by default there is none', () => {
    expect(containerEnv(siteTemplate({ clientIpHeader: 'CloudFront-Viewer-Address' }), 'WORDPRESS_CLIENT_IP_HEADER')).toBe('CloudFront-Viewer-Address');
    expect(containerEnv(defaults, 'WORDPRESS_CLIENT_IP_HEADER')).toBeUndefined();
  });

  test('with clientIpHeader the load balancer removes X-Forwarded-For (so Apache\'s mod_remoteip leaves it as the peer); by default it appends', () => {
    const xffMode = (t: Template) => (onlyResource(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes as any[])
      .find((a) => a.Key === 'routing.http.xff_header_processing.mode')?.Value;
    expect(xffMode(siteTemplate({ internetFacing: false, clientIpHeader: 'CloudFront-Viewer-Address' }))).toBe('remove');
    expect(xffMode(defaults)).toBeUndefined(); // ELB's default: append
  });

  test('health check and deregistration delay overrides', () => {
    siteTemplate({ healthCheck: { path: '/healthz', healthyHttpCodes: '200' }, deregistrationDelay: Duration.seconds(5) })
      .hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckPath: '/healthz',
        Matcher: { HttpCode: '200' },
        TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
      });
  });

  test('access logs off, or into a given bucket', () => {
    const off = siteTemplate({ loadBalancerAccessLogs: false });
    off.resourceCountIs('AWS::S3::Bucket', 0);
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Logs', 'my-alb-logs');
    const s = site(stack, { accessLogsBucket: bucket });
    expect(s.accessLogsBucket).toBe(bucket);
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.bucket', Value: 'my-alb-logs' }]),
    });
  });
});

describe('files, database and safety props', () => {
  test('file system throughput and lifecycle', () => {
    siteTemplate({ fileSystemThroughputMode: efs.ThroughputMode.BURSTING, fileSystemLifecyclePolicy: efs.LifecyclePolicy.AFTER_7_DAYS })
      .hasResourceProperties('AWS::EFS::FileSystem', {
        ThroughputMode: 'bursting',
        LifecyclePolicies: Match.arrayWith([{ TransitionToIA: 'AFTER_7_DAYS' }]),
      });
  });

  test('Aurora options: capacity, readers, engine, backtrack, port, name, retention, removal', () => {
    const template = siteTemplate({
      database: WordpressDatabase.auroraServerlessV2({
        minCapacity: 1,
        maxCapacity: 16,
        readers: 1,
        engineVersion: rds.AuroraMysqlEngineVersion.VER_3_08_0,
        backtrackWindow: Duration.hours(24),
        port: 3399,
        databaseName: 'site',
        backupRetention: Duration.days(14),
        removalPolicy: RemovalPolicy.RETAIN,
        deletionProtection: false,
        logRetention: logs.RetentionDays.ONE_WEEK,
      }),
    });
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Retain',
      Properties: like({
        ServerlessV2ScalingConfiguration: { MinCapacity: 1, MaxCapacity: 16 },
        EngineVersion: '8.0.mysql_aurora.3.08.0',
        BacktrackWindow: 86400,
        Port: 3399,
        DatabaseName: 'site',
        BackupRetentionPeriod: 14,
        DeletionProtection: false,
      }),
    });
    template.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.serverless' }, 2);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 7, LogGroupName: Match.stringLikeRegexp('/aws/rds/') }, 2);
    expect(containerEnv(template, 'WORDPRESS_DB_NAME')).toBe('site');
  });

  test('Aurora auto-pause scales to 0 ACU and warns about cold starts', () => {
    const stack = newStack();
    site(stack, { database: WordpressDatabase.auroraServerlessV2({ autoPause: Duration.minutes(10) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 600 },
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('first request after a pause'));
  });

  test('removalPolicy DESTROY on a deletion-protected database: a warning that the deletion would fail', () => {
    const stack = newStack();
    site(stack, { database: WordpressDatabase.mysqlInstance({ removalPolicy: RemovalPolicy.DESTROY }) });
    Annotations.fromStack(stack).hasWarning('/Site/Wordpress', Match.stringLikeRegexp(
      'database \\(mysqlInstance\\)\\.removalPolicy is DESTROY but deletionProtection is on \\(the default\\): RDS refuses'));
    const unprotected = newStack();
    site(unprotected, { database: WordpressDatabase.mysqlInstance({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false }) });
    Annotations.fromStack(unprotected).hasNoWarning('*', Match.stringLikeRegexp('deletionProtection'));
  });

  test('auto-pause with minCapacity 0 spelled out, on an engine that has it', () => {
    siteTemplate({
      database: WordpressDatabase.auroraServerlessV2({
        minCapacity: 0, autoPause: Duration.hours(1), engineVersion: rds.AuroraMysqlEngineVersion.VER_3_08_0,
      }),
    }).hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 3600 },
    });
  });

  test('an RDS for MySQL instance: t4g.small, gp3, single-AZ, TLS required, encrypted, snapshotted', () => {
    const stack = newStack();
    const s = site(stack, { database: WordpressDatabase.mysqlInstance() });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      Properties: like({
        Engine: 'mysql',
        EngineVersion: Match.stringLikeRegexp('^8\\.4'),
        DBInstanceClass: 'db.t4g.small',
        MultiAZ: false,
        StorageType: 'gp3',
        AllocatedStorage: '20',
        MaxAllocatedStorage: 100,
        StorageEncrypted: true,
        DeletionProtection: true,
        PubliclyAccessible: false,
        Port: '3307',
        EnableCloudwatchLogsExports: ['error', 'slowquery'],
      }),
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { require_secure_transport: '1' } });
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    expect(s.databaseInstance).toBeDefined();
    expect(s.databaseCluster).toBeUndefined();
    expect(JSON.stringify(onlyResource(template, 'AWS::Backup::BackupSelection'))).toContain(':db:');
  });

  test('MySQL instance options', () => {
    siteTemplate({
      database: WordpressDatabase.mysqlInstance({
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
        multiAz: true,
        allocatedStorageGiB: 50,
        maxAllocatedStorageGiB: 200,
        engineVersion: rds.MysqlEngineVersion.VER_8_0_39,
      }),
    }).hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.m7g.large', MultiAZ: true, AllocatedStorage: '50', MaxAllocatedStorage: 200, EngineVersion: '8.0.39',
    });
  });

  test('removalPolicy DESTROY reaches the file system, the buckets, the salts and the vault', () => {
    const template = siteTemplate({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::EFS::FileSystem', 'AWS::S3::Bucket', 'AWS::Backup::BackupVault']) {
      template.hasResource(type, { DeletionPolicy: 'Delete' });
    }
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot' });
  });

  test('backup off, or kept longer', () => {
    const off = siteTemplate({ backup: false });
    off.resourceCountIs('AWS::Backup::BackupPlan', 0);
    off.resourceCountIs('AWS::Backup::BackupVault', 0);
    siteTemplate({ backupRetention: Duration.days(90) }).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [like({ Lifecycle: { DeleteAfterDays: 90 } })] },
    });
  });
});

describe('scaling props', () => {
  test('capacity, targets and cooldowns', () => {
    const template = siteTemplate({
      minCapacity: 3,
      maxCapacity: 20,
      targetCpuUtilizationPercent: 50,
      requestsPerTargetPerMinute: 900,
      scaleOutCooldown: Duration.seconds(30),
      scaleInCooldown: Duration.minutes(10),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 20 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: like({ TargetValue: 50, ScaleOutCooldown: 30, ScaleInCooldown: 600 }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: like({ TargetValue: 900 }),
    });
  });

  test("the customer's peaks: the 5th and the 25th for two days, in Seoul, an hour early", () => {
    const stack = newStack();
    const s = site(stack, {
      monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }],
      scheduleTimeZone: 'Asia/Seoul',
    });
    const target = onlyResource(Template.fromStack(stack), 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.ScheduledActions).toEqual([
      { ScheduledActionName: 'Peak1ScaleOut', Schedule: 'cron(0 23 4 * ? *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 4 } },
      { ScheduledActionName: 'Peak1ScaleIn', Schedule: 'cron(0 0 7 * ? *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 2 } },
      { ScheduledActionName: 'Peak2ScaleOut', Schedule: 'cron(0 23 24 * ? *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 4 } },
      { ScheduledActionName: 'Peak2ScaleIn', Schedule: 'cron(0 0 27 * ? *)', Timezone: 'Asia/Seoul', ScalableTargetAction: { MinCapacity: 2 } },
    ]);
    expect(s.capacity.monthlyPeaks).toEqual([
      { dayOfMonth: 5, durationDays: 2, minCapacity: 4 },
      { dayOfMonth: 25, durationDays: 2, minCapacity: 4 },
    ]);
    expect(s.capacity.scheduleTimeZone).toBe('Asia/Seoul');
  });

  test('peak capacity: site-wide peakMinCapacity, per-peak minCapacity, lead time', () => {
    const target = onlyResource(siteTemplate({
      peakMinCapacity: 6,
      peakLeadTime: Duration.minutes(90),
      monthlyPeaks: [{ dayOfMonth: 10 }, { dayOfMonth: 20, durationDays: 3, minCapacity: 8 }],
    }), 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.ScheduledActions.map((a: any) => [a.ScheduledActionName, a.Schedule, a.ScalableTargetAction.MinCapacity])).toEqual([
      ['Peak1ScaleOut', 'cron(30 22 9 * ? *)', 6],
      ['Peak1ScaleIn', 'cron(0 0 11 * ? *)', 2],
      ['Peak2ScaleOut', 'cron(30 22 19 * ? *)', 8],
      ['Peak2ScaleIn', 'cron(0 0 23 * ? *)', 2],
    ]);
  });

  test('the default peak minimum is twice minCapacity, capped at maxCapacity', () => {
    const stack = newStack();
    const s = site(stack, { minCapacity: 3, maxCapacity: 5, monthlyPeaks: [{ dayOfMonth: 1 }] });
    expect(s.capacity.monthlyPeaks[0].minCapacity).toBe(5);
  });
});

describe('cdk-nag AwsSolutions', () => {
  test('the default site has no unacknowledged finding', () => {
    expect(nagFindings(defaultSite)).toEqual([]);
  });

  test('a fully-featured site has no unacknowledged finding', () => {
    const stack = newStack();
    const s = site(stack, {
      domainName: 'www.example.com',
      hostedZone: hostedZone(stack),
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
      enableExecuteCommand: true,
      fargateSpot: {},
      monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 25, durationDays: 2 }],
      scheduleTimeZone: 'Asia/Seoul',
      database: WordpressDatabase.auroraServerlessV2({ readers: 1, backtrackWindow: Duration.hours(24) }),
    });
    expect(nagFindings(stack)).toEqual([]);
    expect(s.redirectListener).toBeDefined();
  });

  test('an internal site with an RDS MySQL instance has no unacknowledged finding', () => {
    const stack = newStack();
    site(stack, { internetFacing: false, database: WordpressDatabase.mysqlInstance() });
    expect(nagFindings(stack)).toEqual([]);
  });

  test('an internal blue/green site (a test listener open to the VPC) has no unacknowledged finding', () => {
    const stack = newStack();
    site(stack, { internetFacing: false, deployment: WordpressDeployment.ecsBlueGreen({ testListenerPort: 8080 }) });
    expect(nagFindings(stack)).toEqual([]);
  });

  test('the checks do find what is not acknowledged (the harness can fail)', () => {
    const stack = newStack();
    site(stack);
    new s3.Bucket(stack, 'Unlogged');
    expect(nagFindings(stack).map((f) => f.rule)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});

describe('bad input is rejected at synth, naming the prop', () => {
  const cases: Array<[string, () => void, RegExp]> = [
    ['a client IP header that is no header name', () => site(newStack(), { clientIpHeader: 'X Real IP' }), /invalid clientIpHeader: "X Real IP"/],
    ['an open internal load balancer', () => site(newStack(), { internetFacing: false, openListener: true }), /openListener is true but internetFacing is false/],
    ['cpu not a Fargate size', () => site(newStack(), { cpu: 3000 }), /invalid cpu: 3000\. Fargate allows 256, 512/],
    ['memory not allowed for the cpu', () => site(newStack(), { cpu: 2048, memoryLimitMiB: 2048 }),
      /invalid memoryLimitMiB: 2048\. With cpu 2048, Fargate allows 4096 to 16384 in steps of 1024 MiB/],
    ['memory not allowed for 256 cpu', () => site(newStack(), { cpu: 256, memoryLimitMiB: 4096 }), /Fargate allows 512, 1024, 2048 MiB/],
    ['minCapacity above maxCapacity', () => site(newStack(), { minCapacity: 5, maxCapacity: 4 }), /invalid minCapacity: 5\. It must not exceed maxCapacity \(4\)/],
    ['minCapacity zero', () => site(newStack(), { minCapacity: 0 }), /invalid minCapacity: 0/],
    ['maxCapacity fractional', () => site(newStack(), { maxCapacity: 2.5 }), /invalid maxCapacity: 2\.5/],
    ['peakMinCapacity above maxCapacity', () => site(newStack(), { peakMinCapacity: 11 }), /invalid peakMinCapacity: 11/],
    ['CPU target out of range', () => site(newStack(), { targetCpuUtilizationPercent: 95 }), /invalid targetCpuUtilizationPercent: 95\. Allowed: a whole number from 10 to 90/],
    ['requests per target zero', () => site(newStack(), { requestsPerTargetPerMinute: 0 }), /invalid requestsPerTargetPerMinute: 0/],
    ['lead time over a day', () => site(newStack(), { peakLeadTime: Duration.hours(25) }), /invalid peakLeadTime: 1 day 1 hour\. Allowed: whole minutes from 0 to 1440/],
    ['lead time in seconds', () => site(newStack(), { peakLeadTime: Duration.seconds(90) }), /invalid peakLeadTime: 1 minute 30 seconds/],
    ['a non-IANA time zone', () => site(newStack(), { scheduleTimeZone: 'KST+9' }), /invalid scheduleTimeZone: "KST\+9"\. Allowed: an IANA time zone/],
    ['an unknown time zone', () => site(newStack(), { scheduleTimeZone: 'Asia/Atlantis' }), /invalid scheduleTimeZone: "Asia\/Atlantis"/],
    ['a peak on the 29th', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 29 }] }), /invalid monthlyPeaks\[0\]\.dayOfMonth: 29\. Allowed: a whole number from 1 to 28/],
    ['a peak on the 31st', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 31 }] }), /monthlyPeaks\[0\]\.dayOfMonth: 31/],
    ['a peak on day 0', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 0 }] }), /monthlyPeaks\[0\]\.dayOfMonth: 0/],
    ['a peak of 28 days', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 1, durationDays: 28 }] }), /monthlyPeaks\[0\]\.durationDays: 28\. Allowed: a whole number from 1 to 27/],
    ['overlapping peaks', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 5, durationDays: 3 }, { dayOfMonth: 7 }] }),
      /invalid monthlyPeaks\[1\].*overlaps monthlyPeaks\[0\] \(day 5, 3 day\(s\)\)/],
    ['peaks touching once the lead time counts', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }, { dayOfMonth: 7 }] }),
      /invalid monthlyPeaks\[1\].*overlaps monthlyPeaks\[0\]/],
    ['a peak overlapping the next month\'s first peak in February', () => site(newStack(), {
      monthlyPeaks: [{ dayOfMonth: 2 }, { dayOfMonth: 27, durationDays: 3 }],
    }), /invalid monthlyPeaks\[0\].*overlaps monthlyPeaks\[1\] \(day 27, 3 day\(s\)\)/],
    ['a long peak overlapping itself next month', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 1, durationDays: 27 }], peakLeadTime: Duration.hours(24) }),
      /overlaps itself in the next month/],
    ['a peak minCapacity above maxCapacity', () => site(newStack(), { monthlyPeaks: [{ dayOfMonth: 5, minCapacity: 12 }] }),
      /invalid monthlyPeaks\[0\]\.minCapacity: 12\. Allowed: a whole number from 1 to 10/],
    ['Spot weight zero', () => site(newStack(), { fargateSpot: { spotWeight: 0 } }), /invalid fargateSpot\.spotWeight: 0/],
    ['ACU minimum below 0.5 without auto-pause', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ minCapacity: 0 }) }),
      /invalid database \(auroraServerlessV2\)\.minCapacity: 0\. Allowed: 0\.5 to 256 in steps of 0\.5/],
    ['ACU maximum above 256', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ maxCapacity: 300 }) }),
      /maxCapacity: 300\. Allowed: 1 to 256 in steps of 0\.5/],
    ['ACU off the half steps', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ maxCapacity: 2.25 }) }), /maxCapacity: 2\.25/],
    ['ACU minimum above maximum', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ minCapacity: 8, maxCapacity: 4 }) }),
      /minCapacity: 8\. It must not exceed maxCapacity \(4\)/],
    ['auto-pause under five minutes', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ autoPause: Duration.minutes(1) }) }),
      /invalid database \(auroraServerlessV2\)\.autoPause: 1 minute\. Allowed: whole seconds from 300 to 86400/],
    ['a minimum capacity next to auto-pause (which means 0 ACU)', () => site(newStack(), {
      database: WordpressDatabase.auroraServerlessV2({ minCapacity: 1, autoPause: Duration.minutes(10) }),
    }), /invalid database \(auroraServerlessV2\)\.minCapacity: 1\. autoPause \(10 minutes\) scales the database to 0 ACU/],
    ['auto-pause on an engine without it (before 3.08)', () => site(newStack(), {
      database: WordpressDatabase.auroraServerlessV2({ autoPause: Duration.minutes(10), engineVersion: rds.AuroraMysqlEngineVersion.VER_3_04_2 }),
    }), /invalid database \(auroraServerlessV2\)\.engineVersion: "8\.0\.mysql_aurora\.3\.04\.2"\. autoPause needs Aurora MySQL 3\.08\.0/],
    ['too many readers', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ readers: 16 }) }), /readers: 16/],
    ['backtrack over 72 hours', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ backtrackWindow: Duration.hours(73) }) }),
      /invalid database \(auroraServerlessV2\)\.backtrackWindow: 3 days 1 hour\. Allowed: whole seconds from 1 to 259200/],
    ['a database port below 1150', () => site(newStack(), { database: WordpressDatabase.auroraServerlessV2({ port: 80 }) }), /port: 80/],
    ['a bad database name', () => site(newStack(), { database: WordpressDatabase.mysqlInstance({ databaseName: 'wp-site' }) }),
      /invalid database \(mysqlInstance\)\.databaseName: "wp-site"/],
    ['backup retention over 35 days', () => site(newStack(), { database: WordpressDatabase.mysqlInstance({ backupRetention: Duration.days(40) }) }),
      /backupRetention \(days\): 40/],
    ['storage ceiling under the initial storage', () => site(newStack(), {
      database: WordpressDatabase.mysqlInstance({ allocatedStorageGiB: 100, maxAllocatedStorageGiB: 50 }),
    }), /maxAllocatedStorageGiB: 50\. It must be at least allocatedStorageGiB \(100\)/],
    ['a malformed domain', () => site(newStack(), { domainName: 'not a domain', certificate: acm.Certificate.fromCertificateArn(newStack(), 'C', 'arn:aws:acm:x') }),
      /invalid domainName: "not a domain"/],
    ['a domain without hosted zone or certificate', () => site(newStack(), { domainName: 'www.example.com' }),
      /invalid domainName: "www\.example\.com"\. A domain needs hostedZone .* or certificate/],
    ['a hosted zone without a domain', () => {
      const stack = newStack();
      site(stack, { hostedZone: hostedZone(stack) });
    }, /hostedZone is set but domainName is not/],
    ['a certificate without a domain or public URL', () => {
      const stack = newStack();
      site(stack, { certificate: acm.Certificate.fromCertificateArn(stack, 'C', 'arn:aws:acm:x') });
    }, /certificate is set but neither domainName nor publicUrl/],
    ['a public URL that is not http(s)', () => site(newStack(), { publicUrl: 'ftp://example.com' }), /invalid publicUrl: "ftp:\/\/example\.com"/],
    ['usePublicUrl with a bad URL', () => site(newStack()).usePublicUrl('example.com'), /invalid publicUrl: "example\.com"/],
    ['a malformed trusted proxy CIDR', () => site(newStack(), { trustedProxyCidrs: ['10.0.0.0/33'] }), /invalid trustedProxyCidrs\[0\]: "10\.0\.0\.0\/33"/],
    ['a trusted proxy CIDR that trusts every client', () => site(newStack(), { trustedProxyCidrs: ['0.0.0.0/0'] }),
      /invalid trustedProxyCidrs\[0\]: "0\.0\.0\.0\/0"\. Allowed: an IPv4 or IPv6 CIDR with no host bits, such as "10\.0\.0\.0\/16" \(not \/0/],
    ['an access logs bucket with access logs off', () => {
      const stack = newStack();
      site(stack, { loadBalancerAccessLogs: false, accessLogsBucket: s3.Bucket.fromBucketName(stack, 'B', 'my-logs') });
    }, /accessLogsBucket is set but loadBalancerAccessLogs is false/],
    ['both vpc and cluster', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'V', { availabilityZones: ZONES });
      site(stack, { vpc, cluster: new ecs.Cluster(stack, 'C', { vpc }) });
    }, /vpc and cluster cannot both be set/],
    ['new-VPC settings with a given VPC', () => {
      const stack = newStack();
      site(stack, { vpc: new ec2.Vpc(stack, 'V', { availabilityZones: ZONES }), natGateways: 2 });
    }, /natGateways configures the new VPC, but a vpc or cluster is given/],
    ['a single availability zone', () => site(newStack(), { availabilityZones: ['ap-northeast-1a'] }), /invalid availabilityZones: \["ap-northeast-1a"\]/],
    ['three NAT gateways', () => site(newStack(), { natGateways: 3 }), /invalid natGateways: 3/],
    ['access logs in a stack without a region', () => new ScalableWordpressOnFargate(new Stack(new App(), 'Agnostic'), 'Wordpress'),
      /load balancer access logs need the stack's region/],
  ];
  test.each(cases)('%s', (_name, act, message) => {
    expect(act).toThrow(message);
  });

  test('unresolved tokens are not validated', () => {
    const stack = newStack();
    expect(() => site(stack, {
      minCapacity: Token.asNumber({ Ref: 'Min' }),
      domainName: Token.asString({ Ref: 'Domain' }),
      certificate: acm.Certificate.fromCertificateArn(stack, 'C', 'arn:aws:acm:x'),
      publicUrl: Token.asString({ Ref: 'Url' }),
      database: WordpressDatabase.auroraServerlessV2({ maxCapacity: Token.asNumber({ Ref: 'Acu' }) }),
    })).not.toThrow();
  });

  test('an unresolved time zone is not validated, and reaches the scheduled actions', () => {
    // GIVEN a time zone known only at deploy time
    const stack = newStack();
    // WHEN
    site(stack, { scheduleTimeZone: Token.asString({ Ref: 'Tz' }), monthlyPeaks: [{ dayOfMonth: 5 }] });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: Match.arrayWith([Match.objectLike({ Timezone: { Ref: 'Tz' } })]),
    });
  });
});

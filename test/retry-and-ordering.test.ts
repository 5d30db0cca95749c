import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ACCOUNT, EDGE_REGION, hostedZone, newStack, REGION, site, ZONES } from './fixtures';
import {
  createdAfter, logicalIdsOfType, retainedWithFixedName, servicesStartingEarly, TemplateJson,
} from './retry-and-ordering';
import { buildComposedApp } from '../examples/composed/app';
import { buildExistingVpcApp } from '../examples/existing-vpc/app';
import { buildMinimalApp } from '../examples/minimal/app';
import { buildPipelineApp } from '../examples/pipeline/app';
import { buildReferenceApp } from '../examples/reference/app';
import { WafLogging, WordpressDatabase, WordpressWebAcl } from 'cdk-fargate-wordpress';

/** GIVEN a site with these props WHEN synthesized: its template as JSON. */
function siteJson(props: Parameters<typeof site>[1] = {}): TemplateJson {
  const stack = newStack();
  site(stack, props);
  return Template.fromStack(stack).toJSON();
}

/** The fully-featured configuration of the cdk-nag test: domain, ARM, ECS Exec, Spot, peaks, a reader, backtrack. */
function fullyFeaturedJson(): TemplateJson {
  const stack = newStack();
  site(stack, {
    domainName: 'www.example.com',
    hostedZone: hostedZone(stack),
    cpuArchitecture: ecs.CpuArchitecture.ARM64,
    enableExecuteCommand: true,
    fargateSpot: {},
    monthlyPeaks: [{ dayOfMonth: 5, durationDays: 2 }],
    scheduleTimeZone: 'Asia/Seoul',
    database: WordpressDatabase.auroraServerlessV2({ readers: 1, backtrackWindow: Duration.hours(24) }),
  });
  return Template.fromStack(stack).toJSON();
}

/** Every stack template of every example app. */
function exampleTemplates(): Array<[string, TemplateJson]> {
  const apps = [buildMinimalApp(new App()), buildExistingVpcApp(new App()).app, buildPipelineApp(new App()),
    buildReferenceApp(new App()).app, buildComposedApp(new App())];
  return apps.flatMap((app) => app.synth().stacks.map((s): [string, TemplateJson] => [s.stackName, s.template]));
}

function cfnService(template: TemplateJson): { id: string; dependsOn: string[] } {
  const [id] = logicalIdsOfType(template, 'AWS::ECS::Service');
  const dependsOn = (template.Resources![id] as { DependsOn?: string[] }).DependsOn ?? [];
  return { id, dependsOn };
}

describe('the first deployment starts WordPress only after what it needs', () => {
  test('the service waits for the Aurora writer instance, not only for the cluster resource', () => {
    const template = siteJson();
    const [writer] = logicalIdsOfType(template, 'AWS::RDS::DBInstance');
    expect(writer).toMatch(/Writer/);
    expect(cfnService(template).dependsOn).toContain(writer);
    expect(servicesStartingEarly(template)).toEqual([]);
  });

  test('fully featured (a reader, Fargate Spot): after every DB instance and the capacity provider associations', () => {
    const template = fullyFeaturedJson();
    const instances = logicalIdsOfType(template, 'AWS::RDS::DBInstance');
    const [associations] = logicalIdsOfType(template, 'AWS::ECS::ClusterCapacityProviderAssociations');
    expect(instances).toHaveLength(2);
    expect(associations).toBeDefined();
    expect(cfnService(template).dependsOn).toEqual(expect.arrayContaining([...instances, associations]));
    expect(servicesStartingEarly(template)).toEqual([]);
  });

  test('an RDS for MySQL instance: the service refers to its endpoint, so it waits without a DependsOn', () => {
    const template = siteJson({ database: WordpressDatabase.mysqlInstance() });
    const [instance] = logicalIdsOfType(template, 'AWS::RDS::DBInstance');
    const service = cfnService(template);
    expect(service.dependsOn).not.toContain(instance);
    expect(createdAfter(template, service.id, instance)).toBe(true);
  });

  test('with the aspect feature flags a new CDK app sets (mutating aspects first, stabilization loop) the same ordering', () => {
    const app = new App({ context: { '@aws-cdk/core:aspectPrioritiesMutating': true, '@aws-cdk/core:aspectStabilization': true } });
    const stack = new Stack(app, 'Site', { env: { account: ACCOUNT, region: REGION } });
    site(stack, { fargateSpot: {} });
    const template = Template.fromStack(stack).toJSON();
    expect(logicalIdsOfType(template, 'AWS::ECS::ClusterCapacityProviderAssociations')).toHaveLength(1);
    expect(servicesStartingEarly(template)).toEqual([]);
  });

  test('a given ecs.Cluster with Fargate Spot: the service waits for that cluster\'s associations', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ZONES });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
    site(stack, { cluster, fargateSpot: { spotWeight: 2 } });
    const template = Template.fromStack(stack).toJSON();
    const [associations] = logicalIdsOfType(template, 'AWS::ECS::ClusterCapacityProviderAssociations');
    expect(associations).toBeDefined();
    expect(cfnService(template).dependsOn).toContain(associations);
    Annotations.fromStack(stack).hasWarning('/Site/Wordpress', Match.stringLikeRegexp('an imported cluster must have them before'));
  });

  test('the examples: no service starts before its database instances or capacity provider associations', () => {
    for (const [name, template] of exampleTemplates()) {
      expect({ name, early: servicesStartingEarly(template) }).toEqual({ name, early: [] });
    }
  });

  test('the check can fail: a service that only refers to the cluster resource starts before its instance', () => {
    const template: TemplateJson = {
      Resources: {
        Db: { Type: 'AWS::RDS::DBCluster' },
        Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Db' } } },
        Cluster: { Type: 'AWS::ECS::Cluster' },
        Assoc: { Type: 'AWS::ECS::ClusterCapacityProviderAssociations', Properties: { Cluster: { Ref: 'Cluster' } } },
        Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Env: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } } },
        Service: { Type: 'AWS::ECS::Service', Properties: { Cluster: { Ref: 'Cluster' }, TaskDefinition: { Ref: 'Task' } } },
      },
    };
    expect(servicesStartingEarly(template)).toEqual(['Service before Writer', 'Service before Assoc']);
  });
});

describe('a failed first deployment can be retried without clean-up', () => {
  test('defaults: fixed-name log groups and the backup vault are deleted on a rolled-back creation, kept afterwards', () => {
    const template = Template.fromJSON(siteJson());
    for (const type of ['AWS::Logs::LogGroup', 'AWS::Backup::BackupVault', 'AWS::EFS::FileSystem', 'AWS::SecretsManager::Secret']) {
      const named = Object.values(template.findResources(type)).filter((r) => type !== 'AWS::Logs::LogGroup' || r.Properties?.LogGroupName);
      expect({ type, count: named.length > 0 }).toEqual({ type, count: true });
      for (const resource of named) {
        if (resource.DeletionPolicy === 'Delete' || resource.DeletionPolicy === undefined) {
          continue; // the generated database secret: deleted with the database
        }
        expect({ type, policies: [resource.DeletionPolicy, resource.UpdateReplacePolicy] })
          .toEqual({ type, policies: ['RetainExceptOnCreate', 'Retain'] });
      }
    }
    // The access-log bucket keeps Retain: its name is generated and the load balancer's test object would block its deletion.
    expect(Object.values(template.findResources('AWS::S3::Bucket')).map((b) => b.DeletionPolicy)).toEqual(['Retain']);
  });

  test('the default and the fully-featured site: nothing retained under a fixed name', () => {
    expect(retainedWithFixedName(siteJson())).toEqual([]);
    expect(retainedWithFixedName(fullyFeaturedJson())).toEqual([]);
    expect(retainedWithFixedName(siteJson({ database: WordpressDatabase.mysqlInstance() }))).toEqual([]);
  });

  test('the web ACL\'s log group and log bucket (names WAF requires to start aws-waf-logs-)', () => {
    for (const [logging, type] of [[WafLogging.cloudWatchLogs(), 'AWS::Logs::LogGroup'], [WafLogging.s3(), 'AWS::S3::Bucket']] as const) {
      const stack = newStack('Edge', EDGE_REGION);
      new WordpressWebAcl(stack, 'WebAcl', { logging });
      const template = Template.fromStack(stack).toJSON();
      expect(retainedWithFixedName(template)).toEqual([]);
      const destination = logicalIdsOfType(template, type)[0];
      expect(template.Resources![destination]).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('every example: nothing retained under a fixed name', () => {
    for (const [name, template] of exampleTemplates()) {
      expect({ name, blocking: retainedWithFixedName(template) }).toEqual({ name, blocking: [] });
    }
  });

  test('an explicit removalPolicy is kept as given (and then the check reports what blocks a retry)', () => {
    const edge = newStack('Edge', EDGE_REGION);
    new WordpressWebAcl(edge, 'WebAcl', { logging: WafLogging.cloudWatchLogs({ removalPolicy: RemovalPolicy.RETAIN }) });
    expect(retainedWithFixedName(Template.fromStack(edge).toJSON())).toEqual([expect.stringMatching(/\(AWS::Logs::LogGroup\): LogGroupName$/)]);

    const retained = siteJson({
      removalPolicy: RemovalPolicy.RETAIN,
      database: WordpressDatabase.auroraServerlessV2({ removalPolicy: RemovalPolicy.RETAIN }),
    });
    expect(retainedWithFixedName(retained).sort()).toEqual([
      expect.stringMatching(/^WordpressBackupVault.*: BackupVaultName$/),
      expect.stringMatching(/^WordpressDatabase.*: DBClusterIdentifier$/),
      expect.stringMatching(/^WordpressDatabaseErrorLog.*: LogGroupName$/),
      expect.stringMatching(/^WordpressDatabaseSlowQueryLog.*: LogGroupName$/),
    ]);

    const destroyed = Template.fromJSON(siteJson({ database: WordpressDatabase.auroraServerlessV2({ removalPolicy: RemovalPolicy.DESTROY }) }));
    expect(Object.values(destroyed.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/rds/') } }))
      .map((g) => g.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  });

  test('the check can fail: a retained log group with a fixed name; references and generated names are ignored', () => {
    const template: TemplateJson = {
      Resources: {
        Named: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain', Properties: { LogGroupName: 'fixed' } },
        Joined: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { BucketName: { 'Fn::Join': ['', ['a-', { Ref: 'AWS::AccountId' }]] } } },
        Generated: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain', Properties: { RetentionInDays: 30 } },
        Reference: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Retain', Properties: { DBClusterIdentifier: { Ref: 'Db' } } },
        ExceptOnCreate: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'RetainExceptOnCreate', Properties: { LogGroupName: 'fine' } },
      },
    };
    expect(retainedWithFixedName(template)).toEqual(['Named (AWS::Logs::LogGroup): LogGroupName', 'Joined (AWS::S3::Bucket): BucketName']);
  });
});

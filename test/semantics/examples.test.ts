/**
 * The integration points of every example app, checked on its synthesized templates (all stacks at once):
 *
 * (a) the network: CloudFront → load balancer on the origin port, load balancer → tasks on the container
 *     port, tasks → database port and EFS 2049 open; every other way into the load balancers, tasks,
 *     databases and file systems closed, except what the example's data below allows, with its reason;
 * (b) every task definition's image pullable by its execution role, the images a pipeline releases onto
 *     a service (staging included) too;
 * (c) each ECS service created after its database instances and its capacity provider associations;
 * (d) no retained resource with a fixed name that would make a retry of a failed first create fail;
 * (e) inside each task definition, mounts name its volumes, access points belong to their file systems and container
 *     dependencies hold (./containers.ts).
 * (f) every scheduled scaling action is one Application Auto Scaling accepts and the cost estimate simulates;
 * (g) each task an EventBridge Scheduler schedule runs (WP-Cron) is its service's family on its cluster, subnets and
 *     security groups, with a role that may start it (./scheduled-tasks.ts).
 * (h) every `Fn::GetStackOutput` reads an existing output; a secret a task reads from another stack is held in its region.
 * (i) every service a pipeline releases onto takes its image from an SSM parameter (a dynamic reference) that a build step
 *     of that pipeline writes after the deployment, with a role that may put it: a stack update keeps the release.
 *
 * The checks (./network.ts, ./image-pull.ts, ./lifecycle.ts) read only the templates; the expectations
 * are the data below. See ./template-model.test.ts for the checks on tiny templates.
 */
import { App } from 'aws-cdk-lib';
import { givenCloudFrontPrefixListId } from './app-context';
import { containerFindings } from './containers';
import { crossStackTaskSecrets, unresolvedStackOutputs } from './cross-region';
import { imageUses, pullVerdict } from './image-pull';
import { missingPrerequisites, retainedWithFixedNames, servicePrerequisites } from './lifecycle';
import { databasePort, describeRule, NetworkModel, Peer, Rule } from './network';
import { releasedImageRecords } from './released-image';
import { scheduledTasks } from './scheduled-tasks';
import { scheduleProblems } from './schedules';
import { ModelResource, TemplateModel } from './template-model';
import { LoadBalancerOrigin, loadBalancerOrigins, services, ServiceTopology } from './topology';
import { buildComposedApp } from '../../examples/composed/app';
import { buildExistingVpcApp } from '../../examples/existing-vpc/app';
import { buildMinimalApp } from '../../examples/minimal/app';
import { buildPipelineApp } from '../../examples/pipeline/app';
import { buildReferenceApp } from '../../examples/reference/app';

/** Who a rule lets in, relative to one site: `CloudFront`, `internet`, `VPC`, `load balancer`, `tasks`, or the raw peer. */
type From = 'CloudFront' | 'internet' | 'VPC' | 'load balancer' | 'tasks';

/** A way in the example asks for beyond the four paths every site needs. */
interface AllowedWayIn {
  readonly to: 'load balancer' | 'tasks' | 'database' | 'file system';
  readonly from: From;
  readonly port: number;
  /** Why the example needs it. */
  readonly why: string;
}

interface Example {
  readonly name: string;
  readonly build: () => App;
  /** The example puts CloudFront in front of its load balancers (through a VPC origin or the public-ALB mode). */
  readonly cloudFront: boolean;
  /** Other ways in, as data. */
  readonly allowed: AllowedWayIn[];
  /** Stacks whose services a pipeline releases to (its released task definitions are checked too). */
  readonly releasesTo: string[];
}

const publicLoadBalancer = (why: string): AllowedWayIn[] => [
  { to: 'load balancer', from: 'internet', port: 80, why },
  { to: 'load balancer', from: 'internet', port: 443, why },
];

const EXAMPLES: Example[] = [
  { name: 'minimal', build: () => buildMinimalApp(new App()), cloudFront: true, allowed: [], releasesTo: [] },
  { name: 'existing-vpc', build: () => buildExistingVpcApp(new App()).app, cloudFront: true, allowed: [], releasesTo: [] },
  { name: 'composed', build: () => buildComposedApp(new App()), cloudFront: true, allowed: [], releasesTo: [] },
  { name: 'reference', build: () => buildReferenceApp(new App()).app, cloudFront: true, allowed: [], releasesTo: ['Staging-Site', 'Production-Site'] },
  {
    name: 'pipeline',
    build: () => buildPipelineApp(new App()),
    cloudFront: false,
    allowed: [
      ...publicLoadBalancer('the example has no CloudFront: its sites are internet-facing load balancers (HTTP redirects to HTTPS)'),
      { to: 'load balancer', from: 'VPC', port: 8443, why: 'the native blue/green test listener (WordpressDeployment.ecsBlueGreen({ testListenerPort: 8443 }))' },
      { to: 'load balancer', from: 'VPC', port: 8080, why: "CodeDeploy's blue/green test listener (WordpressDeployment.codeDeployBlueGreen())" },
    ],
    releasesTo: ['WordpressNativeBlueGreen', 'WordpressCodeDeployBlueGreen'],
  },
];

const EFS_PORT = 2049;

describe.each(EXAMPLES)('the $name example', (example) => {
  let app: App;
  let model: TemplateModel;
  let net: NetworkModel;
  let sites: ServiceTopology[];
  let origins: LoadBalancerOrigin[];
  beforeAll(() => {
    app = example.build();
    model = TemplateModel.fromAssembly(app.synth());
    net = new NetworkModel(model);
    sites = services(model);
    origins = loadBalancerOrigins(model);
  });

  /** The CloudFront prefix list ID the app was given for a load balancer's region. */
  const cloudFrontId = (lb: ModelResource) => givenCloudFrontPrefixListId(app, lb.stack.region!);

  test('every service has a load balancer, a database and a file system (the checks below are not vacuous)', () => {
    expect(sites.length).toBeGreaterThan(0);
    for (const site of sites) {
      expect([site.service.key, site.loadBalancers.length > 0, site.databases.length > 0, site.fileSystems.length > 0])
        .toEqual([site.service.key, true, true, true]);
    }
    expect(origins.length > 0).toBe(example.cloudFront);
  });

  test('(a) CloudFront reaches each load balancer it fronts, on the origin port, through its origin-facing prefix list', () => {
    const closed: string[] = [];
    for (const origin of origins) {
      const id = cloudFrontId(origin.loadBalancer);
      if (id === undefined) {
        closed.push(`${origin.loadBalancer.key}: the app was given no ID of the ${'com.amazonaws.global.cloudfront.origin-facing'} prefix list `
          + `for ${origin.loadBalancer.stack.region} (context of ec2.PrefixList.fromLookup), so nothing can admit CloudFront; `
          + `its ingress rules: ${net.inboundRules(origin.loadBalancer).map(describeRule).join('; ') || 'none'}`);
        continue;
      }
      for (const port of origin.ports) {
        const verdict = net.path({ kind: 'prefixList', id }, origin.loadBalancer, port);
        if (!verdict.open) {
          closed.push(`CloudFront (${id}) → ${origin.loadBalancer.key} tcp ${port} (${origin.kind}): ${verdict.reason}`);
        }
      }
      const listenerPorts = model.resources('AWS::ElasticLoadBalancingV2::Listener')
        .filter((l) => model.target(l.stack, l.properties.LoadBalancerArn)?.resource.key === origin.loadBalancer.key)
        .map((l) => Number(l.properties.Port));
      expect({ lb: origin.loadBalancer.key, originPortsWithListener: origin.ports.filter((p) => listenerPorts.includes(p)) })
        .toEqual({ lb: origin.loadBalancer.key, originPortsWithListener: origin.ports });
    }
    expect(closed).toEqual([]);
  });

  test('(a) each load balancer reaches its tasks on the container port; the tasks reach their database port and EFS 2049', () => {
    const closed: string[] = [];
    const check = (from: ModelResource, to: ModelResource, port: number) => {
      const verdict = net.path({ kind: 'resource', resource: from }, to, port);
      if (!verdict.open) {
        closed.push(`${from.key} → ${to.key} tcp ${port}: ${verdict.reason}`);
      }
    };
    for (const site of sites) {
      site.loadBalancers.forEach(({ loadBalancer, containerPort }) => check(loadBalancer, site.service, containerPort));
      site.databases.forEach((db) => check(site.service, db, databasePort(model, db)));
      site.fileSystems.forEach((fs) => check(site.service, fs, EFS_PORT));
    }
    expect(closed).toEqual([]);
  });

  test('(a) nothing else gets into the load balancers, tasks, databases or file systems', () => {
    const unexpected: string[] = [];
    for (const site of sites) {
      const lbGroups = new Set(site.loadBalancers.flatMap(({ loadBalancer }) => net.securityGroupsOf(loadBalancer)).map((g) => g.key));
      const taskGroups = new Set(net.securityGroupsOf(site.service).map((g) => g.key));
      const from = (peer: Peer, rule: Rule): string => {
        switch (peer.kind) {
          case 'prefixList': {
            const cloudFront = site.loadBalancers.map(({ loadBalancer }) => cloudFrontId(loadBalancer)).find((id) => id !== undefined);
            return peer.id === cloudFront ? 'CloudFront' : `prefix list ${peer.id}`;
          }
          case 'cidr':
            return peer.cidr === '0.0.0.0/0' || peer.cidr === '::/0' ? 'internet' : peer.cidr === net.vpcCidrOf(rule.group) ? 'VPC' : peer.cidr;
          case 'securityGroup':
            return lbGroups.has(peer.group.key) ? 'load balancer' : taskGroups.has(peer.group.key) ? 'tasks' : `security group ${peer.group.key}`;
          default:
            return `unresolved ${peer.expression}`;
        }
      };
      const needed: AllowedWayIn[] = [
        ...site.loadBalancers.flatMap(({ loadBalancer, containerPort }) => [
          { to: 'tasks' as const, from: 'load balancer' as const, port: containerPort, why: 'the load balancer forwards to the tasks' },
          ...origins.filter((o) => o.loadBalancer.key === loadBalancer.key)
            .flatMap((o) => o.ports.map((port) => ({ to: 'load balancer' as const, from: 'CloudFront' as const, port, why: 'CloudFront origin' }))),
        ]),
        ...site.databases.map((db) => ({ to: 'database' as const, from: 'tasks' as const, port: databasePort(model, db), why: 'WordPress' })),
        ...site.fileSystems.map(() => ({ to: 'file system' as const, from: 'tasks' as const, port: EFS_PORT, why: 'NFS' })),
        ...example.allowed,
      ];
      const components: Array<[AllowedWayIn['to'], ModelResource]> = [
        ...site.loadBalancers.map(({ loadBalancer }) => ['load balancer', loadBalancer] as [AllowedWayIn['to'], ModelResource]),
        ['tasks', site.service],
        ...site.databases.map((db) => ['database', db] as [AllowedWayIn['to'], ModelResource]),
        ...site.fileSystems.map((fs) => ['file system', fs] as [AllowedWayIn['to'], ModelResource]),
      ];
      for (const [to, resource] of components) {
        for (const rule of net.inboundRules(resource)) {
          const who = from(rule.peer, rule);
          const ok = needed.some((w) => w.to === to && w.from === who && rule.protocol === 'tcp' && rule.fromPort === w.port && rule.toPort === w.port);
          if (!ok) {
            unexpected.push(`${to} ${resource.key} admits ${describeRule(rule)} [${who}]`);
          }
        }
      }
    }
    expect([...new Set(unexpected)]).toEqual([]);
  });

  test("(b) every task definition's image is pullable by its execution role, the images a pipeline releases included", () => {
    const uses = imageUses(model);
    const released = new Set(uses.filter((u) => u.via !== 'template').map((u) => u.taskDefinition.stack.stackName));
    expect([...released].sort()).toEqual([...example.releasesTo].sort());
    const unpullable = uses.flatMap((use) => {
      const verdict = pullVerdict(model, use);
      return verdict.pullable ? [] : [`${use.taskDefinition.key} ${use.container} (${use.via}): missing ${verdict.missing.join('; ')}`];
    });
    expect(unpullable).toEqual([]);
  });

  test('(c) each service is created after its database instances and its capacity provider associations', () => {
    expect(servicePrerequisites(model).length).toBeGreaterThan(0);
    expect(missingPrerequisites(model).map((p) => `${p.service.key} is not created after ${p.prerequisite.key} (${p.why})`)).toEqual([]);
  });

  test('(g) each scheduled task (WP-Cron) runs its service\'s family on its cluster, subnets and security groups, with a role that may start it', () => {
    const tasks = scheduledTasks(model);
    expect(tasks.length).toBeGreaterThan(0); // every example keeps the default: scheduled cron
    expect(tasks.flatMap((t) => t.findings.map((f) => `${t.schedule.key}: ${f}`))).toEqual([]);
  });

  test('(d) no retained resource with a fixed name blocks a retry of a failed first create', () => {
    expect(retainedWithFixedNames(model).map(({ resource, name }) => `${resource.key} (${resource.type} "${name}", DeletionPolicy Retain)`)).toEqual([]);
  });

  test('(e) in each task definition, mounts name its volumes, access points belong to their file systems, container dependencies hold', () => {
    expect(model.resources('AWS::ECS::TaskDefinition').length).toBeGreaterThan(0);
    expect(containerFindings(model)).toEqual([]);
  });

  test('(f) every scheduled scaling action is one Application Auto Scaling accepts and the cost estimate simulates', () => {
    expect(scheduleProblems(model)).toEqual([]);
  });

  test('(h) every Fn::GetStackOutput reads an output its stack defines; a secret a task reads from another stack is in the task\'s region', () => {
    expect(unresolvedStackOutputs(model)).toEqual([]);
    for (const read of crossStackTaskSecrets(model)) {
      expect({ at: read.at, arnRegion: read.arnRegion }).toEqual({ at: read.at, arnRegion: read.taskRegion });
      expect({ at: read.at, held: read.secretRegion === read.taskRegion || read.replicaRegions.includes(read.taskRegion) })
        .toEqual({ at: read.at, held: true });
    }
    if (example.name === 'reference') {
      expect(crossStackTaskSecrets(model).map((r) => r.at)).toEqual([expect.stringMatching(/^Production-Site\/.* LoadGenerator REHEARSAL_TOKEN$/)]);
    }
  });

  test('(i) every service a pipeline releases onto runs the image of a parameter the pipeline writes after each deployment', () => {
    const records = releasedImageRecords(model);
    expect([...new Set(records.map((r) => r.service.stack.stackName))].sort()).toEqual([...example.releasesTo].sort());
    expect(records.flatMap((r) => r.missing.map((m) => `${r.service.key} (${r.via}): missing ${m}`))).toEqual([]);
  });
});

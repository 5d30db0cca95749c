/**
 * Reachability evaluated from security-group rules, over a TemplateModel.
 *
 * A path from a source to a resource on a TCP port is open when one ingress rule of one of the resource's
 * security groups admits the source on that port and, for a source that is itself a resource in a security
 * group, one egress rule of its groups lets the traffic out. Rules come from the groups' inline
 * `SecurityGroupIngress` / `SecurityGroupEgress` and from `AWS::EC2::SecurityGroupIngress` / `...Egress`
 * resources; a peer is a security group (`SourceSecurityGroupId` / `DestinationSecurityGroupId`), a CIDR
 * (`CidrIp` / `CidrIpv6`, a VPC's `CidrBlock` resolved) or a managed prefix list (`SourcePrefixListId`).
 * A group that declares no egress rule allows all egress (CloudFormation's default):
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 *
 * Which resource is in which group: a load balancer's `SecurityGroups`, an ECS service's
 * `NetworkConfiguration.AwsvpcConfiguration.SecurityGroups`, an RDS cluster's `VpcSecurityGroupIds` or a stand-alone
 * instance's `VPCSecurityGroups` (an instance of a cluster is in the cluster's groups), an EFS file system's mount
 * targets' `SecurityGroups`, and for any other type a `SecurityGroups` / `SecurityGroupIds` /
 * `VpcSecurityGroupIds` property.
 */
import { ModelResource, StackTemplate, TemplateModel } from './template-model';

/** Where traffic comes from (or, for an egress rule, goes to). */
export type Peer =
  | { readonly kind: 'securityGroup'; readonly group: ModelResource }
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'prefixList'; readonly id: string }
  /** A value the model cannot resolve before deployment (an imported group id, a CIDR from a lookup...). */
  | { readonly kind: 'unresolved'; readonly expression: string };

/** A source of traffic: a resource of the model (in its security groups), an address range, or a prefix list. */
export type Source =
  | { readonly kind: 'resource'; readonly resource: ModelResource }
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'prefixList'; readonly id: string };

/** One security group rule. */
export interface Rule {
  readonly group: ModelResource;
  readonly direction: 'ingress' | 'egress';
  /** `tcp`, `udp`, `icmp`, ... or `-1` (all). */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: Peer;
  readonly description?: string;
  /** The resource that declares the rule (the group itself for an inline rule). */
  readonly declaredBy: ModelResource;
}

/** The verdict on one path, with the rules that make it open. */
export interface PathVerdict {
  readonly open: boolean;
  readonly ingress?: Rule;
  readonly egress?: Rule;
  /** Why the path is closed (empty when open). */
  readonly reason: string;
}

const PROTOCOL_NUMBERS: { [n: string]: string } = { 6: 'tcp', 17: 'udp', 1: 'icmp', 58: 'icmpv6' };

/** Security groups, their rules and members, and the paths they open. */
export class NetworkModel {
  private readonly rulesByGroup = new Map<string, Rule[]>();

  constructor(public readonly model: TemplateModel) {
    for (const group of model.resources('AWS::EC2::SecurityGroup')) {
      const rules: Rule[] = [];
      for (const r of group.properties.SecurityGroupIngress ?? []) {
        rules.push(this.rule(group, group, 'ingress', r));
      }
      const egress = group.properties.SecurityGroupEgress;
      if (egress === undefined) {
        rules.push({
          group,
          declaredBy: group,
          direction: 'egress',
          protocol: '-1',
          fromPort: 0,
          toPort: 65535,
          peer: { kind: 'cidr', cidr: '0.0.0.0/0' },
          description: '(default egress)',
        });
      }
      for (const r of egress ?? []) {
        rules.push(this.rule(group, group, 'egress', r));
      }
      this.rulesByGroup.set(group.key, rules);
    }
    for (const [type, direction] of [['AWS::EC2::SecurityGroupIngress', 'ingress'], ['AWS::EC2::SecurityGroupEgress', 'egress']] as const) {
      for (const resource of model.resources(type)) {
        const group = this.model.target(resource.stack, resource.properties.GroupId)?.resource;
        if (group?.type === 'AWS::EC2::SecurityGroup') {
          this.rulesByGroup.get(group.key)!.push(this.rule(group, resource, direction, resource.properties));
        }
      }
    }
  }

  /** The rules of a security group in one direction. */
  public rules(group: ModelResource, direction: 'ingress' | 'egress'): Rule[] {
    return (this.rulesByGroup.get(group.key) ?? []).filter((r) => r.direction === direction);
  }

  /** The security groups a resource is in (see the file comment for which property of which type). */
  public securityGroupsOf(resource: ModelResource): ModelResource[] {
    const p = resource.properties;
    let ids: any[];
    switch (resource.type) {
      case 'AWS::ECS::Service':
        ids = p.NetworkConfiguration?.AwsvpcConfiguration?.SecurityGroups ?? [];
        break;
      case 'AWS::RDS::DBInstance': {
        const cluster = p.DBClusterIdentifier !== undefined ? this.model.target(resource.stack, p.DBClusterIdentifier)?.resource : undefined;
        return cluster ? this.securityGroupsOf(cluster) : this.groups(resource.stack, p.VPCSecurityGroups ?? []);
      }
      case 'AWS::EFS::FileSystem':
        return unique(this.model.resources('AWS::EFS::MountTarget')
          .filter((mt) => this.model.target(mt.stack, mt.properties.FileSystemId)?.resource.key === resource.key)
          .flatMap((mt) => this.groups(mt.stack, mt.properties.SecurityGroups ?? [])));
      default:
        ids = p.SecurityGroups ?? p.SecurityGroupIds ?? p.VpcSecurityGroupIds ?? [];
    }
    return this.groups(resource.stack, ids);
  }

  /** Every ingress rule of every security group of a resource: all the ways in. */
  public inboundRules(resource: ModelResource): Rule[] {
    return this.securityGroupsOf(resource).flatMap((g) => this.rules(g, 'ingress'));
  }

  /** Whether `source` reaches `target` on a TCP port, and through which rules. */
  public path(source: Source, target: ModelResource, port: number): PathVerdict {
    const targetGroups = this.securityGroupsOf(target);
    if (targetGroups.length === 0) {
      return { open: false, reason: `${target.key} is in no security group of the model` };
    }
    const ingress = targetGroups.flatMap((g) => this.rules(g, 'ingress'))
      .find((r) => carries(r, port) && this.admits(r.peer, source));
    if (!ingress) {
      const ways = targetGroups.flatMap((g) => this.rules(g, 'ingress')).map(describeRule);
      return {
        open: false,
        reason: `no ingress rule of ${target.key} admits ${describeSource(source)} on tcp ${port}; `
        + `its ingress rules: ${ways.length ? ways.join('; ') : 'none'}`,
      };
    }
    if (source.kind !== 'resource') {
      return { open: true, ingress, reason: '' };
    }
    const targetVpcCidr = this.vpcCidrOf(targetGroups[0]);
    const egress = this.securityGroupsOf(source.resource).flatMap((g) => this.rules(g, 'egress')).find((r) => carries(r, port) && (
      r.peer.kind === 'securityGroup' ? targetGroups.some((g) => g.key === (r.peer as any).group.key)
        : r.peer.kind === 'cidr' && (r.peer.cidr === '0.0.0.0/0' || (targetVpcCidr !== undefined && cidrContains(r.peer.cidr, targetVpcCidr)))));
    if (!egress) {
      return { open: false, ingress, reason: `no egress rule of ${source.resource.key} lets tcp ${port} out to ${target.key}` };
    }
    return { open: true, ingress, egress, reason: '' };
  }

  /** The CIDR of the VPC a security group belongs to (resolved from the VPC's `CidrBlock`), if known. */
  public vpcCidrOf(group: ModelResource): string | undefined {
    const vpc = this.model.target(group.stack, group.properties.VpcId)?.resource;
    return vpc?.type === 'AWS::EC2::VPC' ? this.model.render(vpc.stack, vpc.properties.CidrBlock) : undefined;
  }

  /** Whether a rule's peer admits a source. */
  private admits(peer: Peer, source: Source): boolean {
    switch (peer.kind) {
      case 'securityGroup':
        return source.kind === 'resource' && this.securityGroupsOf(source.resource).some((g) => g.key === peer.group.key);
      case 'prefixList':
        return source.kind === 'prefixList' && source.id === peer.id;
      case 'cidr': {
        if (source.kind === 'cidr') {
          return cidrContains(peer.cidr, source.cidr);
        }
        if (source.kind === 'resource') {
          // A resource in a VPC has one of the VPC's addresses: admitted when the rule covers the whole VPC.
          const vpcCidr = this.securityGroupsOf(source.resource).map((g) => this.vpcCidrOf(g)).find((c) => c !== undefined);
          return vpcCidr !== undefined && cidrContains(peer.cidr, vpcCidr);
        }
        return false;
      }
      default:
        return false;
    }
  }

  private groups(stack: StackTemplate, ids: any[]): ModelResource[] {
    return unique(ids.map((id) => this.model.target(stack, id)?.resource).filter((g): g is ModelResource => g?.type === 'AWS::EC2::SecurityGroup'));
  }

  private rule(group: ModelResource, declaredBy: ModelResource, direction: 'ingress' | 'egress', r: any): Rule {
    const stack = declaredBy.stack;
    const protocol = String(r.IpProtocol);
    const all = protocol === '-1';
    const fromPort = all ? 0 : this.port(stack, r.FromPort, `${declaredBy.key} FromPort`);
    const toPort = all ? 65535 : this.port(stack, r.ToPort, `${declaredBy.key} ToPort`);
    return {
      group,
      declaredBy,
      direction,
      protocol: PROTOCOL_NUMBERS[protocol] ?? protocol,
      fromPort,
      toPort,
      peer: this.peer(stack, r, direction),
      description: r.Description,
    };
  }

  private peer(stack: StackTemplate, r: any, direction: 'ingress' | 'egress'): Peer {
    const groupId = direction === 'ingress' ? r.SourceSecurityGroupId : r.DestinationSecurityGroupId;
    const prefixList = direction === 'ingress' ? r.SourcePrefixListId : r.DestinationPrefixListId;
    if (groupId !== undefined) {
      const group = this.model.target(stack, groupId)?.resource;
      return group?.type === 'AWS::EC2::SecurityGroup' ? { kind: 'securityGroup', group } : { kind: 'unresolved', expression: JSON.stringify(groupId) };
    }
    if (prefixList !== undefined) {
      const id = this.model.render(stack, prefixList);
      return id !== undefined ? { kind: 'prefixList', id } : { kind: 'unresolved', expression: JSON.stringify(prefixList) };
    }
    const cidr = r.CidrIp ?? r.CidrIpv6;
    const rendered = this.cidr(stack, cidr);
    return rendered !== undefined ? { kind: 'cidr', cidr: rendered } : { kind: 'unresolved', expression: JSON.stringify(cidr) };
  }

  /** A CIDR: a literal, or a VPC's `CidrBlock` (`Fn::GetAtt [Vpc, CidrBlock]`, also across stacks). */
  private cidr(stack: StackTemplate, value: any): string | undefined {
    const t = this.model.target(stack, value);
    if (t?.resource.type === 'AWS::EC2::VPC' && t.attribute === 'CidrBlock') {
      return this.model.render(t.resource.stack, t.resource.properties.CidrBlock);
    }
    return this.model.render(stack, value);
  }

  /** A port: a number, or a database's `Endpoint.Port` (its `Port` property, else the engine's default). */
  private port(stack: StackTemplate, value: any, what: string): number {
    const literal = this.model.render(stack, value);
    if (literal !== undefined && /^-?\d+$/.test(literal)) {
      return Number(literal);
    }
    const t = this.model.target(stack, value);
    if (t && t.attribute === 'Endpoint.Port') {
      return databasePort(this.model, t.resource);
    }
    throw new Error(`${what}: cannot resolve the port ${JSON.stringify(value)}`);
  }
}

/**
 * The port a database listens on: its `Port` property, else the engine's default (MySQL-compatible 3306,
 * PostgreSQL 5432). An instance of a cluster listens on the cluster's port.
 */
export function databasePort(model: TemplateModel, db: ModelResource): number {
  if (db.type === 'AWS::RDS::DBInstance' && db.properties.DBClusterIdentifier !== undefined) {
    const cluster = model.target(db.stack, db.properties.DBClusterIdentifier)?.resource;
    if (cluster) {
      return databasePort(model, cluster);
    }
  }
  const port = model.render(db.stack, db.properties.Port);
  if (port !== undefined) {
    return Number(port);
  }
  const engine = String(model.render(db.stack, db.properties.Engine) ?? '');
  if (/mysql|mariadb/.test(engine)) {
    return 3306;
  }
  if (/postgres/.test(engine)) {
    return 5432;
  }
  throw new Error(`${db.key}: no Port and an engine without a known default (${engine})`);
}

/** A rule that carries TCP traffic to this port. */
function carries(rule: Rule, port: number): boolean {
  return (rule.protocol === '-1' || rule.protocol === 'tcp') && rule.fromPort <= port && port <= rule.toPort;
}

/** A rule in words: `tcp 80 from 10.0.0.0/16 (description)`. */
export function describeRule(rule: Rule): string {
  const ports = rule.protocol === '-1' ? 'all traffic' : `${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
  return `${ports} ${rule.direction === 'ingress' ? 'from' : 'to'} ${describePeer(rule.peer)}${rule.description ? ` (${rule.description})` : ''}`;
}

/** A peer in words. */
export function describePeer(peer: Peer): string {
  switch (peer.kind) {
    case 'securityGroup': return `security group ${peer.group.key}`;
    case 'cidr': return peer.cidr;
    case 'prefixList': return `prefix list ${peer.id}`;
    default: return `unresolved ${peer.expression}`;
  }
}

/** A source in words. */
export function describeSource(source: Source): string {
  switch (source.kind) {
    case 'resource': return source.resource.key;
    case 'cidr': return source.cidr;
    default: return `prefix list ${source.id}`;
  }
}

/** Whether CIDR `outer` contains every address of CIDR `inner` (IPv4 or IPv6; different families never). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b || a.bits !== b.bits || a.prefix > b.prefix) {
    return false;
  }
  // The network part: the address divided by 2^(host bits), truncated (addresses are never negative).
  const hostSize = 2n ** BigInt(a.bits - a.prefix);
  return a.address / hostSize === b.address / hostSize;
}

function parseCidr(cidr: string): { address: bigint; prefix: number; bits: number } | undefined {
  const [ip, prefixText] = cidr.split('/');
  if (ip.includes(':')) {
    const [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    if (groups.length !== 8) {
      return undefined;
    }
    const address = groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g || '0', 16)), 0n);
    return { address, prefix: prefixText === undefined ? 128 : Number(prefixText), bits: 128 };
  }
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255))) {
    return undefined;
  }
  const address = octets.reduce((acc, o) => acc * 256n + BigInt(o), 0n);
  return { address, prefix: prefixText === undefined ? 32 : Number(prefixText), bits: 32 };
}

function unique(resources: ModelResource[]): ModelResource[] {
  return [...new Map(resources.map((r) => [r.key, r])).values()];
}

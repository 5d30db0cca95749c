/**
 * Template checks for two things a first deployment needs and unit assertions on properties cannot see:
 * resource ordering (what CloudFormation creates before what) and retryability (what a rolled-back
 * creation leaves behind under a fixed name). They read synthesized CloudFormation only.
 */

/** A synthesized template (`Template.toJSON()` or a cloud assembly stack's `template`). */
export type TemplateJson = { Resources?: { [logicalId: string]: CfnResourceJson } };

interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: { [key: string]: unknown };
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
}

/** Properties named like a physical name that are not the resource's own name. */
const NOT_A_PHYSICAL_NAME = new Set(['DBName', 'DatabaseName']);

/**
 * The resource's own physical-name properties with a value fixed in the template: top-level `...Name` or
 * `...Identifier` properties whose value is not a reference to another resource (a bare `Ref` or
 * `Fn::GetAtt`, e.g. a DB instance's `DBClusterIdentifier`).
 */
export function fixedNames(resource: CfnResourceJson): string[] {
  return Object.entries(resource.Properties ?? {})
    .filter(([key]) => /(Name|Identifier)$/.test(key) && !NOT_A_PHYSICAL_NAME.has(key))
    .filter(([, value]) => typeof value === 'string' || (isObject(value) && !('Ref' in value) && !('Fn::GetAtt' in value)))
    .map(([key]) => key);
}

/**
 * Resources that CloudFormation keeps when the stack's creation rolls back (`DeletionPolicy: Retain`) and
 * whose name is fixed in the template: a retry of the failed first deployment fails on each with
 * "already exists". `RetainExceptOnCreate`, `Snapshot` and `Delete` free the name on a rolled-back creation
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
 * Returns `<logicalId> (<Type>): <property>` lines.
 */
export function retainedWithFixedName(template: TemplateJson): string[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.DeletionPolicy === 'Retain')
    .flatMap(([id, resource]) => fixedNames(resource).map((prop) => `${id} (${resource.Type}): ${prop}`));
}

/** Logical ids a resource waits for directly: its `DependsOn` and every `Ref`, `Fn::GetAtt` and `Fn::Sub` reference. */
export function directDependencies(template: TemplateJson, logicalId: string): Set<string> {
  const resources = template.Resources ?? {};
  const resource = resources[logicalId];
  if (!resource) {
    throw new Error(`no resource ${logicalId} in the template`);
  }
  const found = new Set<string>([resource.DependsOn ?? []].flat());
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (isObject(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string') {
          found.add(inner);
        } else if (key === 'Fn::GetAtt') {
          found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
        } else if (key === 'Fn::Sub') {
          const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
          for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) {
            found.add(match[1]);
          }
          walk(Array.isArray(inner) ? inner[1] : undefined);
        } else {
          walk(inner);
        }
      }
    }
  };
  walk(resource.Properties);
  return new Set([...found].filter((id) => id in resources));
}

/** True when CloudFormation creates `first` before it starts `logicalId` (a path of dependencies leads there). */
export function createdAfter(template: TemplateJson, logicalId: string, first: string): boolean {
  const seen = new Set<string>();
  const queue = [logicalId];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const dependency of directDependencies(template, current)) {
      if (dependency === first) {
        return true;
      }
      if (!seen.has(dependency)) {
        seen.add(dependency);
        queue.push(dependency);
      }
    }
  }
  return false;
}

/** Logical ids of the template's resources of a type. */
export function logicalIdsOfType(template: TemplateJson, type: string): string[] {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type).map(([id]) => id);
}

/**
 * What the ECS services of a template would start before: for each `AWS::ECS::Service`, the DB instances
 * of the Aurora clusters it uses (the cluster resource completes minutes before its instances accept
 * connections) and the capacity provider associations of its ECS cluster that it is NOT created after.
 * Empty when the ordering is right.
 */
export function servicesStartingEarly(template: TemplateJson): string[] {
  const resources = template.Resources ?? {};
  const refTo = (value: unknown): string | undefined => (isObject(value) && typeof value.Ref === 'string' ? value.Ref : undefined);
  return logicalIdsOfType(template, 'AWS::ECS::Service').flatMap((service) => {
    const ecsCluster = refTo(resources[service].Properties?.Cluster);
    const dbClusters = logicalIdsOfType(template, 'AWS::RDS::DBCluster').filter((c) => createdAfter(template, service, c));
    const prerequisites = [
      ...logicalIdsOfType(template, 'AWS::RDS::DBInstance')
        .filter((i) => dbClusters.includes(refTo(resources[i].Properties?.DBClusterIdentifier) ?? '')),
      ...logicalIdsOfType(template, 'AWS::ECS::ClusterCapacityProviderAssociations')
        .filter((a) => ecsCluster !== undefined && refTo(resources[a].Properties?.Cluster) === ecsCluster),
    ];
    return prerequisites.filter((p) => !createdAfter(template, service, p)).map((p) => `${service} before ${p}`);
  });
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

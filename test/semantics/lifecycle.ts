/**
 * Stack life-cycle checks over a TemplateModel: what is created before what, and what survives a failed
 * first create.
 */
import { ModelResource, NAME_PROPERTIES, TemplateModel } from './template-model';
import { services } from './topology';

/** A resource an ECS service must be created after, and why. */
export interface Prerequisite {
  readonly service: ModelResource;
  readonly prerequisite: ModelResource;
  readonly why: string;
}

/**
 * What each ECS service must wait for, read from the templates:
 * - the database instances its tasks are given (a cluster's instances, or a stand-alone instance): an
 *   Aurora cluster accepts no connection before its writer instance exists, and tasks that start first
 *   fail their health checks (the deployment circuit breaker then rolls the stack back);
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Overview.html
 * - with a capacity provider strategy, its cluster's `AWS::ECS::ClusterCapacityProviderAssociations`:
 *   a service created before the association fails ("capacity provider ... is not associated with the cluster").
 *   https://github.com/aws/containers-roadmap/issues/631#issuecomment-816354807 (the known race: give the service an
 *   explicit DependsOn on the association) and the CloudFormation reference of the association resource:
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-clustercapacityproviderassociations.html
 */
export function servicePrerequisites(model: TemplateModel): Prerequisite[] {
  const found: Prerequisite[] = [];
  for (const { service, databases } of services(model)) {
    for (const db of databases) {
      const instances = db.type === 'AWS::RDS::DBInstance' ? [db] : model.resources('AWS::RDS::DBInstance')
        .filter((i) => model.target(i.stack, i.properties.DBClusterIdentifier)?.resource.key === db.key);
      for (const instance of instances) {
        found.push({ service, prerequisite: instance, why: `the database instance its tasks connect to (${db.key})` });
      }
    }
    const strategy = service.properties.CapacityProviderStrategy;
    if (strategy && strategy.length > 0) {
      const cluster = model.target(service.stack, service.properties.Cluster)?.resource;
      for (const association of model.resources('AWS::ECS::ClusterCapacityProviderAssociations')) {
        if (cluster && model.target(association.stack, association.properties.Cluster)?.resource.key === cluster.key) {
          found.push({ service, prerequisite: association, why: 'the capacity providers of its strategy, associated with its cluster' });
        }
      }
    }
  }
  return found;
}

/** The prerequisites a service is not created after (neither `DependsOn` nor a reference, direct or transitive). */
export function missingPrerequisites(model: TemplateModel): Prerequisite[] {
  return servicePrerequisites(model).filter((p) => !model.isCreatedAfter(p.service, p.prerequisite));
}

/**
 * Resources that block a retry after a failed first create: `DeletionPolicy: Retain` keeps them when
 * CloudFormation rolls the create back, and a physical name fixed in the template makes the retry create
 * the same name again ("already exists"). `RetainExceptOnCreate` deletes them on a failed create; an
 * unnamed resource gets a new name on the retry.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
 */
export function retainedWithFixedNames(model: TemplateModel): Array<{ resource: ModelResource; name: string }> {
  return model.resources().flatMap((resource) => {
    const nameProperty = NAME_PROPERTIES[resource.type];
    const name = nameProperty ? resource.properties[nameProperty] : undefined;
    if (resource.deletionPolicy !== 'Retain' || name === undefined) {
      return [];
    }
    return [{ resource, name: model.render(resource.stack, name) ?? JSON.stringify(name) }];
  });
}

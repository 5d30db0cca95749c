/**
 * Inside each ECS task definition: what its containers refer to by name must exist, or the task definition's
 * registration (or every task's start) fails at deploy time, where no unit test of one construct sees it.
 * - every mount point names a volume of the task definition;
 * - an EFS volume's access point (`AuthorizationConfig.AccessPointId`) belongs to the volume's file system;
 * - every `DependsOn` names another container of the task definition, and the conditions COMPLETE and SUCCESS, which
 *   "can't be set on an essential container", name a non-essential one
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html);
 * - at least one container is essential.
 */
import { TemplateModel } from './template-model';

/** Human-readable findings, one per broken reference (empty when every reference holds). */
export function containerFindings(model: TemplateModel): string[] {
  const findings: string[] = [];
  for (const taskDefinition of model.resources('AWS::ECS::TaskDefinition')) {
    const where = taskDefinition.key;
    const containers: any[] = taskDefinition.properties.ContainerDefinitions ?? [];
    const volumes: any[] = taskDefinition.properties.Volumes ?? [];
    const volumeNames = volumes.map((v) => v.Name);
    const byName = new Map(containers.map((c) => [c.Name, c]));
    if (!containers.some((c) => c.Essential !== false)) {
      findings.push(`${where}: no essential container`);
    }
    for (const container of containers) {
      for (const mount of container.MountPoints ?? []) {
        if (!volumeNames.includes(mount.SourceVolume)) {
          findings.push(`${where}: container ${container.Name} mounts ${mount.SourceVolume}, which is not a volume (${volumeNames.join(', ') || 'none'})`);
        }
      }
      for (const dependency of container.DependsOn ?? []) {
        const other = byName.get(dependency.ContainerName);
        if (!other || other === container) {
          findings.push(`${where}: container ${container.Name} depends on ${dependency.ContainerName}, which is not another container of it`);
        } else if (['COMPLETE', 'SUCCESS'].includes(dependency.Condition) && other.Essential !== false) {
          findings.push(`${where}: container ${container.Name} waits for ${dependency.Condition} of ${other.Name}, which is essential`);
        }
      }
    }
    for (const volume of volumes) {
      const efs = volume.EFSVolumeConfiguration;
      const accessPoint = efs?.AuthorizationConfig?.AccessPointId;
      if (accessPoint === undefined) {
        continue;
      }
      const ap = model.target(taskDefinition.stack, accessPoint)?.resource;
      const fileSystem = model.target(taskDefinition.stack, efs.FilesystemId)?.resource;
      const apFileSystem = ap ? model.target(ap.stack, ap.properties.FileSystemId)?.resource : undefined;
      if (!ap || !fileSystem || apFileSystem?.key !== fileSystem.key) {
        findings.push(`${where}: volume ${volume.Name}'s access point ${ap?.key ?? JSON.stringify(accessPoint)} is not one of its file system `
          + `${fileSystem?.key ?? JSON.stringify(efs.FilesystemId)}`);
      }
    }
  }
  return findings;
}

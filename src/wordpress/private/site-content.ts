import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import {
  ENV_SYNC_DIRECTORIES, ENV_SYNC_SOURCE, ENV_SYNC_STALE_MINUTES, ENV_SYNC_TARGET, RELEASE_SYNC_SCRIPT, SYNC_STATE_DIRECTORY,
} from './release-sync-script';
import { propError } from '../../private/validation';
import { ScalableWordpressOnFargateProps } from '../scalable-wordpress-on-fargate-props';
import { WordpressContent } from '../wordpress-content';
import { WordpressDeployment } from '../wordpress-deployment';
import { WordpressImage } from '../wordpress-image';

/** The directories of wp-content the release sync copies by default. */
export const DEFAULT_SYNC_DIRECTORIES = ['themes', 'plugins', 'mu-plugins'];
/** Where the release-sync container mounts the shared wp-content. */
export const SYNC_MOUNT_PATH = '/mnt/wp-content';
/** Name of the release-sync container. */
export const SYNC_CONTAINER_NAME = 'release-sync';

/** The content model with every default applied. */
export interface ResolvedContent {
  /** The choice, as given or defaulted. */
  readonly content: WordpressContent;
  readonly immutable: boolean;
  /** Root of the access point on the file system. */
  readonly accessPointPath: string;
  /** Name of the task definition's volume and where the WordPress container mounts it. */
  readonly volumeName: string;
  readonly mountPath: string;
  /** The directories the release sync copies; undefined: no release sync. */
  readonly releaseSyncDirectories?: string[];
}

/**
 * True for the official `wordpress` image (ECR Public or Docker Hub), which ships nothing but WordPress: no site
 * code of its own that a release could deliver.
 */
export function isOfficialImage(image: WordpressImage): boolean {
  const name = image.imageName;
  return name !== undefined
    && /^(public\.ecr\.aws\/docker\/library\/|(registry-1\.|index\.)?docker\.io\/(library\/)?|library\/)?wordpress([:@].*)?$/.test(name);
}

/**
 * The content model of a site: `props.content`, else immutable for a blue/green site (a pipeline releases its image)
 * and shared for a rolling one. Throws, naming `content`, on a choice the site cannot honour.
 */
export function resolveContent(scope: IConstruct, props: ScalableWordpressOnFargateProps, image: WordpressImage,
  deployment: WordpressDeployment, tracksReleases: boolean): ResolvedContent {
  // A pipeline releases onto the site: blue/green, or a (staging) site that runs its last released image.
  const released = deployment.blueGreen || tracksReleases;
  const content = props.content ?? (deployment.blueGreen ? WordpressContent.immutable() : WordpressContent.shared());
  const binding = content._bind();
  const official = isOfficialImage(image);
  if (binding.kind === 'IMMUTABLE') {
    if (!released && official) {
      throw propError(scope, 'content', 'WordpressContent.immutable()',
        `Immutable content needs an image that ships the site's code, but the site runs the official image (${image.imageName}) `
        + 'and no pipeline releases onto it (deployment is rolling). Give image (your image built FROM wordpress with your themes and '
        + 'plugins), or deployment: WordpressDeployment.ecsBlueGreen() with a BlueGreenEcsPipeline, or use WordpressContent.shared().');
    }
    return {
      content, immutable: true, accessPointPath: '/wp-content/uploads', volumeName: 'uploads', mountPath: '/var/www/html/wp-content/uploads',
    };
  }
  const directories = binding.releaseSyncDirectories ?? DEFAULT_SYNC_DIRECTORIES;
  checkSyncDirectories(scope, directories);
  if (binding.releaseSync === true && released) {
    // imagedefinitions.json and taskdef.json of a release name the WordPress container's image only (src/pipeline/private/release-files.ts).
    throw propError(scope, 'content.releaseSync', true, 'A pipeline releases the image of the WordPress container only, so the release-sync '
      + 'container would keep copying the image of the template. On a site a pipeline releases onto (blue/green, or trackReleasedImage), use WordpressContent.immutable() (the '
      + 'default: the code comes from each released image), or shared content without releaseSync.');
  }
  const releaseSync = binding.releaseSync ?? (!official && !released);
  return {
    content,
    immutable: false,
    accessPointPath: '/wp-content',
    volumeName: 'wp-content',
    mountPath: '/var/www/html/wp-content',
    releaseSyncDirectories: releaseSync ? directories : undefined,
  };
}

function checkSyncDirectories(scope: IConstruct, directories: string[]): void {
  const allowed = 'Allowed: one or more names of directories directly under wp-content (letters, digits, ".", "_", "-"), '
    + `other than uploads and ${SYNC_STATE_DIRECTORY}, each once, e.g. ["themes", "plugins", "mu-plugins"].`;
  if (directories.length === 0) {
    throw propError(scope, 'content.releaseSyncDirectories', directories, allowed);
  }
  directories.forEach((name, i) => {
    if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(name) || name === 'uploads' || directories.indexOf(name) !== i) {
      throw propError(scope, `content.releaseSyncDirectories[${i}]`, name, allowed);
    }
  });
}

/**
 * The `release-sync` container: the WordPress image again, non-essential, running the release sync against the shared
 * wp-content mounted at SYNC_MOUNT_PATH; the WordPress container starts only after it exited with status 0.
 */
export function addReleaseSync(taskDefinition: ecs.TaskDefinition, wordpress: ecs.ContainerDefinition, image: WordpressImage,
  content: ResolvedContent, logGroup: logs.ILogGroup): ecs.ContainerDefinition | undefined {
  if (!content.releaseSyncDirectories) {
    return undefined;
  }
  const sync = taskDefinition.addContainer(SYNC_CONTAINER_NAME, {
    image: image.containerImage,
    // SUCCESS "can't be set on an essential container": the container runs to completion, and a non-zero exit keeps
    // WordPress from starting (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html).
    essential: false,
    // The image's own entrypoint (docker-entrypoint.sh of the official image) is skipped: the script alone runs.
    entryPoint: ['sh', '-c'],
    command: [RELEASE_SYNC_SCRIPT],
    environment: {
      [ENV_SYNC_SOURCE]: '/usr/src/wordpress/wp-content',
      [ENV_SYNC_TARGET]: SYNC_MOUNT_PATH,
      [ENV_SYNC_DIRECTORIES]: content.releaseSyncDirectories.join(' '),
      [ENV_SYNC_STALE_MINUTES]: '15',
    },
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: SYNC_CONTAINER_NAME, logGroup }),
  });
  sync.addMountPoints({ sourceVolume: content.volumeName, containerPath: SYNC_MOUNT_PATH, readOnly: false });
  wordpress.addContainerDependencies({ container: sync, condition: ecs.ContainerDependencyCondition.SUCCESS });
  return sync;
}

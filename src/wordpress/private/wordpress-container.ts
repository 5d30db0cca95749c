import { Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { WordpressDatabaseBinding } from './database-binding';
import { ResolvedSiteProps } from './resolved-props';
import { addReleaseSync } from './site-content';
import { SiteFiles } from './site-files';
import { CONTAINER_PORT } from './site-load-balancer';
import {
  ENV_CLIENT_IP_HEADER, ENV_DB_TLS, ENV_HEALTH_CHECK_PATH, ENV_PUBLIC_URL, ENV_TRUSTED_PROXIES, HEALTH_CHECK_PATH, IMMUTABLE_CODE_CONFIG,
  WORDPRESS_CONFIG_EXTRA,
} from './wordpress-config';
import { acknowledge } from '../../private/acknowledge';
import { WordpressSaltSecrets } from '../wordpress-salt-secrets';

/**
 * The eight WordPress keys and salts, each its own generated secret under a construct `Salts`, with the constant's name
 * as ID (`Salts/AUTH_KEY`, ...).
 */
export function createSaltSecrets(scope: Construct, removalPolicy: RemovalPolicy): WordpressSaltSecrets {
  const salts = new Construct(scope, 'Salts');
  const secret = (name: string): secretsmanager.ISecret => {
    const s = new secretsmanager.Secret(salts, name, {
      description: `WordPress ${name}`,
      generateSecretString: { passwordLength: 64, excludeCharacters: '\'"\\`' },
      removalPolicy,
    });
    acknowledge(s, 'AwsSolutions-SMG4',
      'Rotating a WordPress key or salt logs every user out and invalidates nonces; operators rotate them deliberately.');
    return s;
  };
  // In WordPress's order (wp-config-sample.php): the creation order of the secrets.
  return {
    authKey: secret('AUTH_KEY'),
    secureAuthKey: secret('SECURE_AUTH_KEY'),
    loggedInKey: secret('LOGGED_IN_KEY'),
    nonceKey: secret('NONCE_KEY'),
    authSalt: secret('AUTH_SALT'),
    secureAuthSalt: secret('SECURE_AUTH_SALT'),
    loggedInSalt: secret('LOGGED_IN_SALT'),
    nonceSalt: secret('NONCE_SALT'),
  };
}

/** The keys and salts by the name of their WordPress constant. */
export function saltsByConstant(salts: WordpressSaltSecrets): { [name: string]: secretsmanager.ISecret } {
  return {
    AUTH_KEY: salts.authKey,
    SECURE_AUTH_KEY: salts.secureAuthKey,
    LOGGED_IN_KEY: salts.loggedInKey,
    NONCE_KEY: salts.nonceKey,
    AUTH_SALT: salts.authSalt,
    SECURE_AUTH_SALT: salts.secureAuthSalt,
    LOGGED_IN_SALT: salts.loggedInSalt,
    NONCE_SALT: salts.nonceSalt,
  };
}

/** The task definition with the WordPress container, and the container's log group. */
export interface WordpressTask {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logGroup: logs.LogGroup;
  readonly container: ecs.ContainerDefinition;
  /** The container that copies what the image ships onto the shared wp-content before WordPress starts, if any. */
  readonly releaseSyncContainer?: ecs.ContainerDefinition;
}

/** What the container is configured with, besides the props. */
export interface WordpressTaskOptions {
  readonly vpc: ec2.IVpc;
  readonly files: SiteFiles;
  readonly database: WordpressDatabaseBinding;
  readonly salts: WordpressSaltSecrets;
  /** Read when the template is synthesized: the URL can change after the container exists (`useFront`). */
  readonly publicUrl: () => string;
  /** The image the container runs instead of `resolved.image` (the released image). */
  readonly image?: ecs.ContainerImage;
}

/**
 * The Fargate task definition (ID `TaskDefinition`) mounting wp-content (or, with immutable content, wp-content/uploads)
 * from the access point, with the release-sync container when the content model asks for it, its log group
 * (`LogGroup`), and the WordPress container (`wordpress`) configured through `WORDPRESS_*` variables, the proxy-aware
 * `WORDPRESS_CONFIG_EXTRA` and ECS secrets.
 */
export function createWordpressTask(scope: Construct, resolved: ResolvedSiteProps, options: WordpressTaskOptions): WordpressTask {
  const props = resolved.props;
  const { files, database: db } = options;
  const content = resolved.content;
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: resolved.capacity.cpu,
    memoryLimitMiB: resolved.capacity.memoryLimitMiB,
    runtimePlatform: { cpuArchitecture: resolved.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    volumes: [{
      name: content.volumeName,
      efsVolumeConfiguration: {
        fileSystemId: files.fileSystem.fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: files.accessPoint.accessPointId, iam: 'ENABLED' },
      },
    }],
  });
  // Mount and write through WordPress's access point only (IAM authorization of the mount).
  taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
    resources: [files.fileSystem.fileSystemArn],
    conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': files.accessPoint.accessPointArn } },
  }));

  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    retention: resolved.logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const trustedProxies = props.trustedProxyCidrs ?? [options.vpc.vpcCidrBlock];
  const salts = saltsByConstant(options.salts);
  const container = taskDefinition.addContainer('wordpress', {
    image: options.image ?? resolved.image.containerImage,
    essential: true,
    portMappings: [{ containerPort: CONTAINER_PORT, protocol: ecs.Protocol.TCP }],
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'wordpress', logGroup }),
    environment: {
      WORDPRESS_DB_HOST: `${db.hostname}:${db.port}`,
      WORDPRESS_DB_NAME: db.databaseName,
      [ENV_DB_TLS]: '1',
      [ENV_PUBLIC_URL]: Lazy.string({ produce: options.publicUrl }),
      [ENV_TRUSTED_PROXIES]: trustedProxies.join(','),
      [ENV_HEALTH_CHECK_PATH]: HEALTH_CHECK_PATH,
      ...(props.clientIpHeader ? { [ENV_CLIENT_IP_HEADER]: props.clientIpHeader } : {}),
      WORDPRESS_CONFIG_EXTRA: content.immutable ? `${WORDPRESS_CONFIG_EXTRA}${IMMUTABLE_CODE_CONFIG}` : WORDPRESS_CONFIG_EXTRA,
      ...props.environment,
    },
    secrets: {
      WORDPRESS_DB_USER: ecs.Secret.fromSecretsManager(db.secret, 'username'),
      WORDPRESS_DB_PASSWORD: ecs.Secret.fromSecretsManager(db.secret, 'password'),
      ...Object.fromEntries(Object.entries(salts).map(([name, secret]) => [`WORDPRESS_${name}`, ecs.Secret.fromSecretsManager(secret)])),
      ...props.secrets,
    },
  });
  container.addMountPoints({ sourceVolume: content.volumeName, containerPath: content.mountPath, readOnly: false });
  const releaseSyncContainer = addReleaseSync(taskDefinition, container, resolved.image, content, logGroup);
  if (resolved.enableExecuteCommand) {
    acknowledge(taskDefinition.taskRole.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
      'ECS Exec needs the ssmmessages channel actions, which support no resource-level permissions (enableExecuteCommand is on).');
  }
  acknowledge(taskDefinition, 'AwsSolutions-ECS2',
    'The environment holds only non-secret configuration the official image reads (database host and name, public URL, '
      + 'trusted proxies, the proxy-aware PHP). Credentials and keys come through ECS secrets. Keeping this configuration in the task '
      + 'definition versions it with every release.');
  return { taskDefinition, logGroup, container, releaseSyncContainer };
}

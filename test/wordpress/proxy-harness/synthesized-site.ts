import { randomBytes } from 'crypto';
import { Template } from 'aws-cdk-lib/assertions';
import { newStack, onlyResource, site, wordpressContainer } from '../../fixtures';
import { ScalableWordpressOnFargateProps } from 'cdk-fargate-wordpress';

/** What the real-WordPress test takes from the template ScalableWordpressOnFargate synthesizes. */
export interface SynthesizedSite {
  /** The WordPress container's plain environment, as in the template (values may be CloudFormation intrinsics). */
  readonly environment: { [name: string]: unknown };
  /** Names of the variables ECS injects from Secrets Manager when a task starts. */
  readonly secretNames: string[];
  /** The target group's health check. */
  readonly healthCheck: { readonly path: string; readonly matcher: string; readonly timeoutSeconds: number };
  /** What the load balancer does with X-Forwarded-For (`routing.http.xff_header_processing.mode`; ELB's default `append`). */
  readonly xffHeaderProcessingMode: string;
}

/** Synthesize a site with these props (test account, region and zones) and read the container and target group. */
export function synthesizeSite(props: ScalableWordpressOnFargateProps): SynthesizedSite {
  const stack = newStack();
  site(stack, props);
  const template = Template.fromStack(stack);
  const container = wordpressContainer(template);
  const targetGroup = onlyResource(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
  const loadBalancerAttributes = (onlyResource(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes ?? []) as any[];
  return {
    environment: Object.fromEntries((container.Environment as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, e.Value])),
    secretNames: (container.Secrets as Array<{ Name: string }>).map((s) => s.Name),
    healthCheck: {
      path: targetGroup.HealthCheckPath,
      matcher: targetGroup.Matcher.HttpCode,
      timeoutSeconds: targetGroup.HealthCheckTimeoutSeconds,
    },
    xffHeaderProcessingMode: loadBalancerAttributes.find((a) => a.Key === 'routing.http.xff_header_processing.mode')?.Value ?? 'append',
  };
}

/**
 * The environment as the container would see it: literal values unchanged; a value that is a CloudFormation
 * intrinsic (resolved by CloudFormation at deploy time) replaced by `tokens[name](value)`. An intrinsic without a
 * resolver fails, so a new deploy-time value in the construct cannot slip past the test unnoticed.
 */
export function resolveEnvironment(
  environment: { [name: string]: unknown },
  tokens: { [name: string]: (value: unknown) => string },
): { [name: string]: string } {
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => {
    if (typeof value === 'string') {
      return [name, value];
    }
    const resolve = tokens[name];
    if (!resolve) {
      throw new Error(`${name} is resolved at deploy time (${JSON.stringify(value)}); the test has no local value for it`);
    }
    return [name, resolve(value)];
  }));
}

/** The TCP port of a `WORDPRESS_DB_HOST` value `<database endpoint address>:<port>`, checking that this is its shape. */
export function databaseHostPort(value: unknown): number {
  const parts = (value as any)?.['Fn::Join']?.[1];
  const address = parts?.[0]?.['Fn::GetAtt']?.[1];
  const port = /^:(\d+)$/.exec(parts?.[1] ?? '');
  if (parts?.length !== 2 || address !== 'Endpoint.Address' || !port) {
    throw new Error(`WORDPRESS_DB_HOST is not <database endpoint address>:<port>: ${JSON.stringify(value)}`);
  }
  return Number(port[1]);
}

const KEYS_AND_SALTS = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];

/**
 * Values for the secrets ECS injects, generated like the construct's Secrets Manager secrets would hold them:
 * a database user name and password, and the eight keys and salts. A secret the test does not know fails.
 */
export function secretValues(names: string[]): { [name: string]: string } {
  return Object.fromEntries(names.map((name) => {
    if (name === 'WORDPRESS_DB_USER') {
      return [name, `wp_${randomBytes(4).toString('hex')}`];
    }
    if (name === 'WORDPRESS_DB_PASSWORD') {
      return [name, randomBytes(16).toString('hex')];
    }
    if (KEYS_AND_SALTS.map((k) => `WORDPRESS_${k}`).includes(name)) {
      return [name, randomBytes(48).toString('base64')];
    }
    throw new Error(`the template injects a secret the test does not know how to provide: ${name}`);
  }));
}

/** Whether an HTTP status matches an ALB matcher such as `200-399` or `200,302`. */
export function matchesHealthCheck(matcher: string, status: number): boolean {
  return matcher.split(',').some((part) => {
    const [low, high] = part.trim().split('-').map(Number);
    return high === undefined ? status === low : status >= low && status <= high;
  });
}

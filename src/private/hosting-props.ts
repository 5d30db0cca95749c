import { Annotations, Environment, Stack, Stage, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct, IConstruct } from 'constructs';
import { checkDomainName, propError, ValidationError } from './validation';
import { checkPrefixListId } from '../edge/private/prefix-list';
import { WordpressDeployment } from '../wordpress/wordpress-deployment';

/** What `WordpressHosting` checks of its props (structurally, so that this file needs not import the drop-in). */
interface HostingProps {
  readonly env: Environment;
  readonly stackNamePrefix?: string;
  readonly domainName: string;
  readonly cloudFrontPrefixListId?: string;
  readonly availabilityZones?: string[];
  readonly vpcAttributes?: ec2.VpcAttributes;
  readonly site?: {
    readonly vpc?: ec2.IVpc;
    readonly cluster?: ecs.ICluster;
    readonly availabilityZones?: string[];
    readonly deployment?: WordpressDeployment;
    readonly monthlyPeaks?: unknown[];
    readonly trafficProfile?: { readonly peaks?: unknown[] };
  };
  readonly pipeline?: unknown;
  readonly promoteFrom?: IConstruct & { readonly siteStack: Stack };
  readonly rehearsal?: unknown;
}

/** The drop-in's account, region and stack name prefix, once its props are known to be consistent. */
export interface ValidHosting {
  readonly account: string;
  readonly region: string;
  readonly prefix: string;
}

/** Validate the drop-in's props (each error names the prop); `scope` is where the drop-in was added. */
export function validateHostingProps(hosting: Construct, scope: Construct, id: string, props: HostingProps): ValidHosting {
  if (insideStack(scope)) {
    throw new ValidationError(hosting, 'WordpressHosting creates its own stacks; add it to the app (or a Stage), not to a stack.');
  }
  const account = props.env.account;
  const region = props.env.region;
  if (account === undefined || region === undefined || Token.isUnresolved(account) || Token.isUnresolved(region)) {
    throw propError(hosting, 'env', props.env,
      'Give an explicit account and region: parts of the site must be created in us-east-1 of the same account.');
  }
  const prefix = stackNamePrefix(hosting, id, props.stackNamePrefix);
  checkDomainName(hosting, 'domainName', props.domainName);
  checkPrefixListId(hosting, 'cloudFrontPrefixListId', props.cloudFrontPrefixListId);
  if (props.vpcAttributes && (props.site?.vpc || props.site?.cluster)) {
    throw new ValidationError(hosting, `vpcAttributes and site.${props.site.vpc ? 'vpc' : 'cluster'} cannot both be set; give one of them.`);
  }
  if (props.availabilityZones && props.site?.availabilityZones) {
    throw new ValidationError(hosting, 'availabilityZones and site.availabilityZones cannot both be set; give one of them.');
  }
  if (props.vpcAttributes && props.availabilityZones) {
    throw new ValidationError(hosting, 'availabilityZones configures a new VPC, but vpcAttributes names an existing one; remove availabilityZones.');
  }
  if (props.promoteFrom) {
    const from = props.promoteFrom;
    if (from === hosting || from.siteStack.account !== account || from.siteStack.region !== region) {
      throw propError(hosting, 'promoteFrom', from.node.path,
        `It must be another WordpressHosting in the same account and region (${account}, ${region}): the pipeline deploys to both.`);
    }
    if (Stage.of(from) !== Stage.of(hosting)) {
      throw propError(hosting, 'promoteFrom', from.node.path, `It must be in the same Stage as ${hosting.node.path}: production's stack refers `
        + 'to staging\'s service and roles, and stacks cannot refer to each other across stages. Put both in one Stage, or give each '
        + 'stage its own pipeline.');
    }
  }
  if (props.pipeline && props.site?.deployment && !props.site.deployment.blueGreen) {
    throw propError(hosting, 'site.deployment', 'WordpressDeployment.rolling()',
      'A pipeline releases blue/green: use WordpressDeployment.ecsBlueGreen() or codeDeployBlueGreen(), or leave it unset.');
  }
  if (props.promoteFrom && !props.pipeline) {
    throw new ValidationError(hosting, `promoteFrom needs a pipeline: it releases to ${props.promoteFrom.node.path} first.`);
  }
  if (props.rehearsal && (props.site?.monthlyPeaks ?? []).length === 0 && (props.site?.trafficProfile?.peaks ?? []).length === 0) {
    throw propError(hosting, 'rehearsal', 'a rehearsal without site.monthlyPeaks',
      'The rehearsal runs some days before each monthly peak: give site.monthlyPeaks (and its scheduleTimeZone) or a '
        + 'site.trafficProfile with peaks, or remove rehearsal.');
  }
  return { account, region, prefix };
}

/** The longest stack name is `<prefix>-EdgeMonitoring`: CloudFormation allows 128 characters. */
const MAX_PREFIX_LENGTH = 128 - '-EdgeMonitoring'.length;

/**
 * The prefix of the stacks' names: as given, else the construct's id, preceded inside a `Stage` by the stage's name (the names of
 * the nested stages joined by hyphens, as aws-cdk-lib prefixes its own default stack names; characters a stack name cannot hold,
 * `_` and `.`, become hyphens). An explicit `stackName` ignores the enclosing stage, so without it two stages would collide.
 */
function stackNamePrefix(scope: Construct, id: string, given: string | undefined): string {
  if (given !== undefined && Token.isUnresolved(given)) {
    return given;
  }
  const stageName = Stage.of(scope)?.stageName;
  const prefix = given ?? (stageName ? `${stageName.replace(/[_.]/g, '-')}-${id}` : id);
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(prefix) || prefix.length > MAX_PREFIX_LENGTH) {
    throw propError(scope, 'stackNamePrefix', given === undefined ? `${prefix} (the default, from ${stageName ? 'the stage\'s name and ' : ''}the id)` : prefix,
      `Allowed: letters, digits and hyphens, starting with a letter, at most ${MAX_PREFIX_LENGTH} characters (a stack name has at most 128).`);
  }
  return prefix;
}

/** True when the scope is, or is inside, a stack. */
function insideStack(scope: Construct): boolean {
  for (let c: Construct | undefined = scope; c; c = c.node.scope as Construct | undefined) {
    if (Stack.isStack(c)) {
      return true;
    }
    if (Stage.isStage(c)) {
      return false;
    }
  }
  return false;
}

/** A site's content model, structurally. */
interface ContentOf {
  readonly content: { readonly codeFromImage: boolean };
}

/**
 * Warn when the staging site a pipeline releases to first keeps its code elsewhere than production: a release tried on
 * staging would then not be the code production runs (e.g. staging's shared wp-content keeps older plugin copies).
 */
export function warnStagingContent(hosting: Construct, staging: ContentOf & { readonly node: { readonly path: string } },
  production: ContentOf): void {
  const kind = (immutable: boolean) => (immutable ? 'immutable (code from the image)' : 'shared (code on the file system)');
  Annotations.of(hosting).addWarningV2('cdk-fargate-wordpress:staging-content',
    `promoteFrom: staging's content is ${kind(staging.content.codeFromImage)} but this site's is ${kind(production.content.codeFromImage)}, `
    + 'so a release tried on staging is not the code production will run. Give both the same content: e.g. staging\'s '
    + 'site.deployment: WordpressDeployment.ecsBlueGreen() (immutable content by default, as a pipeline-released site), '
    + `or site.content on both (${staging.node.path}).`);
}

import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validateFargateSize } from './fargate-sizes';
import { resolveCron } from './site-cron';
import { parseCidr } from '../../private/cidr';
import {
  checkDomainName, checkDuration, checkExclusive, checkInteger, checkTimeZone, isUnresolved, propError, ValidationError,
} from '../../private/validation';
import { ScalableWordpressOnFargateProps } from '../scalable-wordpress-on-fargate-props';

/** Check the site's props before anything is created; every message names the prop, shows the value, says what is allowed. */
export function validateSiteProps(scope: IConstruct, props: ScalableWordpressOnFargateProps): void {
  validateFargateSize(scope, props.cpu ?? 2048, props.memoryLimitMiB ?? 8192);
  const minCapacity = props.minCapacity ?? 2;
  const maxCapacity = props.maxCapacity ?? 10;
  checkInteger(scope, 'minCapacity', props.minCapacity, 1, 1000);
  checkInteger(scope, 'maxCapacity', props.maxCapacity, 1, 1000);
  if (!isUnresolved(minCapacity) && !isUnresolved(maxCapacity) && minCapacity > maxCapacity) {
    throw propError(scope, 'minCapacity', minCapacity, `It must not exceed maxCapacity (${maxCapacity}).`);
  }
  if (props.peakMinCapacity !== undefined && !isUnresolved(maxCapacity)) {
    checkInteger(scope, 'peakMinCapacity', props.peakMinCapacity, 1, maxCapacity);
  }
  checkInteger(scope, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, 10, 90);
  checkInteger(scope, 'requestsPerTargetPerMinute', props.requestsPerTargetPerMinute, 1, 1_000_000);
  checkDuration(scope, 'peakLeadTime', props.peakLeadTime, 'minutes', 0, 24 * 60);
  checkTimeZone(scope, 'scheduleTimeZone', props.scheduleTimeZone);
  if (props.fargateSpot) {
    checkInteger(scope, 'fargateSpot.onDemandBaseTasks', props.fargateSpot.onDemandBaseTasks, 0, 100000);
    checkInteger(scope, 'fargateSpot.onDemandWeight', props.fargateSpot.onDemandWeight, 0, 1000);
    checkInteger(scope, 'fargateSpot.spotWeight', props.fargateSpot.spotWeight, 1, 1000);
    if (props.cluster) {
      Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:fargate-spot-cluster',
        'fargateSpot needs the FARGATE and FARGATE_SPOT capacity providers on the given cluster. The service waits for the '
        + 'associations of an ecs.Cluster defined in this app; an imported cluster must have them before this stack deploys.');
    }
  }
  if (props.domainName !== undefined && !isUnresolved(props.domainName)) {
    checkDomainName(scope, 'domainName', props.domainName);
    if (!props.hostedZone && !props.certificate) {
      throw propError(scope, 'domainName', props.domainName, 'A domain needs hostedZone (to create and validate a certificate) or certificate.');
    }
  }
  if (props.hostedZone && props.domainName === undefined) {
    throw new ValidationError(scope, 'hostedZone is set but domainName is not; give the domain name of the site.');
  }
  if (props.certificate && props.domainName === undefined && props.publicUrl === undefined) {
    throw new ValidationError(scope, 'certificate is set but neither domainName nor publicUrl: give the name the certificate covers.');
  }
  if (props.publicUrl !== undefined) {
    validatePublicUrl(scope, 'publicUrl', props.publicUrl);
  }
  for (const [i, cidr] of (props.trustedProxyCidrs ?? []).entries()) {
    if (!isUnresolved(cidr) && !parseCidr(cidr)) {
      throw propError(scope, `trustedProxyCidrs[${i}]`, cidr, 'Allowed: an IPv4 or IPv6 CIDR with no host bits, such as "10.0.0.0/16" (not /0: that would trust every client).');
    }
  }
  checkDuration(scope, 'deployment.bakeTime', props.deployment?._bind().ecsBlueGreenOptions?.bakeTime, 'minutes', 0, 24 * 60);
  const testPort = props.deployment?._bind().ecsBlueGreenOptions?.testListenerPort ?? props.deployment?._bind().codeDeployOptions?.testListenerPort;
  checkInteger(scope, 'deployment.testListenerPort', testPort, 1, 65535);
  if (testPort !== undefined && [80, 443].includes(testPort)) {
    throw propError(scope, 'deployment.testListenerPort', testPort, 'Ports 80 and 443 belong to the production listeners; choose another, e.g. 8080.');
  }
  checkClientIpHeader(scope, 'clientIpHeader', props.clientIpHeader);
  if (props.openListener === true && props.internetFacing === false) {
    throw new ValidationError(scope, 'openListener is true but internetFacing is false; an internal load balancer is not opened to anywhere.');
  }
  if (props.accessLogsBucket && props.loadBalancerAccessLogs === false) {
    throw new ValidationError(scope, 'accessLogsBucket is set but loadBalancerAccessLogs is false; remove one of them.');
  }
  if (props.vpc === undefined && props.cluster === undefined) {
    checkInteger(scope, 'natGateways', props.natGateways, 0, 2);
    if (props.availabilityZones !== undefined && props.availabilityZones.length < 2) {
      throw propError(scope, 'availabilityZones', props.availabilityZones, 'Give at least two zones: the load balancer and the database need two.');
    }
  } else {
    const newVpcProps = {
      availabilityZones: props.availabilityZones, natGateways: props.natGateways, natGatewayProvider: props.natGatewayProvider,
    };
    for (const [name, value] of Object.entries(newVpcProps)) {
      if (value !== undefined) {
        throw new ValidationError(scope, `${name} configures the new VPC, but a vpc or cluster is given; remove ${name}.`);
      }
    }
  }
  checkExclusive(scope, 'vpc', props.vpc, 'cluster', props.cluster);
  resolveCron(scope, props.cron);
}

/** Throws unless `url` is an absolute http(s) URL without query or fragment. */
export function validatePublicUrl(scope: IConstruct, prop: string, url: string): void {
  if (isUnresolved(url)) {
    return;
  }
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(url)) {
    throw propError(scope, prop, url, 'Allowed: an absolute http:// or https:// URL without query or fragment, e.g. "https://www.example.com".');
  }
}

/** Throws unless `header` is an HTTP header name. */
export function checkClientIpHeader(scope: IConstruct, prop: string, header: string | undefined): void {
  if (header !== undefined && !isUnresolved(header) && !/^[A-Za-z0-9-]{1,64}$/.test(header)) {
    throw propError(scope, prop, header, 'Allowed: an HTTP header name such as "CloudFront-Viewer-Address".');
  }
}

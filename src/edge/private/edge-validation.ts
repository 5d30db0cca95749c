import { ArnComponents, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { isCountryCode } from './country-codes';
import { arnRegion, CLOUDFRONT_REGION } from './cross-region';
import { checkDomainName, checkDuration, isUnresolved, propError, ValidationError } from '../../private/validation';
import type { GeoBlockedCloudFrontWafProps } from '../geo-blocked-cloud-front-waf-props';

/** Throws on props of `GeoBlockedCloudFrontWaf` that cannot work (the origin access checks its own when it binds). */
export function validateEdgeProps(scope: Construct, props: GeoBlockedCloudFrontWafProps): void {
  validateWebAcl(scope, props);
  validateDomain(scope, props);
  if (props.geoRestriction) {
    props.geoRestriction.locations.forEach((code, i) => {
      if (!isCountryCode(code)) {
        throw propError(scope, `geoRestriction.locations[${i}]`, code, 'Allowed: an ISO 3166-1 alpha-2 country code such as "CN".');
      }
    });
    if (props.webAcl?.geoBlocking) {
      throw new ValidationError(scope, 'geoRestriction is set and the web ACL already geo-blocks (blockedCountries / allowedCountries); '
        + 'choose one of them.');
    }
  }
  if (props.mediaBucket && props.mediaOffload === false) {
    throw new ValidationError(scope, 'mediaBucket is set but mediaOffload is false; remove one of them.');
  }
  if (props.clientIpHeader !== undefined && !isUnresolved(props.clientIpHeader) && !/^[A-Za-z0-9-]{1,64}$/.test(props.clientIpHeader)) {
    throw propError(scope, 'clientIpHeader', props.clientIpHeader, 'Allowed: an HTTP header name (letters, digits and "-").');
  }
  checkDuration(scope, 'originReadTimeout', props.originReadTimeout, 'seconds', 1, 120);
  checkDuration(scope, 'staticFilesTtl', props.staticFilesTtl, 'seconds', 0, 365 * 24 * 3600);
}

function validateWebAcl(scope: Construct, props: GeoBlockedCloudFrontWafProps): void {
  if (props.webAcl && props.webAclArn !== undefined) {
    throw new ValidationError(scope, 'webAcl and webAclArn cannot both be set; give one of them.');
  }
  if (!props.webAcl && props.webAclArn === undefined) {
    throw new ValidationError(scope, 'a web ACL is required: give webAcl (a WordpressWebAcl in a stack in us-east-1) or webAclArn.');
  }
  if (props.webAclArn === undefined || Token.isUnresolved(props.webAclArn)) {
    return;
  }
  let arn: ArnComponents;
  try {
    arn = Stack.of(scope).splitArn(props.webAclArn, ArnFormat.SLASH_RESOURCE_NAME);
  } catch {
    throw propError(scope, 'webAclArn', props.webAclArn, 'Allowed: the ARN of a CloudFront-scope WAFv2 web ACL.');
  }
  if (arn.service !== 'wafv2' || !(arn.resourceName ?? '').startsWith('webacl/') || arn.resource !== 'global') {
    throw propError(scope, 'webAclArn', props.webAclArn,
      'Allowed: the ARN of a CloudFront-scope WAFv2 web ACL, arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>.');
  }
  if (arn.region !== CLOUDFRONT_REGION) {
    throw propError(scope, 'webAclArn', props.webAclArn,
      `A CloudFront web ACL lives in us-east-1, not ${arn.region}: create it in a stack in us-east-1.`);
  }
}

function validateDomain(scope: Construct, props: GeoBlockedCloudFrontWafProps): void {
  if (props.certificate) {
    const region = certificateRegion(scope, props.certificate);
    if (region !== undefined && region !== CLOUDFRONT_REGION) {
      throw propError(scope, 'certificate', props.certificate.certificateArn,
        `CloudFront only uses certificates issued in us-east-1; this one is in ${region}. Create the certificate in a stack in us-east-1.`);
    }
    if (!props.domainNames || props.domainNames.length === 0) {
      throw new ValidationError(scope, 'certificate is set but domainNames is not; give the names the certificate covers.');
    }
  }
  if (props.domainNames !== undefined) {
    if (props.domainNames.length === 0) {
      throw propError(scope, 'domainNames', props.domainNames, 'Give at least one domain name, or leave it unset.');
    }
    props.domainNames.forEach((name, i) => {
      checkDomainName(scope, `domainNames[${i}]`, name, true);
    });
    if (!props.certificate) {
      throw propError(scope, 'domainNames', props.domainNames, 'A custom domain needs a certificate issued in us-east-1 that covers it.');
    }
  }
  if (props.hostedZone) {
    if (!props.domainNames) {
      throw new ValidationError(scope, 'hostedZone is set but domainNames is not; give the names to create records for.');
    }
    const zoneName = props.hostedZone.zoneName;
    if (!Token.isUnresolved(zoneName)) {
      props.domainNames.forEach((name, i) => {
        if (!isUnresolved(name) && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
          throw propError(scope, `domainNames[${i}]`, name, `It is not in the hosted zone ${zoneName}.`);
        }
      });
    }
  }
}

/** Region of a certificate when it is known at synth time (its stack's, or its ARN's). */
function certificateRegion(scope: Construct, certificate: acm.ICertificate): string | undefined {
  // A known ARN says where the certificate is (an imported one reports its importing stack's region as env).
  const fromArn = arnRegion(scope, certificate.certificateArn);
  if (fromArn !== undefined) {
    return fromArn;
  }
  return Token.isUnresolved(certificate.env.region) ? undefined : certificate.env.region;
}

import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/** Errors for inbound rules of these security groups (those defined in this app) open to any address. */
export function openIngress(groups: ec2.ISecurityGroup[]): string[] {
  return groups.flatMap((group) => {
    const cfn = group.node.defaultChild;
    if (!(cfn instanceof ec2.CfnSecurityGroup)) {
      return [];
    }
    const rules = (Stack.of(cfn).resolve(cfn.securityGroupIngress) ?? []) as Array<{ [key: string]: unknown }>;
    return rules.filter((rule) => rule.cidrIp === '0.0.0.0/0' || rule.cidrIpv6 === '::/0').map((rule) =>
      `The load balancer's security group ${group.node.path} admits ${rule.cidrIp ?? rule.cidrIpv6} on port ${rule.fromPort}: with `
      + 'publicWithSecretHeader() only CloudFront\'s origin-facing prefix list may reach it (openListener: false on the site).');
  });
}

/** `internet-facing`, `internal`, or undefined when the scheme is not known at synth time. */
export function loadBalancerScheme(loadBalancer: elbv2.IApplicationLoadBalancer): string | undefined {
  const cfn = loadBalancer.node.defaultChild;
  if (cfn instanceof elbv2.CfnLoadBalancer && typeof cfn.scheme === 'string' && !Token.isUnresolved(cfn.scheme)) {
    return cfn.scheme;
  }
  return undefined;
}

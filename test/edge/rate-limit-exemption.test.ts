import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EDGE_REGION, nagFindings, newStack, onlyResource } from '../fixtures';
import { WordpressWebAcl, WordpressWebAclProps } from 'cdk-fargate-wordpress';

/** GIVEN a us-east-1 stack WHEN a web ACL is added with these props. */
function webAcl(props: WordpressWebAclProps = {}): { acl: WordpressWebAcl; template: Template; stack: Stack } {
  const stack = newStack('Edge', EDGE_REGION);
  const acl = new WordpressWebAcl(stack, 'WebAcl', props);
  return { acl, template: Template.fromStack(stack), stack };
}

function rule(template: Template, name: string): any {
  return onlyResource(template, 'AWS::WAFv2::WebACL').Rules.find((r: any) => r.Name === name);
}

function tokenLogicalId(template: Template): string {
  return Object.keys(template.findResources('AWS::SecretsManager::Secret'))[0];
}

describe('the rate-limit exemption', () => {
  test('by default there is none: the rate-based rule counts every request, no token secret', () => {
    const { template } = webAcl();
    expect(rule(template, 'RateLimitPerIp').Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  test('the rate-based rule counts every request but those whose x-peak-rehearsal header is exactly the token, '
    + 'read from a generated secret by a dynamic reference (no value in the template)', () => {
    const { template, acl } = webAcl({ rateLimitExemption: {} });
    const rate = rule(template, 'RateLimitPerIp');
    expect(rate.Action).toEqual({ Block: {} });
    expect(rate.Statement.RateBasedStatement).toMatchObject({ Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rate.Statement.RateBasedStatement.ScopeDownStatement).toEqual({
      NotStatement: {
        Statement: {
          ByteMatchStatement: {
            SearchString: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: tokenLogicalId(template) }, ':SecretString:::}}']] },
            FieldToMatch: { SingleHeader: { Name: 'x-peak-rehearsal' } },
            PositionalConstraint: 'EXACTLY',
            TextTransformations: [{ Priority: 0, Type: 'NONE' }],
          },
        },
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
    });
    expect(acl.rateLimitExemptionHeaderName).toBe('x-peak-rehearsal');
    expect(acl.capacityUnits).toBe(1437 + 2);
  });

  test('only the rate-based rule is relaxed: every other rule is as without the exemption', () => {
    const without = onlyResource(webAcl({ blockedCountries: ['CN'], adminAllowList: ['203.0.113.0/24'] }).template, 'AWS::WAFv2::WebACL').Rules;
    const withIt = onlyResource(webAcl({ blockedCountries: ['CN'], adminAllowList: ['203.0.113.0/24'], rateLimitExemption: {} }).template,
      'AWS::WAFv2::WebACL').Rules;
    expect(withIt.map((r: any) => r.Name)).toEqual(without.map((r: any) => r.Name));
    const others = (rules: any[]) => JSON.stringify(rules.filter((r) => r.Name !== 'RateLimitPerIp'));
    expect(others(withIt)).toEqual(others(without));
  });

  test('the header is redacted from the web ACL\'s logs', () => {
    const { template } = webAcl({ rateLimitExemption: { headerName: 'x-load-test' } });
    expect(onlyResource(template, 'AWS::WAFv2::LoggingConfiguration').RedactedFields).toContainEqual({ SingleHeader: { Name: 'x-load-test' } });
  });

  test('the token is replicated to the load generator\'s region; its replica\'s ARN is the primary\'s with that region', () => {
    const { template, acl, stack } = webAcl({ rateLimitExemption: { replicaRegions: ['ap-northeast-1'] } });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'ap-northeast-1' }] });
    expect(stack.resolve(acl.rateLimitExemptionTokenArnIn('ap-northeast-1'))).toEqual({
      'Fn::Join': ['', [
        'arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:ap-northeast-1:123456789012:secret:',
        { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: tokenLogicalId(template) }] }] },
      ]],
    });
    expect(() => acl.rateLimitExemptionTokenArnIn('eu-west-1')).toThrow(/rateLimitExemption.replicaRegions/);
  });

  test.each([
    [{ headerName: 'X Bad' }, /rateLimitExemption.headerName/],
    [{ replicaRegions: ['us-east-1'] }, /rateLimitExemption.replicaRegions\[0\]/],
    [{ replicaRegions: ['tokyo'] }, /rateLimitExemption.replicaRegions\[0\]/],
  ])('%p is refused', (exemption, message) => {
    expect(() => webAcl({ rateLimitExemption: exemption })).toThrow(message);
  });

  test('no unacknowledged cdk-nag finding', () => {
    const { stack } = webAcl({ rateLimitExemption: { replicaRegions: ['ap-northeast-1'] } });
    expect(nagFindings(stack)).toEqual([]);
  });
});

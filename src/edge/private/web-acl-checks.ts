import { Annotations, IAspect, IResolvable, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { isCountryCode } from './country-codes';
import { COMMON_RULE_SET_BODY_LABELS, INCLUDED_WCU, MAX_WCU } from './waf-statements';
import { DEFAULT_EDITOR_BODY_RULES } from './web-acl-rules';
import { parseCidr } from '../../private/cidr';
import { checkInteger, isUnresolved, propError, ValidationError } from '../../private/validation';
import { WordpressManagedRules, WordpressWebAclProps } from '../wordpress-web-acl-props';

const RATE_WINDOWS_SECONDS = [60, 120, 300, 600];

/** Throws on props of `WordpressWebAcl` that WAF would refuse or that lock users out. */
export function validateWebAclProps(scope: Construct, props: WordpressWebAclProps): void {
  if (props.webAclName !== undefined && !isUnresolved(props.webAclName) && !/^[\w-]{1,128}$/.test(props.webAclName)) {
    throw propError(scope, 'webAclName', props.webAclName, 'Allowed: 1 to 128 letters, digits, "-" and "_".');
  }
  checkInteger(scope, 'rateLimit', props.rateLimit, 10, 2_000_000_000);
  (props.additionalRules ?? []).forEach((extra, i) => checkInteger(scope, `additionalRules[${i}].capacityUnits`, extra.capacityUnits, 1, MAX_WCU));
  if (props.rateLimitWindow !== undefined && !props.rateLimitWindow.isUnresolved()
    && !RATE_WINDOWS_SECONDS.includes(props.rateLimitWindow.toSeconds({ integral: false }))) {
    throw propError(scope, 'rateLimitWindow', props.rateLimitWindow, 'Allowed: 1, 2, 5 or 10 minutes.');
  }
  if (props.blockedCountries !== undefined && props.allowedCountries !== undefined) {
    throw new ValidationError(scope, 'blockedCountries and allowedCountries cannot both be set; block a list or allow a list.');
  }
  for (const prop of ['blockedCountries', 'allowedCountries'] as const) {
    const codes = props[prop];
    if (codes === undefined) {
      continue;
    }
    if (codes.length === 0) {
      throw propError(scope, prop, codes, 'Give at least one ISO 3166-1 alpha-2 country code such as "CN", or leave it unset.');
    }
    codes.forEach((code, i) => {
      if (!isUnresolved(code) && !isCountryCode(code)) {
        throw propError(scope, `${prop}[${i}]`, code, 'Allowed: an ISO 3166-1 alpha-2 country code in upper case, such as "CN" or "KR".');
      }
    });
    if (new Set(codes).size !== codes.length) {
      throw propError(scope, prop, codes, 'Each country may appear only once.');
    }
  }
  if (props.adminAllowList !== undefined) {
    if (props.adminAllowList.length === 0) {
      throw propError(scope, 'adminAllowList', props.adminAllowList,
        'An empty allow-list locks everybody out of the dashboard; give at least one CIDR, or leave it unset.');
    }
    props.adminAllowList.forEach((cidr, i) => {
      if (parseCidr(cidr) === undefined) {
        throw propError(scope, `adminAllowList[${i}]`, cidr, 'Allowed: an IPv4 or IPv6 CIDR with no host bits set below the prefix '
          + '(e.g. "203.0.113.0/24", "2001:db8::/32"), or a single address; not /0.');
      }
    });
  }
  const pathLists = { editorPaths: props.editorPaths, publicAdminPaths: props.publicAdminPaths };
  for (const [prop, paths] of Object.entries(pathLists)) {
    (paths ?? []).forEach((path, i) => {
      if (!/^\/[A-Za-z0-9._~\/-]{0,200}$/.test(path)) {
        throw propError(scope, `${prop}[${i}]`, path, 'Allowed: a URL path starting with "/" (letters, digits, "." "_" "~" "/" "-").');
      }
    });
  }
  if (props.editorPaths !== undefined && props.editorPaths.length === 0 && (props.editorBodyRules ?? DEFAULT_EDITOR_BODY_RULES).length > 0) {
    throw propError(scope, 'editorPaths', props.editorPaths, 'Give at least one path, or set editorBodyRules to [] to enforce those rules everywhere.');
  }
  (props.editorBodyRules ?? []).forEach((rule, i) => {
    if (!(rule in COMMON_RULE_SET_BODY_LABELS)) {
      throw propError(scope, `editorBodyRules[${i}]`, rule, `Allowed: ${Object.keys(COMMON_RULE_SET_BODY_LABELS).join(', ')}.`);
    }
  });
}

/** Warns without a region, throws outside us-east-1: CLOUDFRONT-scope web ACLs exist only there. */
export function validateWebAclRegion(scope: Construct): void {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.region)) {
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:web-acl-region-unknown',
      'The stack has no explicit region: a CloudFront web ACL can only be created in us-east-1, and deploying it elsewhere fails '
      + 'with "The scope is not valid". Give the stack env.region us-east-1.');
  } else if (stack.region !== 'us-east-1') {
    throw new ValidationError(scope, `WordpressWebAcl is in a stack in ${stack.region}, but a CloudFront web ACL (scope CLOUDFRONT) `
      + 'can only be created in us-east-1. Put it in a stack with env.region us-east-1 and pass it to GeoBlockedCloudFrontWaf in the '
      + 'site\'s stack (see the README, "Any region").');
  }
}

/**
 * Fails above AWS WAF's 5,000 WCUs per web ACL, naming the prop (among those given) that brings the most
 * units; warns above the 1,500 WCUs the base price includes, naming the total. Limits: AWS WAF quotas
 * (https://docs.aws.amazon.com/waf/latest/developerguide/limits.html, a fixed quota) and
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html; price:
 * https://aws.amazon.com/waf/pricing/.
 */
export function checkCapacity(scope: Construct, props: WordpressWebAclProps, wcu: number, wcuByProp: Map<string, number>): void {
  if (wcu > MAX_WCU) {
    const valueOf = (prop: string): unknown => {
      const extra = /^additionalRules\[(\d+)\]$/.exec(prop);
      if (extra) {
        return props.additionalRules![Number(extra[1])].rule.name;
      }
      if (prop.startsWith('managedRules.')) {
        return props.managedRules?.[prop.slice('managedRules.'.length) as keyof WordpressManagedRules];
      }
      return (props as { [key: string]: unknown })[prop];
    };
    const [prop, units] = [...wcuByProp.entries()]
      .filter(([name, n]) => n > 0 && valueOf(name) !== undefined)
      .sort((a, b) => b[1] - a[1])[0] ?? ['capacityUnits', wcu];
    const value = valueOf(prop);
    const shown = Array.isArray(value) && value.length > 5 ? `[${value.slice(0, 3).join(', ')}, ... (${value.length} entries)]` : value ?? wcu;
    throw propError(scope, prop, shown, `The web ACL's rules would need about ${wcu} web ACL capacity units (WCUs), ${units} of them `
      + `for ${prop}; AWS WAF allows at most ${MAX_WCU} per web ACL. Turn off managed groups (managedRules), shorten editorPaths or `
      + 'publicAdminPaths, or move rules to another web ACL.');
  }
  if (wcu > INCLUDED_WCU) {
    const blocks = Math.ceil((wcu - INCLUDED_WCU) / 500);
    Annotations.of(scope).addWarningV2('cdk-fargate-wordpress:waf-capacity',
      `The web ACL's rules need about ${wcu} web ACL capacity units (WCUs), above the ${INCLUDED_WCU} AWS WAF's base price includes: `
      + `each further 500 (here ${blocks}) adds a charge per million requests. Price it with CostEstimate's `
      + `edge.webAclCapacityUnits: ${wcu}.`);
  }
}

/** Rule names and priorities must be unique in a web ACL: the additional rules (from `ownRules` on) must not clash. */
export function validateAdditionalRules(scope: Construct, rules: wafv2.CfnWebACL.RuleProperty[], ownRules: number): void {
  for (let i = ownRules; i < rules.length; i++) {
    const rule = rules[i];
    const clash = rules.find((other, j) => j !== i && (other.name === rule.name
      || (!isUnresolved(rule.priority) && other.priority === rule.priority)));
    if (clash) {
      throw propError(scope, `additionalRules[${i - ownRules}].rule`, `${rule.name} (priority ${rule.priority})`,
        `It clashes with rule ${clash.name} (priority ${clash.priority}): every rule of a web ACL needs its own name and priority. `
        + 'The library\'s rules use priorities 0, 10, 20, 30, 40, 50, 60, 61, 70, 80, 90 and 100.');
    }
  }
}

/**
 * Warns at synthesis when rules were added to the web ACL behind the construct's back (`webAcl.rules`
 * edited after construction): their capacity units are in no estimate, and may push the web ACL past the
 * 1,500 WCUs of the base price.
 */
/** What the check reads of the web ACL construct. */
export interface CountedWebAcl extends IConstruct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly capacityUnits: number;
}

export class UncountedRulesCheck implements IAspect {
  constructor(private readonly acl: CountedWebAcl, private readonly counted: string[]) {}

  public visit(node: IConstruct): void {
    const rules = this.acl.webAcl.rules;
    if (node !== this.acl.webAcl || !Array.isArray(rules)) {
      return;
    }
    const uncounted = (rules as Array<wafv2.CfnWebACL.RuleProperty | IResolvable>)
      .map((rule) => (Tokenization.isResolvable(rule) ? '(a token)' : rule.name))
      .filter((name) => !this.counted.includes(name));
    if (uncounted.length > 0) {
      Annotations.of(this.acl).addWarningV2('cdk-fargate-wordpress:waf-capacity-uncounted',
        `Rules were added to webAcl.rules after WordpressWebAcl counted ${this.acl.capacityUnits} capacity units: ${uncounted.join(', ')}. `
        + 'Their units are in no estimate and may take the web ACL past the 1,500 WCUs of the base price; give them to additionalRules '
        + 'with their capacityUnits instead.');
    }
  }
}

import { Duration } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import {
  and, COMMON_RULE_SET_BODY_LABELS, CostedStatement, geoMatch, ipSet, labelMatch, MANAGED_GROUPS, not, or, pathMatch,
} from './waf-statements';
import { parseCidr, ParsedCidr } from '../../private/cidr';
import { ManagedRuleGroupMode, WordpressManagedRules, WordpressWebAclProps } from '../wordpress-web-acl-props';

export const DEFAULT_EDITOR_BODY_RULES = ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY'];
const DEFAULT_EDITOR_PATHS = ['/wp-admin/', '/wp-json/'];
const DEFAULT_PUBLIC_ADMIN_PATHS = ['/wp-admin/admin-ajax.php', '/wp-admin/admin-post.php'];

/** The rules of a `WordpressWebAcl`, with their capacity units counted by the prop that brought them. */
export interface WebAclRules {
  /** Every rule, in priority order. */
  readonly rules: wafv2.CfnWebACL.RuleProperty[];
  /** Web ACL capacity units by prop (`managedRules.commonRuleSet`, `additionalRules[0]`, ...), to name the culprit of a total too high. */
  readonly wcuByProp: Map<string, number>;
  /** The IPv4 set of the admin allow-list, if any. */
  readonly adminIpSetV4?: wafv2.CfnIPSet;
  /** The IPv6 set of the admin allow-list, if any. */
  readonly adminIpSetV6?: wafv2.CfnIPSet;
}

/**
 * Build the web ACL's rules from its props (the IP sets of the admin allow-list are created in `scope`), adding up the
 * capacity units of each; `checkAdditionalRules` sees the rules of your own after the library's.
 */
export function buildWebAclRules(scope: Construct, props: WordpressWebAclProps,
  checkAdditionalRules: (rules: wafv2.CfnWebACL.RuleProperty[], ownRules: number) => void, rateLimitScopeDown?: CostedStatement): WebAclRules {
  const blockedCountries = props.blockedCountries ?? [];
  const allowedCountries = props.allowedCountries ?? [];
  const modes = props.managedRules ?? {};
  const blockXmlrpc = props.blockXmlrpc ?? true;
  const rules: wafv2.CfnWebACL.RuleProperty[] = [];
  let adminIpSetV4: wafv2.CfnIPSet | undefined;
  let adminIpSetV6: wafv2.CfnIPSet | undefined;
  // Capacity units by the prop that brought them, to name the culprit when the total is too high.
  const wcuByProp = new Map<string, number>();
  const count = (prop: string, units: number) => wcuByProp.set(prop, (wcuByProp.get(prop) ?? 0) + units);
  const addRule = (name: string, priority: number, costed: CostedStatement, action: 'block' | 'count', prop: string) => {
    rules.push({ name, priority, action: { [action]: {} }, statement: costed.statement, visibilityConfig: visibility(name) });
    count(prop, costed.wcu);
  };
  type GroupOptions = Partial<wafv2.CfnWebACL.ManagedRuleGroupStatementProperty>;
  const addManagedGroup = (key: keyof WordpressManagedRules, priority: number, options: GroupOptions = {}, scopeDown?: CostedStatement) => {
    const mode = modes[key] ?? ManagedRuleGroupMode.ENFORCE;
    const group = MANAGED_GROUPS[key];
    if (mode === ManagedRuleGroupMode.OFF) {
      return;
    }
    rules.push({
      name: group.ruleName,
      priority,
      overrideAction: mode === ManagedRuleGroupMode.COUNT ? { count: {} } : { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: group.groupName,
          ...options,
          scopeDownStatement: scopeDown?.statement,
        },
      },
      visibilityConfig: visibility(group.ruleName),
    });
    count(`managedRules.${key}`, group.wcu);
    count('blockXmlrpc', scopeDown?.wcu ?? 0);
  };

  // 0: known bad addresses first: the cheapest rule stops the most noise.
  addManagedGroup('ipReputation', 0);

  // 10: geo-blocking.
  if (blockedCountries.length > 0) {
    addRule('GeoBlock', 10, geoMatch(blockedCountries), 'block', 'blockedCountries');
  } else if (allowedCountries.length > 0) {
    addRule('GeoBlock', 10, not(geoMatch(allowedCountries)), 'block', 'allowedCountries');
  }

  // 20: the dashboard and login page only from the allow-list.
  if (props.adminAllowList !== undefined) {
    const entries = props.adminAllowList.map((cidr) => parseCidr(cidr)!);
    const v4 = entries.filter((e) => e.version === 'IPV4');
    const v6 = entries.filter((e) => e.version === 'IPV6');
    const ipSets: CostedStatement[] = [];
    if (v4.length > 0) {
      adminIpSetV4 = createIpSet(scope, 'AdminIpSetV4', 'IPV4', v4);
      ipSets.push(ipSet(adminIpSetV4.attrArn));
    }
    if (v6.length > 0) {
      adminIpSetV6 = createIpSet(scope, 'AdminIpSetV6', 'IPV6', v6);
      ipSets.push(ipSet(adminIpSetV6.attrArn));
    }
    const adminPaths = or(pathMatch('/wp-admin', 'STARTS_WITH'), pathMatch('/wp-login.php', 'STARTS_WITH'));
    // The public exceptions compare the raw path exactly: a path that only decodes to one is not exempt.
    const publicPaths = (props.publicAdminPaths ?? DEFAULT_PUBLIC_ADMIN_PATHS).map((p) => pathMatch(p, 'EXACTLY', []));
    const statement = publicPaths.length > 0
      ? and(adminPaths, not(or(...ipSets)), not(or(...publicPaths)))
      : and(adminPaths, not(or(...ipSets)));
    const publicPathsWcu = publicPaths.reduce((total, p) => total + p.wcu, 0);
    addRule('AdminAllowList', 20, { statement: statement.statement, wcu: statement.wcu - publicPathsWcu }, 'block', 'adminAllowList');
    count('publicAdminPaths', publicPathsWcu);
  }

  // 30, 40: paths WordPress sites never need open.
  if (blockXmlrpc) {
    addRule('BlockXmlrpc', 30, pathMatch('/xmlrpc.php', 'STARTS_WITH'), 'block', 'blockXmlrpc');
  }
  if (props.blockPhpInUploads ?? true) {
    addRule('BlockPhpInUploads', 40,
      and(pathMatch('/wp-content/uploads/', 'STARTS_WITH'), pathMatch('.php', 'CONTAINS', ['URL_DECODE'])), 'block', 'blockPhpInUploads');
  }

  // 50: one client, too many requests.
  const rateLimit = props.rateLimit ?? 2000;
  const windowSeconds = (props.rateLimitWindow ?? Duration.minutes(5)).toSeconds();
  rules.push({
    name: 'RateLimitPerIp',
    priority: 50,
    action: { block: {} },
    statement: { rateBasedStatement: { limit: rateLimit, evaluationWindowSec: windowSeconds, aggregateKeyType: 'IP', scopeDownStatement: rateLimitScopeDown?.statement } },
    visibilityConfig: visibility('RateLimitPerIp'),
  });
  count('rateLimit', 2);
  count('rateLimitExemption', rateLimitScopeDown?.wcu ?? 0);

  // 60, 61: the core rule set; its editor-hostile body rules count, then block outside the editor's paths.
  const commonMode = modes.commonRuleSet ?? ManagedRuleGroupMode.ENFORCE;
  const bodyRules = props.editorBodyRules ?? DEFAULT_EDITOR_BODY_RULES;
  addManagedGroup('commonRuleSet', 60, bodyRules.length > 0
    ? { ruleActionOverrides: bodyRules.map((name) => ({ name, actionToUse: { count: {} } })) }
    : {});
  if (commonMode !== ManagedRuleGroupMode.OFF && bodyRules.length > 0) {
    const labels = or(...bodyRules.map((rule) => labelMatch(COMMON_RULE_SET_BODY_LABELS[rule])));
    const editorPaths = or(...(props.editorPaths ?? DEFAULT_EDITOR_PATHS).map((p) => pathMatch(p, 'STARTS_WITH')));
    addRule('CommonRuleSetBodyOutsideEditor', 61, { statement: and(labels, not(editorPaths)).statement, wcu: labels.wcu },
      commonMode === ManagedRuleGroupMode.COUNT ? 'count' : 'block', 'editorBodyRules');
    count('editorPaths', editorPaths.wcu);
  }

  // 70 to 100: the other managed groups.
  addManagedGroup('knownBadInputs', 70);
  addManagedGroup('sqlDatabase', 80);
  addManagedGroup('phpApplication', 90);
  // The WordPress group blocks /xmlrpc.php itself; when XML-RPC is wanted, the group skips that path.
  addManagedGroup('wordpressApplication', 100, {}, blockXmlrpc ? undefined : not(pathMatch('/xmlrpc.php', 'STARTS_WITH')));

  // Rules of your own, with the capacity units you declare for them.

  const ownRules = rules.length;
  (props.additionalRules ?? []).forEach((extra, i) => {
    rules.push(extra.rule);
    count(`additionalRules[${i}]`, extra.capacityUnits);
  });
  checkAdditionalRules(rules, ownRules);
  rules.sort((x, y) => x.priority - y.priority);
  return { rules, wcuByProp, adminIpSetV4, adminIpSetV6 };
}

/** An IP set of the admin allow-list, created in `scope`. */
function createIpSet(scope: Construct, id: string, version: 'IPV4' | 'IPV6', entries: ParsedCidr[]): wafv2.CfnIPSet {
  return new wafv2.CfnIPSet(scope, id, {
    scope: 'CLOUDFRONT',
    ipAddressVersion: version,
    addresses: entries.map((e) => e.cidr),
    description: `WordPress dashboard allow-list, ${version === 'IPV4' ? 'IPv4' : 'IPv6'}`,
  });
}

/** The CloudWatch metrics and sampled requests of a rule (or of the web ACL). */
export function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

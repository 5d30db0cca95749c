import * as wafv2 from 'aws-cdk-lib/aws-wafv2';

/**
 * Small builders for WAF rule statements that also add up their web ACL capacity units (WCUs), so the
 * web ACL can tell at synth time what it will cost: AWS bills extra above 1,500 WCUs and refuses more
 * than 5,000. Costs from the AWS WAF developer guide: string match 2 (contains 10), +10 per text
 * transformation; IP set, geo and label match 1; rate-based 2 plus its scope-down; logical statements
 * add nothing of their own.
 */
export interface CostedStatement {
  readonly statement: wafv2.CfnWebACL.StatementProperty;
  readonly wcu: number;
}

/** What a request path is decoded and normalized with before it is compared (`%61` -> `a`, `//x/../` -> `/`). */
export const DECODED_PATH = ['URL_DECODE', 'NORMALIZE_PATH'];

export type PathMatch = 'EXACTLY' | 'STARTS_WITH' | 'CONTAINS';

/** The URI path compared with a string, after the given text transformations. */
export function pathMatch(search: string, positionalConstraint: PathMatch, transformations: string[] = DECODED_PATH): CostedStatement {
  return {
    statement: {
      byteMatchStatement: {
        searchString: search,
        fieldToMatch: { uriPath: {} },
        positionalConstraint,
        textTransformations: transformations.length > 0
          ? transformations.map((type, priority) => ({ priority, type }))
          : [{ priority: 0, type: 'NONE' }],
      },
    },
    wcu: (positionalConstraint === 'CONTAINS' ? 10 : 2) + 10 * transformations.length,
  };
}

export function ipSet(arn: string): CostedStatement {
  return { statement: { ipSetReferenceStatement: { arn } }, wcu: 1 };
}

export function geoMatch(countryCodes: string[]): CostedStatement {
  return { statement: { geoMatchStatement: { countryCodes } }, wcu: 1 };
}

export function labelMatch(key: string): CostedStatement {
  return { statement: { labelMatchStatement: { scope: 'LABEL', key } }, wcu: 1 };
}

export function or(...statements: CostedStatement[]): CostedStatement {
  if (statements.length === 1) {
    return statements[0];
  }
  return { statement: { orStatement: { statements: statements.map((s) => s.statement) } }, wcu: sum(statements) };
}

export function and(...statements: CostedStatement[]): CostedStatement {
  return { statement: { andStatement: { statements: statements.map((s) => s.statement) } }, wcu: sum(statements) };
}

export function not(statement: CostedStatement): CostedStatement {
  return { statement: { notStatement: { statement: statement.statement } }, wcu: statement.wcu };
}

function sum(statements: CostedStatement[]): number {
  return statements.reduce((total, s) => total + s.wcu, 0);
}

/** The AWS managed rule groups the web ACL can use, in evaluation order, with their WCUs. */
export const MANAGED_GROUPS = {
  ipReputation: { ruleName: 'AmazonIpReputationList', groupName: 'AWSManagedRulesAmazonIpReputationList', wcu: 25 },
  commonRuleSet: { ruleName: 'CommonRuleSet', groupName: 'AWSManagedRulesCommonRuleSet', wcu: 700 },
  knownBadInputs: { ruleName: 'KnownBadInputs', groupName: 'AWSManagedRulesKnownBadInputsRuleSet', wcu: 200 },
  sqlDatabase: { ruleName: 'SqlDatabase', groupName: 'AWSManagedRulesSQLiRuleSet', wcu: 200 },
  phpApplication: { ruleName: 'PhpApplication', groupName: 'AWSManagedRulesPHPRuleSet', wcu: 100 },
  wordpressApplication: { ruleName: 'WordpressApplication', groupName: 'AWSManagedRulesWordPressRuleSet', wcu: 100 },
};

/**
 * Body-inspecting rules of the Core rule set that WordPress editors trip (uploads over 8 KB, post
 * HTML, URLs in posts), with the label each adds to a request it matches.
 */
export const COMMON_RULE_SET_BODY_LABELS: { [rule: string]: string } = {
  SizeRestrictions_BODY: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body',
  CrossSiteScripting_BODY: 'awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body',
  GenericRFI_BODY: 'awswaf:managed:aws:core-rule-set:GenericRFI_Body',
  GenericLFI_BODY: 'awswaf:managed:aws:core-rule-set:GenericLFI_Body',
  EC2MetaDataSSRF_BODY: 'awswaf:managed:aws:core-rule-set:EC2MetaDataSSRF_Body',
};

/** Web ACL capacity included in the base price; above it AWS charges per 500 WCUs. */
export const INCLUDED_WCU = 1500;
/** Most WCUs a web ACL may use. */
export const MAX_WCU = 5000;

import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { WordpressWebAcl, WordpressWebAclProps } from '../edge';
import { WordpressOperations } from '../operations';
import { PeakRehearsal, PeakRehearsalOptions } from '../rehearsal';
import { IWordpressSite } from '../wordpress/site-contract';

/** The web ACL's props with a rate-limit exemption whose token is replicated to the site's region (kept as given otherwise). */
export function webAclWithExemption(webAcl: WordpressWebAclProps | undefined, siteRegion: string): WordpressWebAclProps {
  const given = webAcl?.rateLimitExemption;
  const regions = given?.replicaRegions ?? [];
  return {
    ...webAcl,
    rateLimitExemption: { ...given, replicaRegions: regions.includes(siteRegion) ? regions : [...regions, siteRegion] },
  };
}

/**
 * The drop-in's rehearsal, in the site's stack: the token's replica ARN crosses from the edge stack (us-east-1) as a stack
 * output read with `Fn::GetStackOutput` (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-getstackoutput.html),
 * the way the web ACL's ARN does; the edge stack deploys first and refers to nothing in the site's, so there is no cycle.
 */
export function addRehearsal(edgeStack: Stack, siteStack: Stack, webAcl: WordpressWebAcl, site: IWordpressSite, publicUrl: string,
  options: PeakRehearsalOptions, operations: WordpressOperations): PeakRehearsal {
  const output = new CfnOutput(edgeStack, 'RehearsalTokenReplicaArn', {
    description: `ARN of the rate-limit exemption token's replica in ${siteStack.region} (read by the peak rehearsal)`,
    value: webAcl.rateLimitExemptionTokenArnIn(siteStack.region),
  });
  siteStack.addStackDependency(edgeStack, 'The peak rehearsal reads the rate-limit exemption token\'s replica ARN');
  const tokenArn = Fn.getStackOutput(edgeStack.stackName, edgeStack.resolve(output.logicalId), edgeStack.region);
  return new PeakRehearsal(siteStack, 'Rehearsal', {
    ...options,
    site,
    publicUrl,
    rateLimitExemption: {
      headerName: webAcl.rateLimitExemptionHeaderName!,
      token: secretsmanager.Secret.fromSecretCompleteArn(siteStack, 'RehearsalToken', tokenArn),
    },
    alarmTopic: operations.alarmTopic,
    dashboard: operations.dashboard,
  });
}

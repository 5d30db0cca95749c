/**
 * Synthesize the existing-VPC example into cdk.out.existing-vpc (offline) and print a summary per stack.
 * `npm run example:existing-vpc` runs this.
 */
import { App } from 'aws-cdk-lib';
import { buildExistingVpcApp } from './app';
import { synthesizeAndSummarize } from '../summary';

synthesizeAndSummarize(buildExistingVpcApp(new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out.existing-vpc' })).app);

/**
 * Synthesize the minimal example into cdk.out.minimal (offline) and print a summary per stack.
 * `npm run example:minimal` runs this.
 */
import { App } from 'aws-cdk-lib';
import { buildMinimalApp } from './app';
import { synthesizeAndSummarize } from '../summary';

synthesizeAndSummarize(buildMinimalApp(new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out.minimal' })));

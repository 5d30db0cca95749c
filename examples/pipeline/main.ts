/**
 * Synthesize the pipeline example into cdk.out.pipeline (offline) and print a summary per stack.
 * `npm run example:pipeline` runs this.
 */
import { App } from 'aws-cdk-lib';
import { buildPipelineApp } from './app';
import { synthesizeAndSummarize } from '../summary';

synthesizeAndSummarize(buildPipelineApp(new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out.pipeline' })));

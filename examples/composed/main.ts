/**
 * Synthesize the composed example (the constructs wired by hand) into cdk.out.composed (offline) and
 * print a summary per stack. `npm run example:composed` runs this.
 */
import { App } from 'aws-cdk-lib';
import { buildComposedApp } from './app';
import { synthesizeAndSummarize } from '../summary';

synthesizeAndSummarize(buildComposedApp(new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out.composed' })));

// The entry point of the install check's customer app: synthesizes examples/minimal (copied beside it, with
// examples/context.ts) with the package installed from its tarball.
import { App } from 'aws-cdk-lib';
import { buildMinimalApp } from './examples/minimal/app';

buildMinimalApp(new App({ outdir: process.env.CDK_OUTDIR })).synth();

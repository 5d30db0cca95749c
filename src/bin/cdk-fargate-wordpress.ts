#!/usr/bin/env node
// The `cdk-fargate-wordpress` command (`npx cdk-fargate-wordpress cost ...`): see src/cost/private/cli.ts.
import { runCli } from '../cost/private/cli';

process.exitCode = runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});

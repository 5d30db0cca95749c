import * as fs from 'fs';
import * as path from 'path';
import { CostEstimate } from '../cost-estimate';
import type { EdgeCostOptions } from '../cost-estimate-options';
import { EdgePricing } from '../edge-pricing';
import { SimulationMonth } from '../simulation-month';
import { TrafficProfile, TrafficProfiles } from '../traffic-profile';

/** Where the command line writes. */
export interface CliIo {
  /** Directory relative paths are read from. */
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export const USAGE = `Usage: cdk-fargate-wordpress cost [options]

Simulates a month of traffic against a synthesized WordPress site (run "cdk synth" first), prints the
bill by service for five capacity strategies and writes a plot of demand vs capacity.

Options:
  --cdk-out DIR     cloud assembly to read (default: cdk.out)
  --stack NAME      stack of the assembly (default: the only stack with a Fargate service)
  --template FILE   read this template instead of a cloud assembly (needs --region)
  --service PATH    construct path or logical id of the ECS service (default: the only one)
  --region REGION   region whose prices apply (default: the stack's region)
  --month YYYY-MM   month to simulate (default: a 31-day month starting on a Monday, see --days)
  --days N          simulate an N-day month (28 to 31) that starts on a Monday
  --profile FILE    traffic profile as JSON (a TrafficProfile); default: two monthly peaks (an evening
                    crest, 48 h at 5x from the 5th and the 25th, Asia/Seoul)
  --svg FILE        where to write the plot (default: cost-estimate.svg)
  --json FILE       also write the strategies and the hours as JSON
  --edge-pricing P  how the edge is paid: CHEAPEST (default: the cheapest flat-rate plan the month fits, or
                    pay-as-you-go; a template subscribed to a plan is priced on it), PAY_AS_YOU_GO, FREE, PRO,
                    BUSINESS or PREMIUM
  --plan-headroom H share of a plan's allowances the month may use, greater than 0 and at most 1 (default: 0.8)
  -h, --help        show this help
`;

class UsageError extends Error {}

/** Run `cdk-fargate-wordpress <args>`; returns the exit code. */
export function runCli(args: string[], io: CliIo): number {
  try {
    const [command, ...rest] = args;
    if (command === undefined || command === '-h' || command === '--help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command !== 'cost') {
      throw new UsageError(`unknown command "${command}"`);
    }
    const options = parseOptions(rest);
    if (options.help) {
      io.out(USAGE);
      return 0;
    }
    cost(options, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk-fargate-wordpress: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`cdk-fargate-wordpress: ${(e as Error).message}\n`);
    return 1;
  }
}

interface Options {
  readonly [name: string]: string | undefined;
}

const VALUE_OPTIONS = ['cdk-out', 'stack', 'template', 'service', 'region', 'month', 'days', 'profile', 'svg', 'json', 'edge-pricing', 'plan-headroom'];

function parseOptions(args: string[]): Options & { help?: string } {
  const options: { [name: string]: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      options.help = 'yes';
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !VALUE_OPTIONS.includes(match[1])) {
      throw new UsageError(`unknown option "${arg}"`);
    }
    const value = match[2] ?? args[++i];
    if (value === undefined) {
      throw new UsageError(`option --${match[1]} needs a value`);
    }
    options[match[1]] = value;
  }
  if (options.month && options.days) {
    throw new UsageError('give --month or --days, not both');
  }
  if (options.template && (options['cdk-out'] || options.stack)) {
    throw new UsageError('give --template or --cdk-out/--stack, not both');
  }
  return options;
}

function cost(options: Options, io: CliIo): void {
  const resolve = (file: string) => path.resolve(io.cwd, file);
  const { template, region, name } = loadTemplate(options, resolve);
  const month = parseMonth(options);
  const profile: TrafficProfile = options.profile
    ? JSON.parse(fs.readFileSync(resolve(options.profile), 'utf8'))
    : TrafficProfiles.twoMonthlyPeaks();
  const estimate = CostEstimate.fromTemplate(template, { profile, month, region, servicePath: options.service, edge: parseEdge(options) });
  io.out(`Stack ${name}${options.profile ? `, profile ${options.profile}` : ', default profile: two monthly peaks'}\n`);
  io.out(estimate.toText());
  const svg = resolve(options.svg ?? 'cost-estimate.svg');
  fs.writeFileSync(svg, estimate.toSvg());
  io.out(`Plot written to ${svg}\n`);
  if (options.json) {
    const json = resolve(options.json);
    fs.writeFileSync(json, JSON.stringify({
      stack: name,
      region,
      month: month.toString(),
      strategies: estimate.strategies,
      hours: estimate._simulation.hours,
      notes: estimate.notes,
    }, undefined, 2));
    io.out(`JSON written to ${json}\n`);
  }
}

function parseEdge(options: Options): EdgeCostOptions | undefined {
  const pricing = options['edge-pricing'];
  if (pricing !== undefined && !(Object.values(EdgePricing) as string[]).includes(pricing)) {
    throw new UsageError(`--edge-pricing must be one of ${Object.values(EdgePricing).join(', ')}, not "${pricing}"`);
  }
  const headroom = options['plan-headroom'];
  if (headroom !== undefined && !(Number(headroom) > 0 && Number(headroom) <= 1)) {
    throw new UsageError(`--plan-headroom must be a number greater than 0 and at most 1, not "${headroom}"`);
  }
  if (pricing === undefined && headroom === undefined) {
    return undefined;
  }
  return { pricing: pricing as EdgePricing | undefined, flatRatePlanHeadroom: headroom === undefined ? undefined : Number(headroom) };
}

function parseMonth(options: Options): SimulationMonth {
  if (options.month) {
    const match = /^(\d{4})-(\d{1,2})$/.exec(options.month);
    if (!match) {
      throw new UsageError(`--month must look like 2026-01, not "${options.month}"`);
    }
    return SimulationMonth.of(Number(match[1]), Number(match[2]));
  }
  return SimulationMonth.ofDays(options.days === undefined ? 31 : Number(options.days));
}

function loadTemplate(options: Options, resolve: (file: string) => string): { template: any; region: string; name: string } {
  if (options.template) {
    if (!options.region) {
      throw new UsageError('--template needs --region (a template does not say where it is deployed)');
    }
    return { template: readJson(resolve(options.template)), region: options.region, name: path.basename(options.template) };
  }
  const dir = resolve(options['cdk-out'] ?? 'cdk.out');
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`no cloud assembly at ${dir} (manifest.json missing): run "cdk synth" first, or give --cdk-out or --template`);
  }
  const manifest = readJson(manifestFile);
  const stacks = Object.entries<any>(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => ({
      id,
      name: String(a.displayName ?? a.properties?.stackName ?? id),
      stackName: String(a.properties?.stackName ?? id),
      template: readJson(path.join(dir, a.properties.templateFile)),
      region: /^aws:\/\/[^/]*\/(.+)$/.exec(a.environment ?? '')?.[1],
    }));
  const wanted = options.stack
    ? stacks.filter((s) => [s.id, s.name, s.stackName].includes(options.stack!))
    : stacks.filter((s) => Object.values<any>(s.template.Resources ?? {}).some((r) => r.Type === 'AWS::ECS::Service'));
  if (wanted.length !== 1) {
    throw new Error(`${wanted.length === 0 ? 'no' : 'more than one'} stack ${options.stack ? `named "${options.stack}"` : 'with an ECS service'} `
      + `in ${dir} (stacks: ${stacks.map((s) => s.name).join(', ') || 'none'}); choose one with --stack`);
  }
  const stack = wanted[0];
  const region = options.region ?? (stack.region && stack.region !== 'unknown-region' ? stack.region : undefined);
  if (!region) {
    throw new UsageError(`stack ${stack.name} has no explicit region: give --region`);
  }
  return { template: stack.template, region, name: stack.name };
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

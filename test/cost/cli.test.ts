import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { cli } from './fixtures';
import { buildComposedApp } from '../../examples/composed/app';
import { buildReferenceApp } from '../../examples/reference/app';
import { USAGE } from '../../src/cost/private/cli';

let dir: string;
beforeAll(() => {
  // GIVEN the composed example (one site stack) synthesized into <tmp>/cdk.out, as `cdk synth` would
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfw-cost-'));
  buildComposedApp(new App({ outdir: path.join(dir, 'cdk.out') })).synth();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdk-fargate-wordpress cost', () => {
  test('over cdk.out: prints the bill for five strategies and writes the plot', () => {
    // WHEN run with no options in the app's directory
    const { code, out, err } = cli(['cost'], dir);
    // THEN the stack and region come from the assembly, the month is the 31-day default
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^Stack WordpressSite, default profile: two monthly peaks\n/);
    expect(out).toMatch(/in ap-northeast-1, 2025-12 \(744 h\)/);
    expect(out).toMatch(/USD per month\s+1 static\s+2 tracking\s+3 scheduled\s+4 sched\+Spot\s+5 oracle/);
    expect(out).toMatch(/Under-provisioned hours\s+0\s+\d+\s+0\s+0\s+0/);
    expect(out).toMatch(/the service's split: 2 task\(s\) on regular Fargate/);
    const svg = fs.readFileSync(path.join(dir, 'cost-estimate.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(out).toContain(`Plot written to ${path.join(dir, 'cost-estimate.svg')}`);
  });

  test('options: a month, another profile, a template with a region, JSON output', () => {
    const profile = path.join(dir, 'profile.json');
    fs.writeFileSync(profile, JSON.stringify({ requestsPerSecondByHour: Array(24).fill(20), requestsPerTaskPerSecond: 25, timeZone: 'Asia/Seoul' }));
    const { code, out } = cli(['cost', '--template', 'cdk.out/WordpressSite.template.json', '--region', 'us-east-1', '--month', '2026-02',
      '--profile', 'profile.json', '--svg', 'feb.svg', '--json', 'feb.json'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/in us-east-1, 2026-02 \(672 h\)/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'feb.json'), 'utf8'));
    expect(json.strategies).toHaveLength(5);
    expect(json.hours).toHaveLength(672);
    expect(json.strategies[4].capacity.taskHours).toBe(2 * 672); // 20 req/s, 25 per task: the minimum of 2
    expect(fs.existsSync(path.join(dir, 'feb.svg'))).toBe(true);
  });

  test('--days and --stack', () => {
    const { code, out } = cli(['cost', '--stack', 'WordpressSite', '--days', '28', '--svg', 'days.svg'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/\(672 h\)/);
  });

  test.each<[string[], number, RegExp]>([
    [[], 2, /^Usage: cdk-fargate-wordpress cost/],
    [['estimate'], 2, /unknown command "estimate"/],
    [['cost', '--colour'], 2, /unknown option "--colour"/],
    [['cost', '--month'], 2, /option --month needs a value/],
    [['cost', '--month', '2026-1-1'], 2, /--month must look like 2026-01/],
    [['cost', '--month', '2026-13'], 1, /invalid month\.month: 13/],
    [['cost', '--month', '2026-01', '--days', '31'], 2, /give --month or --days, not both/],
    [['cost', '--template', 'x.json'], 2, /--template needs --region/],
    [['cost', '--cdk-out', 'nowhere'], 1, /no cloud assembly at .*nowhere \(manifest\.json missing\)/],
    [['cost', '--stack', 'Other'], 1, /no stack named "Other" .*\(stacks: WordpressEdge, WordpressSite\)/],
    [['cost', '--region', 'mars-north-1'], 1, /invalid region: "mars-north-1"/],
  ])('%j exits %i', (args, code, message) => {
    const result = cli(args, dir);
    expect(result.code).toBe(code);
    expect(result.out + result.err).toMatch(message);
  });

  test('an app with several sites (staging and production): --stack chooses one', () => {
    const multi = fs.mkdtempSync(path.join(os.tmpdir(), 'cfw-cost-'));
    try {
      buildReferenceApp(new App({ outdir: path.join(multi, 'cdk.out') })).app.synth();
      const none = cli(['cost'], multi);
      expect(none.code).toBe(1);
      expect(none.err).toMatch(/more than one stack with an ECS service .*choose one with --stack/);
      const production = cli(['cost', '--stack', 'Production-Site', '--svg', 'production.svg'], multi);
      expect(production.code).toBe(0);
      expect(production.out).toMatch(/^Stack Production\/Site, default profile: two monthly peaks\n/);
      expect(production.out).toMatch(/Under-provisioned hours\s+0\s+\d+\s+0\s+0\s+0/);
    } finally {
      fs.rmSync(multi, { recursive: true, force: true });
    }
  });

  test('--help prints the usage and succeeds', () => {
    expect(cli(['cost', '--help'], dir)).toEqual({ code: 0, out: USAGE, err: '' });
    expect(cli(['--help'], dir).code).toBe(0);
  });

  test('the package declares the command and ships its script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk-fargate-wordpress': 'lib/bin/cdk-fargate-wordpress.js' });
    expect(fs.readFileSync(path.join(__dirname, '../../src/bin/cdk-fargate-wordpress.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});

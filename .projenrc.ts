import { awscdk, javascript, JsonFile } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/**
 * The single source of project configuration. Never edit the files projen
 * generates from it; change this file and run `npx projen`.
 */

/**
 * Lowest aws-cdk-lib with everything the library uses. cdk-nag 3 needs >= 2.257.0; acknowledging a cdk-nag finding
 * whose id holds an ARN (`AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/...]`) needs >= 2.270.0:
 * older `Validations.acknowledge()` rejects an id with more than one `::`.
 */
const CDK_VERSION = '2.270.0';
/** GitHub workflows run on the current Node.js LTS; the library itself supports Node 20+. */
const WORKFLOW_NODE_VERSION = '26.x';
const GITHUB_ORG = 'cdk-fargate-wordpress';
const NAME = 'cdk-fargate-wordpress';

const project = new awscdk.AwsCdkConstructLibrary({
  name: NAME,
  description:
    'AWS CDK constructs for cost-efficient, secure WordPress hosting on ECS Fargate: ALB, EFS, Aurora Serverless v2, '
    + 'scheduled scaling for known monthly peaks, blue/green releases and a geo-blocking CloudFront + WAF edge.',
  author: 'Seed 61c971b4 maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-61c971b4.example',
  repositoryUrl: `https://github.com/${GITHUB_ORG}/${NAME}.git`,
  keywords: ['cdk', 'awscdk', 'wordpress', 'ecs', 'fargate', 'aurora', 'efs', 'cloudfront', 'waf', 'blue-green'],
  license: 'Apache-2.0',
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  // jsii 6.0 compiles with TypeScript 6.0; ts-jest does not support TypeScript 7 yet.
  typescriptVersion: '~6.0.0',
  minNodeVersion: '20.0.0',
  workflowNodeVersion: WORKFLOW_NODE_VERSION,

  // Release to every jsii language. The registries are unreachable from the development machines,
  // so the local `package` task below builds the js target only; the release workflow builds all five.
  publishToPypi: {
    distName: NAME,
    module: 'cdk_fargate_wordpress',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkfargatewordpress',
    mavenGroupId: `io.github.${GITHUB_ORG}`,
    mavenArtifactId: NAME,
  },
  publishToNuget: {
    dotNetNamespace: 'CdkFargateWordpress',
    packageId: 'CdkFargateWordpress',
  },
  publishToGo: {
    moduleName: `github.com/${GITHUB_ORG}/${NAME}-go`,
    packageName: 'cdkfargatewordpress',
  },

  devDeps: [
    'cdk-nag@^3.0.2',
    // cdk-nag 2 (an Aspects pack, still the most installed major) under another name: the tests run both majors.
    'cdk-nag-v2@npm:cdk-nag@2.36.8',
    'esbuild@^0.28.0',
    // Integration tests the ecosystem's way (test/integ.*.ts): pinned, the alpha module follows aws-cdk-lib's releases.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@2.197.10',
  ],

  jestOptions: {
    // Snapshots never update silently: CI must be able to fail on them. `npx projen test:update` updates.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      // Tests import the package by name, exactly as the examples (and customers) do.
      moduleNameMapper: { '^cdk-fargate-wordpress$': '<rootDir>/src' },
      testTimeout: 120_000,
    },
  },

  gitignore: ['cdk.out', '/.examples/', '/.jsii-codegen/'],
});

project.addPackageIgnore('/examples/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/.examples/');
project.addPackageIgnore('cdk.out');
project.addPackageIgnore('/rosetta/');

// Tests and examples import the package by its name, as customers do; resolve it to the sources.
project.tsconfigDev.file.addOverride('compilerOptions.paths', { 'cdk-fargate-wordpress': ['../src'] });

project.eslint?.file.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', './test/tsconfig.json']);

// ts-jest only transpiles (isolatedModules): type-check tests and examples as part of `test`.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check tests and examples',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.spawn(typecheck);

// The real-WordPress test alone (docs/testing.md): Debian's WordPress, PHP-FPM, MariaDB and nginx
// behind a TLS-terminating proxy on loopback, fed the environment the construct synthesizes. `npm test` runs it too.
project.addTask('test:wordpress', {
  description: 'Run only the real-WordPress test (WordPress behind a TLS-terminating proxy, on loopback; needs the Debian packages .ci/run installs)',
  exec: 'jest --ci --coverage=false test/wordpress/wordpress-behind-proxy.test.ts',
});

// Integration tests the ecosystem's way (docs/integration-tests.md): test/integ.*.ts apps with @aws-cdk/integ-tests-alpha
// assertions, run by integ-runner. Each has a committed snapshot (test/integ.*.ts.snapshot/).
const integRunner = 'integ-runner --directory test --language typescript --app "scripts/integ-app.sh {filePath}"';
/** The region the integ tests' sites deploy to (their web ACL and certificate go to us-east-1). */
const INTEG_REGION = 'eu-west-1';
project.addTask('integ', {
  description: 'Verify the integration tests\' snapshots (synthesis only, no AWS account): fails when a template changed',
  exec: `INTEG_REGION=${INTEG_REGION} bash scripts/integ-verify.sh`,
});
project.addTask('integ:snapshot', {
  description: 'Rewrite the snapshots of the integration tests whose templates changed, without deploying (no AWS account)',
  exec: `${integRunner} --update-on-failed --dry-run --force --parallel-regions ${INTEG_REGION}`,
});
project.addTask('integ:deploy', {
  description: 'Deploy every integration test to the current AWS account, run its assertions, destroy it and update its snapshot '
    + '(needs credentials and CDK_INTEG_HOSTED_ZONE_ID / CDK_INTEG_HOSTED_ZONE_NAME; see docs/integration-tests.md)',
  exec: `${integRunner} --force --update-on-failed --no-update-workflow --parallel-regions ${INTEG_REGION} --verbose`,
  receiveArgs: true,
});
// integ-runner's working copies while it synthesizes; the snapshots are committed whole (their `cdk.out` marker too).
project.gitignore.exclude('cdk-integ.out.*');
project.gitignore.include('/test/*.snapshot/cdk.out');

// The examples, run as bundled JavaScript (esbuild resolves the package name to the sources).
// `npm run example` synthesizes the reference app into cdk.out and prints a summary per stack and its cost estimate.
const bundleExample = (name: string) =>
  `esbuild examples/${name}/main.ts --bundle --platform=node --target=node20 --log-level=warning `
  + '--alias:cdk-fargate-wordpress=./src/index.ts --external:aws-cdk-lib --external:constructs --external:cdk-nag '
  + `--outfile=.examples/${name}.js`;
project.addTask('example', {
  description: 'Synthesize the reference example app into cdk.out (offline), print a summary per stack and its cost estimate',
  steps: [{ exec: bundleExample('reference') }, { exec: 'node .examples/reference.js' }],
});
// The other examples, each into cdk.out.<name>: `npm run example:<name>`, or all of them with `npm run examples`.
const otherExamples: { [name: string]: string } = {
  'minimal': 'the minimal WordpressHosting drop-in',
  'existing-vpc': 'WordpressHosting in an existing VPC with an existing hosted zone',
  'composed': 'the constructs wired by hand (site, web ACL, edge)',
  'pipeline': 'site + BlueGreenEcsPipeline, both engines',
};
const allExamples = project.addTask('examples', { description: 'Synthesize every example except the reference one (cdk.out.<name>)' });
for (const [name, what] of Object.entries(otherExamples)) {
  const task = project.addTask(`example:${name}`, {
    description: `Synthesize the ${name} example (${what}) into cdk.out.${name} (offline) and print a summary per stack`,
    steps: [{ exec: bundleExample(name) }, { exec: `node .examples/${name}.js` }],
  });
  allExamples.spawn(task);
}
project.gitignore.exclude('/cdk.out.*');
project.addPackageIgnore('/cdk.out.*');
project.tsconfigDev.addInclude('../examples/**/*.ts');
// The examples' own tsconfig (for editors and eslint's project service): the test settings, examples only.
new JsonFile(project, 'examples/tsconfig.json', {
  obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  marker: false,
});
project.eslint?.addLintPattern('examples');
project.eslint?.allowDevDeps('examples/**');

// The benchmark (not a timed test): the two-monthly-peaks traffic profile against the reference app's site, priced.
project.addTask('bench', {
  description: 'Run the cost and capacity benchmark on the two-monthly-peaks traffic profile (bench/reference.ts)',
  steps: [
    {
      exec: 'esbuild bench/reference.ts --bundle --platform=node --target=node20 --log-level=warning '
        + '--alias:cdk-fargate-wordpress=./src/index.ts --external:aws-cdk-lib --external:constructs --outfile=.examples/bench.js',
    },
    { exec: 'node .examples/bench.js' },
  ],
});
// The WordPress throughput benchmark (not a test, asserts no speed; docs/throughput.md): uncached requests per second per
// PHP worker of Debian's WordPress on loopback (PHP-FPM with opcache, MariaDB over TLS, nginx), bounded in requests and
// time. Needs the Debian packages .ci/run installs; not part of `npm test` (only its pure logic is, test/bench/).
project.addTask('bench:wordpress', {
  description: 'Measure uncached requests/s per PHP worker of a real WordPress on loopback and derive requestsPerTaskPerSecond (docs/throughput.md)',
  steps: [
    {
      exec: 'esbuild bench/wordpress-throughput.ts --bundle --platform=node --target=node20 --log-level=warning '
        + '--outfile=.examples/bench-wordpress.js',
    },
    { exec: 'node .examples/bench-wordpress.js' },
  ],
});
project.tsconfigDev.addInclude('../bench/**/*.ts');
new JsonFile(project, 'bench/tsconfig.json', {
  obj: { extends: '../test/tsconfig.json', include: ['**/*.ts'] },
  marker: false,
});
project.eslint?.addLintPattern('bench');
project.eslint?.allowDevDeps('bench/**');

// `npx cdk-fargate-wordpress cost ...`: the cost estimate over a synthesized cloud assembly (src/bin, compiled by jsii).
project.addBins({ 'cdk-fargate-wordpress': 'lib/bin/cdk-fargate-wordpress.js' });

// README and API examples compile: Construct Hub translates them to every language with jsii-rosetta.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile the README and doc examples against rosetta/*.ts-fixture (strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.exclude('/.jsii.tabl.json');
project.addPackageIgnore('!/.jsii.tabl.json');

// The public API must compile to every jsii language without warnings (reserved words included).
project.compileTask.reset('jsii --fail-on-warnings');
// Generate the Python, Java, .NET and Go bindings (code only: their registries are unreachable here) and
// byte-compile the Python ones; the generated code is checked into no repository.
project.addTask('package:code-only', {
  description: 'Generate the Python, Java, .NET and Go bindings as code (no packaging) into .jsii-codegen',
  steps: [
    { exec: 'rm -rf .jsii-codegen' },
    { exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir .jsii-codegen' },
    { exec: 'python3 -m compileall -q .jsii-codegen/python' },
  ],
});
// Install the packed tarball into a fresh CDK app and synthesize it, as a customer would.
project.addTask('install-check', {
  description: 'npm-pack the library, install it into a fresh temporary CDK app, compile and synthesize that app',
  exec: 'scripts/install-check.sh',
});
project.addPackageIgnore('/scripts/');

// The README's architecture picture, generated from docs/architecture.dot (Graphviz: `apt-get install graphviz`).
project.addTask('docs:architecture', {
  description: 'Regenerate docs/architecture.svg and docs/architecture.png from docs/architecture.dot (needs Graphviz)',
  steps: [
    { exec: 'dot -Tsvg docs/architecture.dot -o docs/architecture.svg' },
    { exec: 'dot -Tpng -Gdpi=110 docs/architecture.dot -o docs/architecture.png' },
  ],
});
project.addPackageIgnore('/docs/');

// Local packaging: js only (PyPI, Maven Central, NuGet and the Go proxy are unreachable here).
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

project.synth();

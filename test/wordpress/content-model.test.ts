/**
 * The content models of ScalableWordpressOnFargate on a real WordPress (Debian's package, PHP-FPM, nginx, MariaDB over
 * TLS), with the environment and the release-sync script the construct synthesizes:
 * - immutable: each release is a new document root (a new image) over one shared uploads directory (the EFS access point
 *   rooted at wp-content/uploads);
 * - shared: one shared wp-content directory (the EFS access point rooted at wp-content) that outlives the servers, and
 *   the release sync copying what each new image ships onto it.
 * Skipped, with a warning, where the Debian packages are missing (never in CI); see wordpress-behind-proxy.test.ts.
 */
import { execFile } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { newStack, onlyResource, site } from '../fixtures';
import { pluginFiles, ReleasedSite, themeFiles, writeFiles } from './proxy-harness/content-releases';
import { CookieJar, followRedirects, request } from './proxy-harness/http-client';
import { freePorts, Server } from './proxy-harness/processes';
import { createCertificate, createDatabase, initializeDatabase, startMariadb } from './proxy-harness/servers';
import { resolveEnvironment, secretValues } from './proxy-harness/synthesized-site';
import { DEBIAN_PACKAGES, missingPrerequisites } from './proxy-harness/wordpress-behind-proxy';
import { ScalableWordpressOnFargateProps, WordpressDeployment, WordpressImage } from 'cdk-fargate-wordpress';

const ADMIN = { user: 'operator', password: 'content-model-test-password' };

/** The containers of the task definition the construct synthesizes for these props, by name: environment and command. */
function synthesizeTask(props: ScalableWordpressOnFargateProps): { [name: string]: { env: { [name: string]: unknown }; command?: string[] } } {
  const stack = newStack();
  site(stack, { trustedProxyCidrs: ['127.0.0.2/32'], ...props });
  const containers = onlyResource(Template.fromStack(stack), 'AWS::ECS::TaskDefinition').ContainerDefinitions as any[];
  return Object.fromEntries(containers.map((c) => [c.Name, {
    env: Object.fromEntries([...(c.Environment ?? []), ...(c.Secrets ?? []).map((s: any) => ({ Name: s.Name, Value: undefined }))]
      .map((e: any) => [e.Name, e.Value])),
    command: c.Command,
  }]));
}

/** Run the release-sync container's command (sh -c <script>) with its environment, the image and the mount replaced by directories. */
function runReleaseSync(command: string[], env: { [name: string]: unknown }, source: string, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const environment = { ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])), PATH: process.env.PATH ?? '/usr/bin:/bin' };
    execFile('sh', ['-c', command[0]], { env: { ...environment, RELEASE_SYNC_SOURCE: source, RELEASE_SYNC_TARGET: target }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

const missing = missingPrerequisites();
const inCi = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
if (missing.length > 0 && inCi) {
  test('the content-model test has the Debian packages it runs', () => {
    throw new Error(`CI must run the real-WordPress tests, but this machine lacks: ${missing.join(', ')}. Install: ${DEBIAN_PACKAGES.join(' ')}`);
  });
} else if (missing.length > 0) {
  console.warn(`SKIPPED: the content-model test on a real WordPress did NOT run. Missing: ${missing.join(', ')}.`);
  test.skip('content models on a real WordPress', () => undefined);
} else {
  contentModelSuite();
}

function contentModelSuite(): void {
  describe('content models on a real WordPress', () => {
    let dir: string;
    const servers: Server[] = [];
    const track = (s: Server) => { servers.push(s); return s; };
    let immutable: ReleasedSite;
    let shared: ReleasedSite;
    let syncCommand: string[];
    let syncEnv: { [name: string]: unknown };
    let sharedContent: string;
    let uploads: string;

    /** The environment of a container as ECS would start it here: database over TLS on the local MariaDB, generated secrets. */
    function localEnv(env: { [name: string]: unknown }, databasePort: number, database: string): { [name: string]: string } {
      const secrets = secretValues(Object.entries(env).filter(([, v]) => v === undefined).map(([k]) => k));
      const plain = resolveEnvironment(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)), {
        WORDPRESS_DB_HOST: () => `127.0.0.1:${databasePort}`,
      });
      return { ...plain, ...secrets, WORDPRESS_DB_NAME: database };
    }

    async function logIn(s: ReleasedSite): Promise<CookieJar> {
      const jar = new CookieJar();
      await followRedirects({ url: `${s.url}/wp-login.php`, cookies: jar }, 2);
      const chain = await followRedirects({
        url: `${s.url}/wp-login.php`,
        cookies: jar,
        form: { 'log': ADMIN.user, 'pwd': ADMIN.password, 'wp-submit': 'Log In', 'redirect_to': `${s.url}/wp-admin/`, 'testcookie': '1' },
      }, 5);
      expect(chain[chain.length - 1].body).toMatch(/<title>Dashboard/);
      return jar;
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cfwp-content-'));
      const [databasePort, immutablePort, sharedPort] = await freePorts(3);
      await Promise.all([createCertificate(dir), initializeDatabase(dir)]);
      await startMariadb(dir, { port: databasePort, bufferPoolSize: '32M' }, track);

      // What the construct synthesizes: a blue/green site (immutable by default) and a rolling site running a customer's
      // image (shared by default, with the release sync), each pinned to its local URL.
      const blueGreen = synthesizeTask({ deployment: WordpressDeployment.ecsBlueGreen(), publicUrl: `http://127.0.0.1:${immutablePort}` });
      const rolling = synthesizeTask({ image: WordpressImage.fromRegistry('acme/site:1'), publicUrl: `http://127.0.0.1:${sharedPort}` });
      expect(Object.keys(blueGreen)).toEqual(['wordpress']);
      expect(Object.keys(rolling)).toEqual(['wordpress', 'release-sync']);
      syncCommand = rolling['release-sync'].command!;
      syncEnv = rolling['release-sync'].env;

      const immutableEnv = localEnv(blueGreen.wordpress.env, databasePort, 'wp_immutable');
      const sharedEnv = localEnv(rolling.wordpress.env, databasePort, 'wp_shared');
      for (const env of [immutableEnv, sharedEnv]) {
        await createDatabase(dir, { name: env.WORDPRESS_DB_NAME, user: env.WORDPRESS_DB_USER, password: env.WORDPRESS_DB_PASSWORD });
      }
      immutable = new ReleasedSite(dir, 'immutable', immutablePort, immutableEnv, track);
      shared = new ReleasedSite(dir, 'shared', sharedPort, sharedEnv, track);

      // Immutable release 1: the image's code with the customer's theme; wp-content/uploads is the shared directory.
      uploads = join(dir, 'efs-uploads');
      mkdirSync(uploads);
      const root1 = await immutable.newRoot();
      writeFiles(join(root1, 'wp-content', 'themes'), themeFiles('acme', 'release-1'));
      symlinkSync(uploads, join(root1, 'wp-content', 'uploads'));
      // Shared: the document root's wp-content is the shared directory itself, kept across restarts and releases.
      const sharedRoot = await shared.newRoot();
      sharedContent = join(sharedRoot, 'wp-content');
      await Promise.all([immutable.serve(root1), shared.serve(sharedRoot)]);
      await Promise.all([immutable.install(ADMIN.user, ADMIN.password), shared.install(ADMIN.user, ADMIN.password)]);
      await immutable.php("switch_theme('acme');");
    }, 120_000);

    afterAll(async () => {
      await immutable?.stop();
      await shared?.stop();
      await Promise.all([...servers].reverse().map((s) => s.stop(20_000)));
      if (!process.env.CFWP_KEEP_TMP) {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);

    describe('immutable', () => {
      test('a changed theme shipped in a new release is served after it; uploads from before survive the release', async () => {
        const before = await immutable.php("$u = wp_upload_bits('proof.txt', null, 'uploaded in release 1'); echo wp_json_encode($u);");
        const upload = JSON.parse(before);
        expect(upload.error).toBe(false);
        expect(upload.file.startsWith(join(immutable.root, 'wp-content', 'uploads'))).toBe(true);
        expect(await fetchText(`${immutable.url}/`)).toContain('theme release-1');

        // Release 2: a new image (a new copy of the code) whose theme changed; the uploads directory is the same one.
        const root2 = await immutable.newRoot();
        writeFiles(join(root2, 'wp-content', 'themes'), themeFiles('acme', 'release-2'));
        symlinkSync(uploads, join(root2, 'wp-content', 'uploads'));
        await immutable.serve(root2);

        const home = await fetchText(`${immutable.url}/`);
        expect(home).toContain('theme release-2');
        expect(home).not.toContain('theme release-1');
        const path = new URL(upload.url).pathname;
        expect(path).toMatch(/^\/wp-content\/uploads\/\d{4}\/\d{2}\/proof\.txt$/);
        expect(await fetchText(`${immutable.url}${path}`)).toBe('uploaded in release 1');
      }, 60_000);

      test('the dashboard cannot install a plugin (DISALLOW_FILE_MODS); the shared site\'s dashboard can', async () => {
        const page = await followRedirects({ url: `${immutable.url}/wp-admin/plugin-install.php`, cookies: await logIn(immutable) }, 3);
        const refused = page[page.length - 1];
        expect(refused.status).toBe(403);
        // The screen is not even registered without the capability: WordPress refuses access to it.
        expect(refused.body).toMatch(/Sorry, you are not allowed to (install plugins on this site|access this page)\./);
        const caps = "wp_set_current_user(1); echo wp_json_encode(array(current_user_can('install_plugins'), current_user_can('update_core'), "
          + "defined('AUTOMATIC_UPDATER_DISABLED') && AUTOMATIC_UPDATER_DISABLED));";
        expect(JSON.parse(await immutable.php(caps))).toEqual([false, false, true]);
        // The control: the same page and capabilities on the shared site.
        const control = await followRedirects({ url: `${shared.url}/wp-admin/plugin-install.php`, cookies: await logIn(shared) }, 3);
        expect(control[control.length - 1].status).toBe(200);
        expect(control[control.length - 1].body).toMatch(/<title>Add Plugins/);
        expect(JSON.parse(await shared.php(caps))).toEqual([true, true, false]);
      }, 60_000);
    });

    describe('shared', () => {
      test('a plugin installed from the dashboard survives a restart (new servers on the same wp-content)', async () => {
        // The dashboard's "Upload Plugin" runs Plugin_Upgrader::install on the uploaded zip; the zip is made with WordPress's PclZip.
        const source = join(dir, 'dashboard-upload');
        writeFiles(source, pluginFiles('from-dashboard', '2.0'));
        const installed = await shared.php(`require_once ABSPATH . 'wp-admin/includes/admin.php';
          require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
          require_once ABSPATH . 'wp-admin/includes/class-pclzip.php';
          wp_set_current_user(1);
          $zip = new PclZip(${JSON.stringify(join(dir, 'from-dashboard.zip'))});
          $zip->create(${JSON.stringify(join(source, 'from-dashboard'))}, PCLZIP_OPT_REMOVE_PATH, ${JSON.stringify(source)});
          $ok = (new Plugin_Upgrader(new Automatic_Upgrader_Skin()))->install(${JSON.stringify(join(dir, 'from-dashboard.zip'))});
          echo wp_json_encode(array($ok, activate_plugin('from-dashboard/from-dashboard.php')));`);
        expect(JSON.parse(installed)).toEqual([true, null]);
        expect(await fetchText(`${shared.url}/?from-dashboard=1`)).toBe('from-dashboard 2.0');

        await shared.serve(shared.root); // a restart: new PHP-FPM and nginx processes on the same directory
        expect(await fetchText(`${shared.url}/?from-dashboard=1`)).toBe('from-dashboard 2.0');
      }, 60_000);

      test('a plugin update shipped in a new image reaches the shared wp-content once, even when two tasks start together', async () => {
        const image1 = join(dir, 'image-1', 'wp-content');
        writeFiles(join(image1, 'plugins'), pluginFiles('acme-shipped', '1.0'));
        expect(await runReleaseSync(syncCommand, syncEnv, image1, sharedContent)).toContain('copied 1 entries');
        await shared.php("require_once ABSPATH . 'wp-admin/includes/plugin.php'; activate_plugin('acme-shipped/acme-shipped.php');");
        expect(await fetchText(`${shared.url}/?acme-shipped=1`)).toBe('acme-shipped 1.0');

        // The next release: two tasks of the new image start together, each running its release-sync container first.
        const image2 = join(dir, 'image-2', 'wp-content');
        writeFiles(join(image2, 'plugins'), pluginFiles('acme-shipped', '1.1'));
        const outputs = await Promise.all([1, 2].map(() => runReleaseSync(syncCommand, syncEnv, image2, sharedContent)));
        expect(outputs.filter((o) => o.includes('copied 1 entries'))).toHaveLength(1);
        // The other one waited for the lock and found the content copied, or (if it started a moment later) found it at once.
        expect(outputs.filter((o) => /was copied by another task|is already on the file system/.test(o))).toHaveLength(1);
        const state = join(sharedContent, '.release-sync');
        const hash = readFileSync(join(state, 'current'), 'utf8').trim();
        expect(readFileSync(join(state, hash), 'utf8').trim().split('\n')).toHaveLength(1); // one copy of this content
        expect(readdirSync(state).sort()).toEqual([hash, readdirSync(state).find((f) => f !== hash && f !== 'current'), 'current'].sort());
        expect(readFileSync(join(sharedContent, 'plugins', 'acme-shipped', 'acme-shipped.php'), 'utf8')).toContain('Version: 1.1');

        await shared.serve(shared.root); // the new tasks' WordPress starts after the sync
        expect(await fetchText(`${shared.url}/?acme-shipped=1`)).toBe('acme-shipped 1.1');
        expect(await fetchText(`${shared.url}/?from-dashboard=1`)).toBe('from-dashboard 2.0'); // not shipped by the image: untouched
      }, 60_000);
    });
  });
}

/** GET a URL (no redirect followed); the body. */
async function fetchText(url: string): Promise<string> {
  return (await request({ url })).body;
}

/**
 * The WordPress configuration of ScalableWordpressOnFargate, run on a real WordPress behind a TLS-terminating
 * proxy: Debian's WordPress, PHP-FPM, MariaDB (TLS required) and two nginx (HTTP backend, TLS proxy), on loopback.
 * The environment PHP sees is the one the construct synthesizes (read from the template, deploy-time values
 * resolved to the local servers, secrets generated as ECS would inject them). Run alone: `npx projen test:wordpress`.
 * See test/wordpress/proxy-harness/ and the README section "Proven on a real WordPress".
 */
import { randomBytes } from 'crypto';
import { apacheHandsPhp } from './proxy-harness/apache-handoff';
import { installCronProbe, runWpCron, wpCronRequests } from './proxy-harness/cron-runner';
import { CookieJar, followRedirects, HttpRequest, HttpResponse, linksTo } from './proxy-harness/http-client';
import {
  databaseHostPort, matchesHealthCheck, resolveEnvironment, secretValues, synthesizeSite, SynthesizedSite,
} from './proxy-harness/synthesized-site';
import { DEBIAN_PACKAGES, missingPrerequisites, PROXY_ADDRESS, PUBLIC_HOST, WordpressBehindProxy } from './proxy-harness/wordpress-behind-proxy';

/** The three WordPress processes of the run, sharing one database and one copy of WordPress. */
const CONSTRUCT = 'construct'; // the environment the construct synthesizes
const NO_DB_TLS = 'no-db-tls'; // the same without WORDPRESS_DB_TLS
const CONTROL = 'control'; // the same without WORDPRESS_CONFIG_EXTRA: the official image's configuration alone

/** The value a hand-built site ended up with in the database (pain 3): the load balancer's name, plain HTTP, port 8080. */
const WRONG_URL = 'http://internal-wordpress-alb-1234567890.ap-northeast-1.elb.amazonaws.com:8080';
/** Every name the site answers to or was once given: a link to any of them is a link to the site itself. */
const SITE_HOSTS = [PUBLIC_HOST, '127.0.0.1', new URL(WRONG_URL).hostname];

const ADMIN = { user: 'operator', password: randomBytes(18).toString('base64') };

/** Set CFWP_REALWP_VERBOSE=1 to print what each assertion observed (link counts, addresses, statuses). */
const observations: { [what: string]: unknown } = {};
function observe(what: string, value: unknown): void {
  observations[what] = value;
}

const missing = missingPrerequisites();
const inCi = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);
const installHint = `apt-get install --no-install-recommends ${DEBIAN_PACKAGES.join(' ')}`;
if (missing.length > 0 && inCi) {
  describe('WordPress behind a TLS-terminating proxy (real WordPress)', () => {
    test('has the Debian packages it runs', () => {
      throw new Error(`CI must run the real-WordPress test, but this machine lacks: ${missing.join(', ')}. Install: ${installHint}`);
    });
  });
} else if (missing.length > 0) {
  const bar = '!'.repeat(100);
  console.warn(`${bar}\nSKIPPED: the real-WordPress test (WordPress behind a TLS-terminating proxy) did NOT run.\n`
    + `Missing: ${missing.join(', ')}.\nOn Debian 12 as root: ${installHint}\n`
    + `Then run it alone with: npx projen test:wordpress (it never skips when CI is set).\n${bar}`);
  describe.skip('WordPress behind a TLS-terminating proxy (real WordPress)', () => { test('skipped', () => undefined); });
} else {
  realWordpressSuite();
}

function realWordpressSuite(): void {
  describe('WordPress behind a TLS-terminating proxy, configured by ScalableWordpressOnFargate', () => {
    let site: WordpressBehindProxy;
    let synthesized: SynthesizedSite;
    let publicUrl: string;
    let freshHealthCheck: HttpResponse;
    /** The environment of the construct's container (resolved to the local servers), as the cron task has it too. */
    let constructEnvironment: { [name: string]: string };

    /** A request trusting the harness's certificate. */
    const tls = (req: HttpRequest): HttpRequest => ({ ca: site.certificatePem, ...req });
    /** What WordPress sees after wp-config.php ran (the probe mu-plugin). */
    async function probe(baseUrl: string, req: Partial<HttpRequest> = {}): Promise<{ [key: string]: any }> {
      const res = await site.request({ ...req, url: `${baseUrl}/?cfwp_probe=1` });
      expect(res.status).toBe(200);
      return JSON.parse(res.body);
    }
    /** GET the health check path directly on a backend, from the proxy's address, like the ALB's health checker. */
    function healthCheck(variant: string): Promise<HttpResponse> {
      const backend = new URL(site.backendUrl(variant));
      return site.request({
        url: `${backend.origin}${synthesized.healthCheck.path}`,
        localAddress: PROXY_ADDRESS,
        headers: { Host: backend.host },
        timeoutMs: synthesized.healthCheck.timeoutSeconds * 1000,
      });
    }
    /** Self-links of a page (body and Link header): all of them, those over http://, and those not under the public URL. */
    function selfLinks(res: HttpResponse, base: string) {
      const links = linksTo(`${res.link ?? ''}\n${res.body}`, SITE_HOSTS);
      return {
        links,
        insecure: links.filter((l) => /^http:\/\//i.test(l)),
        notPublic: links.filter((l) => l !== base && !l.startsWith(`${base}/`)),
      };
    }
    async function page(baseUrl: string, path: string): Promise<HttpResponse> {
      const res = await site.request({ url: `${baseUrl}${path}` });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res;
    }
    /** Log in through wp-login.php, following redirects (bounded, loop detected). */
    async function logIn(baseUrl: string): Promise<{ chain: HttpResponse[]; jar: CookieJar }> {
      const jar = new CookieJar();
      await site.request({ url: `${baseUrl}/wp-login.php`, cookies: jar }); // sets wordpress_test_cookie
      const chain = await followRedirects(tls({
        url: `${baseUrl}/wp-login.php`,
        cookies: jar,
        form: { 'log': ADMIN.user, 'pwd': ADMIN.password, 'wp-submit': 'Log In', 'redirect_to': `${baseUrl}/wp-admin/`, 'testcookie': '1' },
      }), 5);
      return { chain, jar };
    }

    beforeAll(async () => {
      const started = Date.now();
      site = await WordpressBehindProxy.prepare([CONSTRUCT, NO_DB_TLS, CONTROL], [CONSTRUCT, CONTROL]);
      publicUrl = site.publicUrl(CONSTRUCT);
      // The construct as a customer would configure it behind this proxy, with the client IP header WordpressHosting sets
      // behind CloudFront; synthesized while MariaDB initializes.
      synthesized = synthesizeSite({ publicUrl, trustedProxyCidrs: [`${PROXY_ADDRESS}/32`], clientIpHeader: 'CloudFront-Viewer-Address' });
      const environment = {
        ...resolveEnvironment(synthesized.environment, {
          WORDPRESS_DB_HOST: (value) => {
            observe('template WORDPRESS_DB_HOST port', databaseHostPort(value));
            return site.databaseTcpHost;
          },
        }),
        ...secretValues(synthesized.secretNames),
      };
      observe('ms to synthesize the stack', Date.now() - started);
      constructEnvironment = environment;
      const without = (name: string) => Object.fromEntries(Object.entries(environment).filter(([n]) => n !== name));
      await site.start({
        [CONSTRUCT]: environment,
        [NO_DB_TLS]: without('WORDPRESS_DB_TLS'),
        // The image's own configuration cannot use TLS to the database; MariaDB admits its local socket without it.
        [CONTROL]: { ...without('WORDPRESS_CONFIG_EXTRA'), WORDPRESS_DB_HOST: site.databaseSocketHost },
      }, { name: environment.WORDPRESS_DB_NAME, user: environment.WORDPRESS_DB_USER, password: environment.WORDPRESS_DB_PASSWORD });

      observe('ms to start every server', Date.now() - started);
      freshHealthCheck = await healthCheck(CONSTRUCT);

      // Install WordPress through the proxy, as its operator would on the public URL.
      const form = await site.request({ url: `${publicUrl}/wp-admin/install.php` });
      expect(form.body).toContain('name="weblog_title"');
      const installed = await site.request({
        url: `${publicUrl}/wp-admin/install.php?step=2`,
        form: {
          weblog_title: 'Proxy test',
          user_name: ADMIN.user,
          admin_password: ADMIN.password,
          admin_password2: ADMIN.password,
          admin_email: 'operator@example.com',
          blog_public: '0',
          Submit: 'Install WordPress',
        },
      });
      if (!installed.body.includes('Success!')) {
        throw new Error(`WordPress did not install (HTTP ${installed.status}): ${installed.body.slice(0, 2000)}\n${site.logs()}`);
      }
      observe('ms to install WordPress', Date.now() - started);
    }, 150_000);

    afterAll(async () => {
      await site?.stop();
      if (process.env.CFWP_REALWP_VERBOSE) {
        console.info(`real WordPress observations:\n${JSON.stringify(observations, null, 2)}`);
      }
    }, 60_000);

    test('every server listens on 127.0.0.1 only, on the ports chosen free for it', () => {
      const sockets = site.listeningSockets();
      observe('listening sockets', sockets.map((s) => `${s.address}:${s.port}`));
      expect(sockets.filter((s) => s.address !== '127.0.0.1')).toEqual([]);
      expect(new Set(sockets.map((s) => s.port))).toEqual(new Set(site.expectedPorts));
    });

    test('the environment is the synthesized one: public URL, trusted proxy, DB over TLS, client IP header, health path, the PHP', () => {
      expect(synthesized.environment).toMatchObject({
        WORDPRESS_PUBLIC_URL: publicUrl,
        WORDPRESS_TRUSTED_PROXY_CIDRS: `${PROXY_ADDRESS}/32`,
        WORDPRESS_DB_TLS: '1',
        WORDPRESS_CLIENT_IP_HEADER: 'CloudFront-Viewer-Address',
        WORDPRESS_HEALTH_CHECK_PATH: synthesized.healthCheck.path,
        WORDPRESS_CONFIG_EXTRA: expect.stringMatching(/\S/),
      });
    });

    test('the ALB health check (path and matcher of the target group) passes on a fresh WordPress and after install', async () => {
      const { path, matcher } = synthesized.healthCheck;
      observe('health check', { path, matcher, fresh: freshHealthCheck.status, freshBody: freshHealthCheck.body });
      expect(matchesHealthCheck(matcher, freshHealthCheck.status)).toBe(true);
      expect(freshHealthCheck).toMatchObject({ status: 200, body: 'OK\n', location: undefined }); // not the installer

      const installed = await healthCheck(CONSTRUCT);
      observe('health check after install', installed.status);
      expect(installed.status).toBe(200);
      expect(matchesHealthCheck(matcher, installed.status)).toBe(true);
    });

    test('the health check opens no database connection (an Aurora Serverless v2 database can pause), unlike a page', async () => {
      const connections = async () => Number((await site.sql("SHOW GLOBAL STATUS LIKE 'Connections';")).trim().split('\t')[1]);
      const before = await connections();
      for (let i = 0; i < 5; i++) {
        expect((await healthCheck(CONSTRUCT)).status).toBe(200);
      }
      const afterHealthChecks = await connections();
      await site.request({ url: `${site.backendUrl(CONSTRUCT)}/wp-login.php`, localAddress: PROXY_ADDRESS });
      const afterPage = await connections();
      observe('MariaDB connections', { fiveHealthChecks: afterHealthChecks - before - 1, onePage: afterPage - afterHealthChecks - 1 });
      // Each count is one connection more for the query itself.
      expect(afterHealthChecks - before).toBe(1);
      expect(afterPage - afterHealthChecks).toBeGreaterThan(1); // the control: WordPress's own connections are counted
    });

    test('installing through the proxy stores the public URL as siteurl and home', async () => {
      const rows = await site.sql("SELECT option_name, option_value FROM wp_options WHERE option_name IN ('home', 'siteurl') ORDER BY option_name;");
      expect(rows.trim().split('\n')).toEqual([`home\t${publicUrl}`, `siteurl\t${publicUrl}`]);
    });

    test.each(['/', '/wp-login.php'])('%s over https: no http:// link to the site, every self-link under the public URL', async (path) => {
      const links = selfLinks(await page(publicUrl, path), publicUrl);
      observe(`self-links of ${path}`, links.links.length);
      expect(links.links.length).toBeGreaterThan(path === '/' ? 10 : 3);
      expect(links.insecure).toEqual([]);
      expect(links.notPublic).toEqual([]);
    });

    test('logging in to wp-admin works without a redirect loop and stays on https', async () => {
      const { chain, jar } = await logIn(publicUrl);
      observe('login chain', chain.map((r) => `${r.status} ${r.url}`));
      expect(chain.map((r) => r.url)).toEqual([`${publicUrl}/wp-login.php`, `${publicUrl}/wp-admin/`]);
      expect(chain.map((r) => r.status)).toEqual([302, 200]);
      const dashboard = chain[chain.length - 1];
      expect(dashboard.body).toMatch(/<title>Dashboard/);
      // WordPress knows the request is HTTPS: its auth cookie is the secure one, marked Secure.
      expect(jar.names().some((n) => n.startsWith('wordpress_sec_'))).toBe(true);
      expect(chain[0].setCookies.filter((c) => c.startsWith('wordpress_sec_')).every((c) => /;\s*secure/i.test(c))).toBe(true);
      const links = selfLinks(dashboard, publicUrl);
      observe('self-links of /wp-admin/', links.links.length);
      expect(links.insecure).toEqual([]);
      expect(links.notPublic).toEqual([]);
    });

    test('the client IP WordPress sees is the one the proxy put into X-Forwarded-For', async () => {
      const plain = await probe(publicUrl, { localAddress: '127.0.0.5' });
      // A client behind the proxy may send its own X-Forwarded-For: only the entry the proxy appended counts.
      const forged = await probe(publicUrl, { localAddress: '127.0.0.6', headers: { 'X-Forwarded-For': '203.0.113.66' } });
      observe('client IP through the proxy', { from: ['127.0.0.5', '127.0.0.6 forging 203.0.113.66'], seen: [plain.remoteAddr, forged.remoteAddr] });
      expect(plain).toMatchObject({ remoteAddr: '127.0.0.5', isSsl: true, httpHost: new URL(publicUrl).host });
      expect(forged.remoteAddr).toBe('127.0.0.6');
    });

    describe('behind CloudFront, the load balancer and the official image\'s Apache (what Apache hands PHP)', () => {
      // A viewer, the CloudFront server that reaches the load balancer, and the load balancer's node in the VPC.
      const path = { viewer: '198.51.100.7', viewerPort: 46532, cloudFront: '130.176.1.2', loadBalancer: '10.0.1.5' };
      // Loopback stand-ins for the peers PHP can get: the load balancer's node is the trusted proxy; CloudFront is not.
      const socketOf: { [address: string]: string } = { [path.loadBalancer]: PROXY_ADDRESS, [path.cloudFront]: '127.0.0.9' };
      async function seenThrough(xffMode: string, viewerForwardedFor?: string) {
        const inputs = apacheHandsPhp(xffMode, { ...path, viewerForwardedFor });
        const localAddress = socketOf[inputs.remoteAddr];
        if (!localAddress) {
          throw new Error(`the harness cannot connect from ${inputs.remoteAddr} (${xffMode})`);
        }
        const seen = await probe(site.backendUrl(CONSTRUCT), { localAddress, headers: inputs.headers });
        return { ...seen, remoteAddr: Object.entries(socketOf).find(([, local]) => local === seen.remoteAddr)?.[0] ?? seen.remoteAddr };
      }

      test('WordPress sees the viewer\'s address over https, with the load balancer the construct synthesizes', async () => {
        const seen = await seenThrough(synthesized.xffHeaderProcessingMode);
        const forging = await seenThrough(synthesized.xffHeaderProcessingMode, '203.0.113.66');
        observe('viewer address through CloudFront, the load balancer and Apache', {
          xffMode: synthesized.xffHeaderProcessingMode, seen: seen.remoteAddr, forging: forging.remoteAddr,
        });
        expect(synthesized.xffHeaderProcessingMode).toBe('remove');
        expect(seen).toMatchObject({ remoteAddr: path.viewer, isSsl: true });
        expect(forging).toMatchObject({ remoteAddr: path.viewer, isSsl: true });
      });

      test('negative control: a load balancer appending X-Forwarded-For makes WordPress see CloudFront\'s address', async () => {
        const seen = await seenThrough('append');
        observe('viewer address with the load balancer appending', seen.remoteAddr);
        expect(seen).toMatchObject({ remoteAddr: path.cloudFront, isSsl: true }); // https only from the public URL
      });
    });

    test('a forged X-Forwarded-For from a client not behind the proxy is not trusted', async () => {
      const direct = await probe(site.backendUrl(CONSTRUCT), {
        localAddress: '127.0.0.3',
        headers: { 'X-Forwarded-For': '198.51.100.7', 'X-Forwarded-Proto': 'https', 'CloudFront-Forwarded-Proto': 'https' },
      });
      observe('client IP of a direct client forging X-Forwarded-For', direct.remoteAddr);
      expect(direct.remoteAddr).toBe('127.0.0.3');
    });

    test('WordPress talks to MySQL over TLS, and cannot without WORDPRESS_DB_TLS (the server requires secure transport)', async () => {
      const { dbSslCipher } = await probe(publicUrl);
      const withoutTls = await site.request({ url: `${site.backendUrl(NO_DB_TLS)}/wp-login.php`, localAddress: PROXY_ADDRESS });
      observe('database connection', { cipher: dbSslCipher, withoutDbTls: `${withoutTls.status} ${/Error establishing a database connection/.test(withoutTls.body) ? 'Error establishing a database connection' : withoutTls.body.slice(0, 200)}` });
      expect(dbSslCipher).toMatch(/^TLS_|^ECDHE|AES|CHACHA/);
      expect(withoutTls.status).toBe(500);
      expect(withoutTls.body).toContain('Error establishing a database connection');
      // The health check does not depend on the database (its own alarms watch it): the same task passes it.
      const health = await healthCheck(NO_DB_TLS);
      expect(health).toMatchObject({ status: 200, body: 'OK\n' });
      expect(matchesHealthCheck(synthesized.healthCheck.matcher, health.status)).toBe(true);
    });

    describe(`with siteurl and home in the database set to ${WRONG_URL}`, () => {
      beforeAll(async () => {
        await site.sql(`UPDATE wp_options SET option_value = '${WRONG_URL}' WHERE option_name IN ('home', 'siteurl');`);
      });

      test('the site still renders with the public URL, and logging in still works', async () => {
        for (const path of ['/', '/wp-login.php']) {
          const links = selfLinks(await page(publicUrl, path), publicUrl);
          observe(`self-links of ${path} with the wrong siteurl`, links.links.length);
          expect(links.links.length).toBeGreaterThan(3);
          expect(links.insecure).toEqual([]);
          expect(links.notPublic).toEqual([]);
        }
        const { chain } = await logIn(publicUrl);
        expect(chain.map((r) => `${r.status} ${r.url}`)).toEqual([`302 ${publicUrl}/wp-login.php`, `200 ${publicUrl}/wp-admin/`]);
        expect(await probe(publicUrl)).toMatchObject({ home: `${publicUrl}/`, siteurl: `${publicUrl}/` });
      });

      test('negative control: without WORDPRESS_CONFIG_EXTRA the same site redirects viewers to :8080, serves mixed content, sees the proxy as client', async () => {
        const controlUrl = site.publicUrl(CONTROL);
        // The home page sends the viewer away from the public URL: to port 8080 of the name the proxy used for the backend.
        const home = await site.request({ url: `${controlUrl}/` });
        expect(home.status >= 300 && home.status <= 399).toBe(true);
        expect(linksTo(home.location ?? '', SITE_HOSTS)).toEqual([home.location]);
        expect(new URL(home.location!).port).toBe('8080');
        // wp-login.php, served over https, loads its styles from and posts the password to http:// (the check above, failing).
        const login = selfLinks(await page(controlUrl, '/wp-login.php'), controlUrl);
        expect(login.insecure.length).toBeGreaterThan(0);
        expect(login.insecure.every((l) => l.startsWith(`${WRONG_URL}/`))).toBe(true);
        expect(login.notPublic.length).toBe(login.links.length);
        const seen = await probe(controlUrl, { localAddress: '127.0.0.5' });
        observe('negative control', {
          home: `${home.status} -> ${home.location}`,
          loginPage: { selfLinks: login.links.length, insecure: login.insecure.length, examples: login.insecure.slice(0, 3) },
          clientIpSeen: seen.remoteAddr,
          homeSeen: seen.home,
        });
        expect(seen).toMatchObject({ remoteAddr: PROXY_ADDRESS, home: `${WRONG_URL}/` });
      });
    });

    describe('WP-Cron scheduled (the construct sets WORDPRESS_DISABLE_WP_CRON)', () => {
      /** What WordPress says of the probe event, asked on the construct's backend (the request stops before init). */
      async function cronState(query: 'state' | 'schedule' = 'state'): Promise<{ disableWpCron: boolean; next: number | false; now: number }> {
        const res = await site.request({ url: `${site.backendUrl(CONSTRUCT)}/?cfwp_cron=${query}`, localAddress: PROXY_ADDRESS });
        expect(res.status).toBe(200);
        return JSON.parse(res.body);
      }
      const option = async (name: string) => (await site.sql(`SELECT option_value FROM wp_options WHERE option_name = '${name}';`)).trim();
      const clear = () => site.sql("DELETE FROM wp_options WHERE option_name IN ('cfwp_cron_ran', 'cfwp_cron_spawned', '_transient_doing_cron', '_transient_timeout_doing_cron');");

      beforeAll(async () => {
        installCronProbe(site.dir);
        await clear();
      });

      test('page loads no longer spawn WP-Cron: a due event stays pending, no request reaches wp-cron.php', async () => {
        expect(synthesized.environment.WORDPRESS_DISABLE_WP_CRON).toBe('1');
        const scheduled = await cronState('schedule');
        expect(scheduled.disableWpCron).toBe(true);
        expect(scheduled.next).not.toBe(false);
        expect(scheduled.next as number).toBeLessThanOrEqual(scheduled.now); // due
        for (const path of ['/', '/wp-login.php', '/?p=1', '/', '/wp-login.php']) {
          await page(publicUrl, path);
        }
        const after = await cronState();
        const seen = { next: after.next, spawned: await option('cfwp_cron_spawned'), lock: await option('_transient_doing_cron'), ran: await option('cfwp_cron_ran') };
        observe('WP-Cron after five page loads with the construct', { ...seen, wpCronRequests: wpCronRequests(site.dir).length });
        expect(seen).toEqual({ next: scheduled.next, spawned: '', lock: '', ran: '' });
        expect(wpCronRequests(site.dir)).toEqual([]);
      });

      test('negative control: without WORDPRESS_CONFIG_EXTRA one page load spawns wp-cron.php for the due event', async () => {
        await page(site.publicUrl(CONTROL), '/wp-login.php');
        const spawned = await option('cfwp_cron_spawned');
        const lock = await option('_transient_doing_cron');
        observe('WP-Cron after one page load without the generated configuration', { spawned, lock });
        expect(spawned).toMatch(/\/wp-cron\.php\?doing_wp_cron=\d+\.\d+$/);
        expect(lock).toMatch(/^\d+\.\d+$/);
        expect((await cronState()).next).not.toBe(false); // the probe plugin failed the spawned request: nothing ran
        await clear(); // the spawn's lock would keep the runner below from running for a minute
      });

      test('the cron task\'s command, php wp-cron.php with the container\'s environment, runs the due event once', async () => {
        expect((await cronState()).next).not.toBe(false);
        const started = Date.now();
        const run = await runWpCron(site.dir, constructEnvironment);
        const ran = await option('cfwp_cron_ran');
        observe('php wp-cron.php', { exitCode: run.exitCode, ms: Date.now() - started, stderr: run.stderr.slice(0, 300), ran });
        expect(run).toMatchObject({ exitCode: 0, stderr: '' });
        expect(ran).toMatch(/^\d+\.\d+$/);
        expect((await cronState()).next).toBe(false); // done, not rescheduled
        expect(await option('_transient_doing_cron')).toBe(''); // the run released its lock
        const again = await runWpCron(site.dir, constructEnvironment); // nothing due: a no-op, still a success
        expect(again.exitCode).toBe(0);
        expect(await option('cfwp_cron_ran')).toBe(ran);
        expect(wpCronRequests(site.dir)).toEqual([]);
      });
    });

    // Last: nothing after this needs the database.
    describe('with the database stopped', () => {
      beforeAll(() => site.stopDatabase(), 30_000);

      test('the health check still passes (it never touches the database) while a page fails', async () => {
        const health = await healthCheck(CONSTRUCT);
        const login = await site.request({ url: `${site.backendUrl(CONSTRUCT)}/wp-login.php`, localAddress: PROXY_ADDRESS });
        observe('with the database stopped', { health: health.status, login: login.status });
        expect(health).toMatchObject({ status: 200, body: 'OK\n' });
        expect(matchesHealthCheck(synthesized.healthCheck.matcher, health.status)).toBe(true);
        expect(login.status).toBe(500);
        expect(login.body).toContain('Error establishing a database connection');
      });

      test('the cron task fails (exit code 1) when WordPress cannot load; WordPress alone would exit 0', async () => {
        const run = await runWpCron(site.dir, constructEnvironment);
        const { WORDPRESS_CONFIG_EXTRA: _extra, ...withoutExtra } = constructEnvironment;
        const alone = await runWpCron(site.dir, withoutExtra);
        observe('php wp-cron.php with the database stopped', { exitCode: run.exitCode, stderr: run.stderr.trim(), withoutConfigExtra: alone.exitCode });
        expect(run.exitCode).toBe(1);
        expect(run.stderr).toContain('WordPress did not load');
        expect(alone.exitCode).toBe(0); // the negative control: a run that did nothing looks like a success
      });
    });
  });
}

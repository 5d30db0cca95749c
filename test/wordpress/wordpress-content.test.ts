import { execFile } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { RELEASE_SYNC_SCRIPT } from '../../src/wordpress/private/release-sync-script';
import { IMMUTABLE_CODE_CONFIG, WORDPRESS_CONFIG_EXTRA } from '../../src/wordpress/private/wordpress-config';
import { containerEnv, newStack, onlyResource, site, siteTemplate, wordpressContainer } from '../fixtures';
import { PipelineSource, WordpressContent, WordpressDeployment, WordpressHosting, WordpressImage } from 'cdk-fargate-wordpress';

const CUSTOM_IMAGE = WordpressImage.fromRegistry('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/acme-site:1.4.2');

function containers(template: Template): any[] {
  return onlyResource(template, 'AWS::ECS::TaskDefinition').ContainerDefinitions as any[];
}
function container(template: Template, name: string): any {
  return containers(template).find((c) => c.Name === name);
}
function accessPointPath(template: Template): string {
  return onlyResource(template, 'AWS::EFS::AccessPoint').RootDirectory.Path;
}

describe('immutable content', () => {
  let template: Template;
  beforeAll(() => {
    template = siteTemplate({ image: CUSTOM_IMAGE, content: WordpressContent.immutable() });
  });

  test('the access point is rooted at /wp-content/uploads and mounted only at wp-content/uploads', () => {
    expect(onlyResource(template, 'AWS::EFS::AccessPoint').RootDirectory).toEqual({
      Path: '/wp-content/uploads', CreationInfo: { OwnerUid: '33', OwnerGid: '33', Permissions: '755' },
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [{
        Name: 'uploads',
        EFSVolumeConfiguration: Match.objectLike({ TransitEncryption: 'ENABLED', AuthorizationConfig: Match.objectLike({ IAM: 'ENABLED' }) }),
      }],
    });
    expect(wordpressContainer(template).MountPoints).toEqual([
      { ContainerPath: '/var/www/html/wp-content/uploads', ReadOnly: false, SourceVolume: 'uploads' },
    ]);
  });

  test('WordPress may not modify its code and never updates itself', () => {
    expect(containerEnv(template, 'WORDPRESS_CONFIG_EXTRA')).toBe(WORDPRESS_CONFIG_EXTRA + IMMUTABLE_CODE_CONFIG);
    expect(IMMUTABLE_CODE_CONFIG).toContain("define('DISALLOW_FILE_MODS', true)");
    expect(IMMUTABLE_CODE_CONFIG).toContain("define('AUTOMATIC_UPDATER_DISABLED', true)");
    expect(IMMUTABLE_CODE_CONFIG).toContain("define('WP_AUTO_UPDATE_CORE', false)");
  });

  test('no release-sync container: the image is the code', () => {
    expect(containers(template).map((c) => c.Name)).toEqual(['wordpress']);
    expect(wordpressContainer(template).DependsOn).toBeUndefined();
  });

  test('the default of a blue/green site, with either engine', () => {
    for (const deployment of [WordpressDeployment.ecsBlueGreen(), WordpressDeployment.codeDeployBlueGreen()]) {
      const stack = newStack();
      const s = site(stack, { deployment });
      const t = Template.fromStack(stack);
      expect(s.content.codeFromImage).toBe(true);
      expect(accessPointPath(t)).toBe('/wp-content/uploads');
      expect(containerEnv(t, 'WORDPRESS_CONFIG_EXTRA')).toContain('DISALLOW_FILE_MODS');
    }
  });
});

describe('shared content', () => {
  test('the default of a rolling site: all of wp-content on the file system, no release sync with the official image', () => {
    const stack = newStack();
    const s = site(stack);
    const template = Template.fromStack(stack);
    expect(s.content.codeFromImage).toBe(false);
    expect(s.releaseSyncContainer).toBeUndefined();
    expect(accessPointPath(template)).toBe('/wp-content');
    expect(wordpressContainer(template).MountPoints).toEqual([
      { ContainerPath: '/var/www/html/wp-content', ReadOnly: false, SourceVolume: 'wp-content' },
    ]);
    expect(containerEnv(template, 'WORDPRESS_CONFIG_EXTRA')).toBe(WORDPRESS_CONFIG_EXTRA);
    expect(containers(template).map((c) => c.Name)).toEqual(['wordpress']);
  });

  test('with a customer image: a non-essential release-sync container of the same image runs first, WordPress waits for its success', () => {
    const stack = newStack();
    const s = site(stack, { image: CUSTOM_IMAGE });
    const template = Template.fromStack(stack);
    expect(s.releaseSyncContainer?.containerName).toBe('release-sync');
    const sync = container(template, 'release-sync');
    expect(sync).toMatchObject({
      Image: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/acme-site:1.4.2',
      Essential: false,
      EntryPoint: ['sh', '-c'],
      Command: [RELEASE_SYNC_SCRIPT],
      MountPoints: [{ ContainerPath: '/mnt/wp-content', ReadOnly: false, SourceVolume: 'wp-content' }],
      LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-stream-prefix': 'release-sync' } },
    });
    expect(Object.fromEntries((sync.Environment as any[]).map((e) => [e.Name, e.Value]))).toEqual({
      RELEASE_SYNC_SOURCE: '/usr/src/wordpress/wp-content',
      RELEASE_SYNC_TARGET: '/mnt/wp-content',
      RELEASE_SYNC_DIRECTORIES: 'themes plugins mu-plugins',
      RELEASE_SYNC_STALE_MINUTES: '15',
    });
    expect(wordpressContainer(template).DependsOn).toEqual([{ ContainerName: 'release-sync', Condition: 'SUCCESS' }]);
    expect(wordpressContainer(template).Image).toBe(sync.Image);
    // Same access point, same volume: the task role's mount permission covers both containers.
    expect(onlyResource(template, 'AWS::ECS::TaskDefinition').Volumes).toHaveLength(1);
  });

  test('the release sync follows releaseSync and releaseSyncDirectories', () => {
    const off = siteTemplate({ image: CUSTOM_IMAGE, content: WordpressContent.shared({ releaseSync: false }) });
    expect(containers(off).map((c) => c.Name)).toEqual(['wordpress']);
    const on = siteTemplate({ content: WordpressContent.shared({ releaseSync: true, releaseSyncDirectories: ['plugins', 'languages'] }) });
    const env = (container(on, 'release-sync').Environment as any[]).find((e) => e.Name === 'RELEASE_SYNC_DIRECTORIES');
    expect(env.Value).toBe('plugins languages');
  });

  test('the official image from Docker Hub counts as the official image (no release sync)', () => {
    for (const name of ['wordpress:6.8-apache', 'docker.io/library/wordpress:6.8', 'wordpress']) {
      const t = siteTemplate({ image: WordpressImage.fromRegistry(name) });
      expect(containers(t).map((c) => c.Name)).toEqual(['wordpress']);
    }
    const fromEcr = siteTemplate({ image: WordpressImage.fromContainerImage(ecs.ContainerImage.fromRegistry('acme/wordpress:1')) });
    expect(containers(fromEcr).map((c) => c.Name)).toEqual(['wordpress', 'release-sync']);
  });

  test('shared content on a blue/green site keeps wp-content on the file system', () => {
    const t = siteTemplate({ deployment: WordpressDeployment.ecsBlueGreen(), content: WordpressContent.shared() });
    expect(accessPointPath(t)).toBe('/wp-content');
    expect(containerEnv(t, 'WORDPRESS_CONFIG_EXTRA')).toBe(WORDPRESS_CONFIG_EXTRA);
  });
});

describe('bad input', () => {
  test('immutable content on a rolling site with the official image: no image source', () => {
    expect(() => siteTemplate({ content: WordpressContent.immutable() })).toThrow(/content: .*WordpressContent\.immutable\(\).*official image/s);
    expect(() => siteTemplate({ content: WordpressContent.immutable(), image: WordpressImage.official('6.8-php8.3-apache') })).toThrow(/content/);
    // Either source is enough.
    expect(() => siteTemplate({ content: WordpressContent.immutable(), image: CUSTOM_IMAGE })).not.toThrow();
    expect(() => siteTemplate({ content: WordpressContent.immutable(), deployment: WordpressDeployment.ecsBlueGreen() })).not.toThrow();
  });

  test('a release sync on a blue/green site (a pipeline releases only the WordPress container\'s image)', () => {
    const content = WordpressContent.shared({ releaseSync: true });
    expect(() => siteTemplate({ image: CUSTOM_IMAGE, deployment: WordpressDeployment.ecsBlueGreen(), content }))
      .toThrow(/content\.releaseSync: true.*WordPress container only/s);
    const t = siteTemplate({ image: CUSTOM_IMAGE, deployment: WordpressDeployment.ecsBlueGreen(), content: WordpressContent.shared() });
    expect(containers(t).map((c) => c.Name)).toEqual(['wordpress']); // no sync by default there
  });

  test('a rolling site a pipeline releases onto (trackReleasedImage) counts as released: no sync, immutable allowed', () => {
    // The pipeline's staging deploy names the WordPress container only, so a sync container would keep the bootstrap image.
    const t = siteTemplate({ image: CUSTOM_IMAGE, trackReleasedImage: true, content: WordpressContent.shared() });
    expect(containers(t).map((c) => c.Name)).toEqual(['wordpress']);
    expect(() => siteTemplate({ image: CUSTOM_IMAGE, trackReleasedImage: true, content: WordpressContent.shared({ releaseSync: true }) }))
      .toThrow(/content\.releaseSync: true.*trackReleasedImage/s);
    expect(() => siteTemplate({ trackReleasedImage: true, content: WordpressContent.immutable() })).not.toThrow();
  });

  test.each([
    [[], /content\.releaseSyncDirectories/],
    [['uploads'], /content\.releaseSyncDirectories\[0\]/],
    [['plugins', '../etc'], /content\.releaseSyncDirectories\[1\]/],
    [['plugins', 'plugins'], /content\.releaseSyncDirectories\[1\]/],
    [['.release-sync'], /content\.releaseSyncDirectories\[0\]/],
    [['themes plugins'], /content\.releaseSyncDirectories\[0\]/],
  ])('releaseSyncDirectories %j is rejected', (directories, message) => {
    expect(() => siteTemplate({ image: CUSTOM_IMAGE, content: WordpressContent.shared({ releaseSyncDirectories: directories }) })).toThrow(message);
  });
});

describe('the drop-in', () => {
  const common = {
    env: { account: '123456789012', region: 'ap-northeast-1' },
    hostedZone: { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' },
    availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
  };
  const pipeline = {
    source: PipelineSource.github({ owner: 'o', repository: 'r', connectionArn: 'arn:aws:codeconnections:ap-northeast-1:123456789012:connection/abc' }),
  };

  test('with a pipeline: immutable content, uploads offloaded to the media bucket work with it (the site may write there)', () => {
    const app = new App();
    const production = new WordpressHosting(app, 'Production', { ...common, domainName: 'www.example.com', pipeline, edge: { mediaOffload: true } });
    const template = Template.fromStack(production.siteStack);
    expect(production.site.content.codeFromImage).toBe(true);
    expect(accessPointPath(template)).toBe('/wp-content/uploads');
    expect(containerEnv(template, 'WORDPRESS_CONFIG_EXTRA')).toBe(WORDPRESS_CONFIG_EXTRA + IMMUTABLE_CODE_CONFIG);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('TaskDefinitionTaskRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']) })]) },
    });
  });

  test('without a pipeline: shared content, the template of a rolling site', () => {
    const app = new App();
    const h = new WordpressHosting(app, 'Site', { ...common, domainName: 'www.example.com' });
    expect(h.site.content.codeFromImage).toBe(false);
    expect(accessPointPath(Template.fromStack(h.siteStack))).toBe('/wp-content');
  });

  test('a staging site whose content differs from production\'s is warned about; a blue/green staging matches', () => {
    const app = new App();
    const rolling = new WordpressHosting(app, 'Staging', { ...common, domainName: 'staging.example.com' });
    const production = new WordpressHosting(app, 'Production', { ...common, domainName: 'www.example.com', pipeline, promoteFrom: rolling });
    // The warning is on the drop-in (the staging site's content is known only once production is built).
    const warnings = production.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/promoteFrom: staging's content is shared .* this site's is immutable.*\[ack: cdk-fargate-wordpress:staging-content\]/s)]);

    const app2 = new App();
    const blueGreen = new WordpressHosting(app2, 'Staging', {
      ...common, domainName: 'staging.example.com', site: { deployment: WordpressDeployment.ecsBlueGreen() },
    });
    const production2 = new WordpressHosting(app2, 'Production', { ...common, domainName: 'www.example.com', pipeline, promoteFrom: blueGreen });
    expect(blueGreen.site.content.codeFromImage).toBe(true);
    expect(production2.node.metadata.filter((m) => m.type === 'aws:cdk:warning')).toEqual([]);
  });

  test('content passes through site: a pipeline-released site may keep shared content', () => {
    const app = new App();
    const h = new WordpressHosting(app, 'Production', { ...common, domainName: 'www.example.com', pipeline, site: { content: WordpressContent.shared() } });
    expect(accessPointPath(Template.fromStack(h.siteStack))).toBe('/wp-content');
  });
});

// ------------------------------------------------------------------ the release sync script itself

/** Run the exact script text with sh, as the container does; resolves to its exit code and output. */
function runSync(source: string, target: string, extraEnv: { [name: string]: string } = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', RELEASE_SYNC_SCRIPT], {
      env: { PATH: process.env.PATH, RELEASE_SYNC_SOURCE: source, RELEASE_SYNC_TARGET: target, ...extraEnv },
      timeout: 30_000,
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr }));
  });
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

describe('the release sync script (run with sh against temporary directories)', () => {
  let dir: string;
  let image: string;
  let efs: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cfwp-sync-'));
    image = join(dir, 'image', 'wp-content');
    efs = join(dir, 'efs');
    write(join(image, 'plugins', 'acme', 'acme.php'), '<?php // acme 1.0');
    write(join(image, 'themes', 'acme-theme', 'style.css'), '/* Theme Name: Acme 1.0 */');
    write(join(image, 'mu-plugins', 'acme-mu.php'), '<?php // mu 1.0');
    // What operators installed from the dashboard, and the uploads.
    write(join(efs, 'plugins', 'from-dashboard', 'p.php'), '<?php // installed by an operator');
    write(join(efs, 'uploads', '2026', '11', 'photo.jpg'), 'JPEG');
    // An older version of the shipped plugin, with a file the new version dropped.
    write(join(efs, 'plugins', 'acme', 'acme.php'), '<?php // acme 0.9');
    write(join(efs, 'plugins', 'acme', 'removed-in-1.0.php'), '<?php');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('copies each shipped entry over the old one, leaves the rest alone, and records the content', async () => {
    const result = await runSync(image, efs);
    expect(result).toMatchObject({ code: 0 });
    expect(readFileSync(join(efs, 'plugins', 'acme', 'acme.php'), 'utf8')).toBe('<?php // acme 1.0');
    expect(existsSync(join(efs, 'plugins', 'acme', 'removed-in-1.0.php'))).toBe(false); // the directory is replaced, not merged
    expect(readFileSync(join(efs, 'themes', 'acme-theme', 'style.css'), 'utf8')).toBe('/* Theme Name: Acme 1.0 */');
    expect(readFileSync(join(efs, 'mu-plugins', 'acme-mu.php'), 'utf8')).toBe('<?php // mu 1.0');
    expect(readFileSync(join(efs, 'plugins', 'from-dashboard', 'p.php'), 'utf8')).toBe('<?php // installed by an operator');
    expect(readFileSync(join(efs, 'uploads', '2026', '11', 'photo.jpg'), 'utf8')).toBe('JPEG');
    const state = readdirSync(join(efs, '.release-sync')).sort();
    expect(state).toHaveLength(2); // current and the record of this content; no lock, no work directory left
    const hash = readFileSync(join(efs, '.release-sync', 'current'), 'utf8').trim();
    expect(state).toEqual([hash, 'current'].sort());
    expect(result.out).toContain('copied 3 entries');
  });

  test('runs once per image content: a second run copies nothing, a changed image copies again', async () => {
    await runSync(image, efs);
    write(join(efs, 'plugins', 'acme', 'acme.php'), '<?php // edited on the file system');
    const again = await runSync(image, efs);
    expect(again.out).toContain('already on the file system');
    expect(readFileSync(join(efs, 'plugins', 'acme', 'acme.php'), 'utf8')).toBe('<?php // edited on the file system');
    write(join(image, 'plugins', 'acme', 'acme.php'), '<?php // acme 1.1');
    const release = await runSync(image, efs);
    expect(release.out).toContain('copied 3 entries');
    expect(readFileSync(join(efs, 'plugins', 'acme', 'acme.php'), 'utf8')).toBe('<?php // acme 1.1');
    expect(readdirSync(join(efs, '.release-sync'))).toHaveLength(3); // current and one record per content
  });

  test('a rollback to an earlier image copies that image\'s content back', async () => {
    await runSync(image, efs);
    write(join(image, 'plugins', 'acme', 'acme.php'), '<?php // acme 1.1');
    await runSync(image, efs);
    write(join(image, 'plugins', 'acme', 'acme.php'), '<?php // acme 1.0');
    const rollback = await runSync(image, efs);
    expect(rollback.out).toContain('copied 3 entries');
    expect(readFileSync(join(efs, 'plugins', 'acme', 'acme.php'), 'utf8')).toBe('<?php // acme 1.0');
  });

  test('four tasks starting together: exactly one copies, the others wait for it', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => runSync(image, efs)));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(results.filter((r) => r.out.includes('copied 3 entries'))).toHaveLength(1);
    const hash = readFileSync(join(efs, '.release-sync', 'current'), 'utf8').trim();
    expect(readFileSync(join(efs, '.release-sync', hash), 'utf8').trim().split('\n')).toHaveLength(1); // one sync recorded
    expect(readFileSync(join(efs, 'plugins', 'acme', 'acme.php'), 'utf8')).toBe('<?php // acme 1.0');
  });

  test('a lock left by a task that died is taken over after the stale timeout; a fresh one is waited for', async () => {
    mkdirSync(join(efs, '.release-sync', 'lock'), { recursive: true });
    const waiting = runSync(image, efs);
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(join(efs, '.release-sync', 'current'))).toBe(false); // still waiting on the fresh lock
    rmSync(join(efs, '.release-sync', 'lock'), { recursive: true });
    expect((await waiting).code).toBe(0);

    write(join(image, 'plugins', 'acme', 'acme.php'), '<?php // acme 1.1');
    mkdirSync(join(efs, '.release-sync', 'lock'));
    const old = new Date(Date.now() - 20 * 60_000);
    utimesSync(join(efs, '.release-sync', 'lock'), old, old);
    const takeover = await runSync(image, efs);
    expect(takeover.out).toContain('removing a lock older than 15 minutes');
    expect(readFileSync(join(efs, 'plugins', 'acme', 'acme.php'), 'utf8')).toBe('<?php // acme 1.1');
  }, 20_000);

  test('a failed copy exits non-zero, releases the lock and records nothing (WordPress then does not start)', async () => {
    write(join(efs, 'themes'), 'a file where the themes directory should be'); // mkdir -p themes fails, even as root
    const result = await runSync(image, efs);
    expect(result.code).not.toBe(0);
    expect(existsSync(join(efs, '.release-sync', 'lock'))).toBe(false);
    expect(existsSync(join(efs, '.release-sync', 'current'))).toBe(false);
  });
});

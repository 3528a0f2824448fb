import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TeamsManifestV1D30 } from '@microsoft/app-manifest';
import type { ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { messages } from '../../../dialogs/messages';
import { COLOR_ICON_SIZE, hexToRgba, OUTLINE_ICON_SIZE } from '../../../src/channels/teams/appIcons';
import { buildTeamsManifest, TEAMS_MANIFEST_SCHEMA_URL, TEAMS_MANIFEST_VERSION, type TeamsManifest, type TeamsManifestOptions } from '../../../src/channels/teams/appManifest';
import { buildTeamsAppPackage } from '../../../src/channels/teams/appPackage';
import { PLACEHOLDER_PRIVACY_URL, readTeamsPackageConfig } from '../../../src/channels/teams/packageConfig';
import { PACKAGE_OUTPUT, teamsPackageMain } from '../../../src/channels/teams/packageMain';
import { readZip } from './readZip';

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const APP_ID = '6ba7b810-9dad-41d1-80b4-00c04fd430c8';

const options: TeamsManifestOptions = {
  appId: APP_ID,
  botId: BOT_ID,
  version: '0.1.0',
  developer: { name: 'madoguchi', websiteUrl: 'https://support.example.jp/', privacyUrl: 'https://support.example.jp/privacy', termsOfUseUrl: 'https://support.example.jp/terms' },
};

/** The Teams manifest JSON schemas bundled in the @microsoft/app-manifest devDependency: one folder per version. */
const BUNDLED_SCHEMAS_DIR = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

/** The generated manifest types are mutable; ours is readonly, which says nothing about the JSON. */
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

let compiled: ValidateFunction | undefined;

/** The official schema for our manifest version, as shipped in @microsoft/app-manifest (draft-04); read from disk, no network; compiled once. */
function manifestValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schemaPath = path.join(BUNDLED_SCHEMAS_DIR, `v${TEAMS_MANIFEST_VERSION}`, 'MicrosoftTeams.schema.json');
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as object;
  // strict: false only silences ajv's style warnings about the official schema (types left implicit).
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

describe('buildTeamsManifest', () => {
  it(`is valid against the Teams manifest schema v${TEAMS_MANIFEST_VERSION}`, () => {
    const validate = manifestValidator();
    const valid = validate(buildTeamsManifest(options));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a manifest missing its bot id or with a too long short name is rejected', () => {
    const validate = manifestValidator();
    const manifest = buildTeamsManifest(options);
    expect(validate({ ...manifest, bots: [{ ...manifest.bots[0], botId: 'not-a-guid' }] })).toBe(false);
    expect(validate({ ...manifest, name: { short: 'あ'.repeat(31) } })).toBe(false);
    // manifestVersion is a constant in each schema: an older version string is rejected.
    expect(validate({ ...manifest, manifestVersion: '1.24' })).toBe(false);
  });

  it('has the shape of the package\'s generated type for the same schema version (checked by tsc)', () => {
    // A field renamed or newly required in the 1.30 type fails `npm run typecheck`, not only this test.
    expectTypeOf<Mutable<TeamsManifest>>().toExtend<TeamsManifestV1D30.TeamsManifestV1D30>();
    expectTypeOf<TeamsManifest['manifestVersion']>().toEqualTypeOf<TeamsManifestV1D30.TeamsManifestV1D30['manifestVersion']>();
  });

  it('is written for the newest numbered manifest schema that @microsoft/app-manifest ships', () => {
    const versions = fs
      .readdirSync(BUNDLED_SCHEMAS_DIR)
      .map((name) => /^v(\d+)\.(\d+)$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [Number(m[1]), Number(m[2])] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const newest = versions.at(-1);
    // vDevPreview is skipped on purpose: Teams accepts it only for developer-preview tenants.
    expect(newest ? `${newest[0]}.${newest[1]}` : undefined, 'a newer schema is bundled: move TEAMS_MANIFEST_VERSION to it').toBe(TEAMS_MANIFEST_VERSION);
    expect(TEAMS_MANIFEST_SCHEMA_URL).toBe(`https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
  });

  it('has the bot in personal, team and group chat scopes, with its ids and Japanese texts', () => {
    const manifest = buildTeamsManifest(options);
    expect(manifest.manifestVersion).toBe(TEAMS_MANIFEST_VERSION);
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(30);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
    expect(manifest.bots[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.name.short).toBe(messages.teamsApp.shortName);
    expect(manifest.description.short).toBe(messages.teamsApp.shortDescription);
    expect(manifest.description.full).toBe(messages.teamsApp.fullDescription);
    expect(manifest.developer).toEqual(options.developer);
  });

  it('keeps the commands in every scope, the icons, the Japanese locale and no valid domains', () => {
    const manifest = buildTeamsManifest(options);
    const bot = manifest.bots[0];
    expect(bot?.commandLists).toEqual([
      { scopes: ['personal', 'team', 'groupChat'], commands: messages.teamsApp.commands.map((c) => ({ title: c.title, description: c.description })) },
    ]);
    expect(bot?.commandLists[0]?.commands.length).toBeGreaterThan(0);
    expect(bot).toMatchObject({ supportsFiles: false, isNotificationOnly: false });
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'ja-jp' });
    expect(manifest.validDomains).toEqual([]);
  });
});

describe('buildTeamsAppPackage', () => {
  it('zips manifest.json and the two icons at the root of the archive', async () => {
    const { zip, manifest } = await buildTeamsAppPackage(options);
    const files = readZip(zip);
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const zipped: unknown = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '');
    expect(zipped).toEqual(manifest);
    // The bytes Teams reads, not only the object they were written from, pass the schema.
    const validate = manifestValidator();
    expect(validate(zipped), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('has a 192×192 opaque color icon in the accent color and a 32×32 white-on-transparent outline icon', async () => {
    const files = readZip((await buildTeamsAppPackage(options)).zip);
    const color = PNG.sync.read(files.get('color.png') ?? Buffer.alloc(0));
    const outline = PNG.sync.read(files.get('outline.png') ?? Buffer.alloc(0));
    expect([color.width, color.height]).toEqual([COLOR_ICON_SIZE, COLOR_ICON_SIZE]);
    expect([outline.width, outline.height]).toEqual([OUTLINE_ICON_SIZE, OUTLINE_ICON_SIZE]);
    expect([...color.data.subarray(0, 4)]).toEqual([...hexToRgba(buildTeamsManifest(options).accentColor)]);
    const alphas = new Set<number>();
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3] ?? 0;
      alphas.add(alpha);
      // Every visible pixel of the outline icon is white, as Teams requires.
      if (alpha > 0) expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(alphas).toEqual(new Set([0, 255]));
    expect(outline.data[3]).toBe(0);
  });

  it('is reproducible: the same options give the same bytes', async () => {
    const [a, b] = await Promise.all([buildTeamsAppPackage(options), buildTeamsAppPackage(options)]);
    expect(a.zip.equals(b.zip)).toBe(true);
  });
});

describe('readTeamsPackageConfig', () => {
  it('takes the bot id from MicrosoftAppId and uses it as the app id unless TEAMS_APP_ID is set', () => {
    const plain = readTeamsPackageConfig({ MicrosoftAppId: BOT_ID }, '0.1.0');
    expect(plain).toMatchObject({ ok: true, config: { appId: BOT_ID, botId: BOT_ID, version: '0.1.0', placeholders: true } });
    const own = readTeamsPackageConfig({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID, TEAMS_APP_VERSION: '1.2.3' }, '0.1.0');
    expect(own).toMatchObject({ ok: true, config: { appId: APP_ID, botId: BOT_ID, version: '1.2.3' } });
  });

  it('uses placeholders for developer pages until they are set', () => {
    const result = readTeamsPackageConfig(
      { MicrosoftAppId: BOT_ID, TEAMS_WEBSITE_URL: 'https://a.example.jp/', TEAMS_PRIVACY_URL: '', TEAMS_TERMS_URL: 'https://a.example.jp/terms' },
      '0.1.0',
    );
    expect(result).toMatchObject({ ok: true, config: { developer: { websiteUrl: 'https://a.example.jp/', privacyUrl: PLACEHOLDER_PRIVACY_URL }, placeholders: true } });
  });

  it.each([
    [{}, 'teamsPackage: MicrosoftAppId is not set: the Teams app needs the Microsoft App ID of your Azure Bot registration. Set MicrosoftAppId in .env or the environment (see appPackage/README.md).'],
    [{ MicrosoftAppId: '  ' }, 'teamsPackage: MicrosoftAppId is not set'],
    [{ MicrosoftAppId: 'my-bot' }, 'teamsPackage: MicrosoftAppId must be a GUID like 00000000-0000-0000-0000-000000000000 (got "my-bot")'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: '123' }, 'teamsPackage: TEAMS_APP_ID must be a GUID like 00000000-0000-0000-0000-000000000000 (got "123")'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_PRIVACY_URL: 'http://example.jp/privacy' }, 'teamsPackage: TEAMS_PRIVACY_URL must be an https URL (got "http://example.jp/privacy")'],
    [{ MicrosoftAppId: BOT_ID, TEAMS_APP_VERSION: 'v2' }, 'teamsPackage: TEAMS_APP_VERSION must be a version like 1.2.3 (got "v2")'],
  ])('rejects %j', (env, error) => {
    const result = readTeamsPackageConfig(env, '0.1.0');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.startsWith(error)).toBe(true);
  });
});

describe('teamsPackageMain (npm run teams:package)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-teams-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'madoguchi', version: '2.0.0' }));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it(`writes ${PACKAGE_OUTPUT} with the project version`, async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await teamsPackageMain({ MicrosoftAppId: BOT_ID }, root)).toBe(0);
    const manifest = JSON.parse(readZip(fs.readFileSync(path.join(root, PACKAGE_OUTPUT))).get('manifest.json')?.toString('utf8') ?? '') as { version: string; bots: { botId: string }[] };
    expect(manifest.version).toBe('2.0.0');
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
    expect(String(out.mock.calls[0]?.[0])).toContain('teamsPackage: wrote');
  });

  it('fails with the English error and writes nothing when MicrosoftAppId is missing', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await teamsPackageMain({}, root)).toBe(1);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/^teamsPackage: MicrosoftAppId is not set/);
    expect(fs.existsSync(path.join(root, PACKAGE_OUTPUT))).toBe(false);
  });
});

import { z } from 'zod';

/** Placeholder developer pages: enough to sideload; set real ones before publishing to an organization. */
export const PLACEHOLDER_WEBSITE_URL = 'https://example.com/madoguchi';
export const PLACEHOLDER_PRIVACY_URL = 'https://example.com/madoguchi/privacy';
export const PLACEHOLDER_TERMS_URL = 'https://example.com/madoguchi/terms';
export const DEFAULT_DEVELOPER_NAME = 'madoguchi';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export interface TeamsPackageConfig {
  readonly appId: string;
  readonly botId: string;
  readonly version: string;
  readonly developer: { readonly name: string; readonly websiteUrl: string; readonly privacyUrl: string; readonly termsOfUseUrl: string };
  /** True when a developer page is still a placeholder (worth a warning, not an error). */
  readonly placeholders: boolean;
}

export type TeamsPackageConfigResult = { ok: true; config: TeamsPackageConfig } | { ok: false; error: string };

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const guid = z.preprocess(blankIsUnset, z.string().regex(GUID, 'must be a GUID like 00000000-0000-0000-0000-000000000000').optional());
// Manifest schema 1.28 and later accept http developer pages too; https is still required here
// because these links are shown to every user of the app and a plain-http page can be altered in transit.
const httpsUrl = (fallback: string) =>
  z.preprocess(blankIsUnset, z.url({ protocol: /^https$/, message: 'must be an https URL' }).optional()).transform((v) => v ?? fallback);

const schema = z.object({
  MicrosoftAppId: guid,
  TEAMS_APP_ID: guid,
  TEAMS_APP_VERSION: z.preprocess(blankIsUnset, z.string().regex(SEMVER, 'must be a version like 1.2.3').optional()),
  TEAMS_DEVELOPER_NAME: z.preprocess(blankIsUnset, z.string().max(32, 'must be at most 32 characters').optional()),
  TEAMS_WEBSITE_URL: httpsUrl(PLACEHOLDER_WEBSITE_URL),
  TEAMS_PRIVACY_URL: httpsUrl(PLACEHOLDER_PRIVACY_URL),
  TEAMS_TERMS_URL: httpsUrl(PLACEHOLDER_TERMS_URL),
});

/**
 * What `npm run teams:package` needs, from the environment. The bot id is MicrosoftAppId, the
 * variable the bot itself authenticates with, so the package and the bot cannot disagree.
 * The Teams app id defaults to the same GUID (TEAMS_APP_ID overrides it); the version defaults
 * to the project's (`defaultVersion`).
 */
export function readTeamsPackageConfig(env: Record<string, string | undefined>, defaultVersion: string): TeamsPackageConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? '(environment)');
    return { ok: false, error: `teamsPackage: ${variable} ${issue?.message ?? 'is invalid'} (got "${env[variable] ?? ''}")` };
  }
  const e = parsed.data;
  if (!e.MicrosoftAppId) {
    return {
      ok: false,
      error:
        'teamsPackage: MicrosoftAppId is not set: the Teams app needs the Microsoft App ID of your Azure Bot registration. ' +
        'Set MicrosoftAppId in .env or the environment (see appPackage/README.md).',
    };
  }
  const version = e.TEAMS_APP_VERSION ?? defaultVersion;
  if (!SEMVER.test(version)) return { ok: false, error: `teamsPackage: the project version must be like 1.2.3 (got "${version}"); set TEAMS_APP_VERSION` };
  const developer = { name: e.TEAMS_DEVELOPER_NAME ?? DEFAULT_DEVELOPER_NAME, websiteUrl: e.TEAMS_WEBSITE_URL, privacyUrl: e.TEAMS_PRIVACY_URL, termsOfUseUrl: e.TEAMS_TERMS_URL };
  const placeholders = [PLACEHOLDER_WEBSITE_URL, PLACEHOLDER_PRIVACY_URL, PLACEHOLDER_TERMS_URL].some((p) => Object.values(developer).includes(p));
  return { ok: true, config: { appId: e.TEAMS_APP_ID ?? e.MicrosoftAppId, botId: e.MicrosoftAppId, version, developer, placeholders } };
}

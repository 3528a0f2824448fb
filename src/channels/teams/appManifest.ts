import { messages } from '../../../dialogs/messages';

/**
 * Teams app manifest schema version the package is written for: the newest one the
 * `@microsoft/app-manifest` devDependency ships, so the test can validate against it offline
 * (test/channels/teams/appPackage.test.ts fails when a newer one appears there, to prompt the move).
 */
export const TEAMS_MANIFEST_VERSION = '1.30';
export const TEAMS_MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
/** The bot's color in Teams (tile background, color icon). */
export const TEAMS_ACCENT_COLOR = '#0F6CBD';
/** File names of the icons inside the package, as the manifest refers to them. */
export const COLOR_ICON_FILE = 'color.png';
export const OUTLINE_ICON_FILE = 'outline.png';
/** Teams scopes the bot is installed in: 1:1 chat, team channels, group chats. */
export const TEAMS_BOT_SCOPES = ['personal', 'team', 'groupChat'] as const;
export type TeamsBotScope = (typeof TEAMS_BOT_SCOPES)[number];

export interface TeamsManifestOptions {
  /** The Teams app id (a GUID); often the bot's app id. */
  appId: string;
  /** The bot's Microsoft App ID (Azure Bot registration), a GUID. */
  botId: string;
  /** The app version (semver); Teams needs a higher one to update an installed app. */
  version: string;
  /** Who publishes the app, shown in Teams. */
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
}

export interface TeamsManifest {
  readonly $schema: string;
  readonly manifestVersion: typeof TEAMS_MANIFEST_VERSION;
  readonly version: string;
  readonly id: string;
  readonly developer: TeamsManifestOptions['developer'];
  readonly name: { readonly short: string; readonly full: string };
  readonly description: { readonly short: string; readonly full: string };
  readonly icons: { readonly color: string; readonly outline: string };
  readonly accentColor: string;
  readonly localizationInfo: { readonly defaultLanguageTag: string };
  readonly bots: readonly {
    readonly botId: string;
    readonly scopes: readonly TeamsBotScope[];
    readonly supportsFiles: boolean;
    readonly isNotificationOnly: boolean;
    // Since schema 1.27 a command's description is optional; every command keeps one, as Teams shows it under the title.
    readonly commandLists: readonly { readonly scopes: readonly TeamsBotScope[]; readonly commands: readonly { title: string; description: string }[] }[];
  }[];
  readonly validDomains: readonly string[];
}

/** The Teams app manifest for the bot; all wording comes from messages.teamsApp. */
export function buildTeamsManifest(options: TeamsManifestOptions): TeamsManifest {
  const app = messages.teamsApp;
  return {
    $schema: TEAMS_MANIFEST_SCHEMA_URL,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: options.version,
    id: options.appId,
    developer: { ...options.developer },
    name: { short: app.shortName, full: app.fullName },
    description: { short: app.shortDescription, full: app.fullDescription },
    icons: { color: COLOR_ICON_FILE, outline: OUTLINE_ICON_FILE },
    accentColor: TEAMS_ACCENT_COLOR,
    localizationInfo: { defaultLanguageTag: 'ja-jp' },
    bots: [
      {
        botId: options.botId,
        scopes: [...TEAMS_BOT_SCOPES],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: [...TEAMS_BOT_SCOPES], commands: app.commands.map((c) => ({ title: c.title, description: c.description })) }],
      },
    ],
    // The bot serves no tab or web content inside Teams, so no domain needs allowing.
    validDomains: [],
  };
}

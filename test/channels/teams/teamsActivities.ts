import { ActivityTypes, type Activity, type ChannelAccount } from 'botbuilder';
import type { TeamsScope } from '../../../src/channels/teams/teamsActivityShaping';

/** Teams-shaped activities as the Teams service sends them (ids in Teams' formats). */
export const TEAMS_BOT: ChannelAccount = { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'マドグチ' };
export const TEAMS_USER: ChannelAccount = { id: '29:1user-teams-id', name: '山田 太郎', aadObjectId: '00000000-0000-0000-0000-0000000000a1' };
export const TENANT_ID = '00000000-0000-0000-0000-00000000000t';
/** A channel message's conversation id names its thread: the channel id plus the root message id. */
export const CHANNEL_THREAD_ID = '19:general0123@thread.tacv2;messageid=1700000000000';

export function mentionOf(account: ChannelAccount) {
  return { type: 'mention', text: `<at>${account.name}</at>`, mentioned: { id: account.id, name: account.name } };
}

export interface TeamsMessageOptions {
  /** Conversation type; default personal. */
  scope?: TeamsScope;
  /** Whether the text starts with an @mention of the bot (as Teams sends it in channels); default: not personal. */
  mentionBot?: boolean;
  id?: string;
}

function conversation(scope: TeamsScope) {
  switch (scope) {
    case 'personal':
      return { id: 'a:1personal-conversation', name: '', conversationType: 'personal', tenantId: TENANT_ID, isGroup: false };
    case 'groupChat':
      return { id: '19:groupchat0123@thread.v2', name: 'サポート相談', conversationType: 'groupChat', tenantId: TENANT_ID, isGroup: true };
    case 'channel':
      return { id: CHANNEL_THREAD_ID, name: '', conversationType: 'channel', tenantId: TENANT_ID, isGroup: true };
  }
}

function channelData(scope: TeamsScope) {
  const base = { tenant: { id: TENANT_ID } };
  return scope === 'channel' ? { ...base, team: { id: '19:team0123@thread.tacv2' }, channel: { id: '19:general0123@thread.tacv2' } } : base;
}

export function teamsMessage(text: string, options: TeamsMessageOptions = {}): Partial<Activity> {
  const scope = options.scope ?? 'personal';
  const mention = options.mentionBot ?? scope !== 'personal';
  return {
    type: ActivityTypes.Message,
    id: options.id ?? '1700000000001',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/jp/',
    from: TEAMS_USER,
    recipient: TEAMS_BOT,
    conversation: conversation(scope),
    channelData: channelData(scope),
    text: mention ? `${mentionOf(TEAMS_BOT).text} ${text}` : text,
    textFormat: 'plain',
    entities: mention ? [mentionOf(TEAMS_BOT)] : [],
    locale: 'ja-JP',
  };
}

export function teamsMembersAdded(scope: TeamsScope, members: ChannelAccount[]): Partial<Activity> {
  return {
    type: ActivityTypes.ConversationUpdate,
    id: 'f:update-1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/jp/',
    from: TEAMS_USER,
    recipient: TEAMS_BOT,
    conversation: conversation(scope),
    // Only a team's roster change carries an eventType; a personal or group chat update does not.
    channelData: scope === 'channel' ? { ...channelData(scope), eventType: 'teamMemberAdded' } : channelData(scope),
    membersAdded: members,
  };
}

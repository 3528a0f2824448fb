import type { ConversationReference } from 'botbuilder';

/** A reference as TurnContext.getConversationReference gives it in a Teams personal chat. */
export const TEAMS_REFERENCE: Partial<ConversationReference> = {
  activityId: '1732700000000',
  user: { id: '29:1abcUserOpaqueId', name: '山田 次郎', aadObjectId: '6f1c0000-aaaa-bbbb-cccc-000000000001', role: 'user' },
  bot: { id: '28:bot-app-id', name: 'マドグチ' },
  conversation: { id: 'a:1personalChatId', conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '次郎のチャット' },
  channelId: 'msteams',
  locale: 'ja-JP',
  serviceUrl: 'https://smba.trafficmanager.net/jp/',
};

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

/** TEAMS_REFERENCE as continueConversationAsync receives it back from the store: only what delivery needs, names empty. */
export const TEAMS_REFERENCE_AS_SENT = {
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/jp/',
  locale: 'ja-JP',
  conversation: { id: 'a:1personalChatId', isGroup: false, conversationType: 'personal', name: '', tenantId: 'tenant-1' },
  bot: { id: '28:bot-app-id', name: '' },
  user: { id: '29:1abcUserOpaqueId', name: '' },
} as const;

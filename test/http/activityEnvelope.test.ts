import { describe, expect, it } from 'vitest';
import { activityProblems, describeProblems, MAX_ID_LENGTH, MAX_REPORTED_FIELDS, MAX_TEXT_LENGTH, MAX_VALUE_BYTES } from '../../src/http/activityEnvelope';

/** A valid activity, as a channel sends it. */
const valid = {
  type: 'message',
  id: 'a-1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/jp/',
  conversation: { id: 'conv-1', conversationType: 'personal' },
  from: { id: 'user-1', name: 'ユーザー' },
  recipient: { id: 'bot-1' },
  text: 'パスワードを忘れました',
  entities: [{ type: 'mention', mentioned: { id: 'bot-1' }, text: '<at>マドグチ</at>' }, { type: 'clientInfo', locale: 'ja-JP' }],
  channelData: { tenant: { id: 't-1' } },
};

describe('activityProblems', () => {
  it('accepts a channel activity, the README minimal body, and fields nobody reads', () => {
    expect(activityProblems(valid)).toEqual([]);
    expect(activityProblems({ type: 'message', channelId: 'api', conversation: { id: 'c' }, from: { id: 'u' }, deliveryMode: 'expectReplies' })).toEqual([]);
    expect(activityProblems({ ...valid, membersAdded: [{ id: 'u', name: 'x', aadObjectId: 'y' }], attachments: [{ contentType: 'image/png' }], value: { a: [1, 2] }, unknownField: { deep: [1] } })).toEqual([]);
    expect(activityProblems({ ...valid, text: 'あ'.repeat(MAX_TEXT_LENGTH) })).toEqual([]);
  });

  it.each([
    ['a body that is not an object', 'not json', ['(body)']],
    ['text as a number', { ...valid, text: 42 }, ['text']],
    ['text beyond MAX_TEXT_LENGTH', { ...valid, text: 'あ'.repeat(MAX_TEXT_LENGTH + 1) }, ['text']],
    ['membersAdded as an object', { ...valid, membersAdded: { id: 'u' } }, ['membersAdded']],
    ['a member without an id', { ...valid, membersRemoved: [{ id: 'u' }, { name: 'x' }] }, ['membersRemoved.1.id']],
    ['a numeric member id', { ...valid, membersAdded: [{ id: 7 }] }, ['membersAdded.0.id']],
    ['an empty conversation id', { ...valid, conversation: { id: '' } }, ['conversation.id']],
    ['an id beyond MAX_ID_LENGTH', { ...valid, from: { id: 'u'.repeat(MAX_ID_LENGTH + 1) } }, ['from.id']],
    ['recipient without an id', { ...valid, recipient: {} }, ['recipient.id']],
    ['a numeric activity id', { ...valid, id: 5 }, ['id']],
    ['serviceUrl that is not an http(s) URL', { ...valid, serviceUrl: 'javascript:alert(1)' }, ['serviceUrl']],
    ['an unknown deliveryMode', { ...valid, deliveryMode: 'carrierPigeon' }, ['deliveryMode']],
    ['attachments as a string', { ...valid, attachments: 'x' }, ['attachments']],
    ['an entity without a type', { ...valid, entities: [{ text: 'x' }] }, ['entities.0.type']],
    ['a mention without who', { ...valid, entities: [{ type: 'Mention', text: '<at>x</at>' }] }, ['entities.0.mentioned.id']],
    ['channelData as an array', { ...valid, channelData: [1, 2] }, ['channelData']],
    ['value beyond MAX_VALUE_BYTES', { ...valid, value: { blob: 'x'.repeat(MAX_VALUE_BYTES) } }, ['value']],
    ['an Action.Execute invoke without an action', { ...valid, type: 'invoke', name: 'adaptiveCard/action', value: { verb: 'x' } }, ['value.action']],
    ['a search invoke with a string value', { ...valid, type: 'invoke', name: 'application/search', value: 'q' }, ['value']],
  ])('refuses %s', (_name, body, fields) => {
    expect(activityProblems(body)).toEqual(fields);
  });

  it('names at most MAX_REPORTED_FIELDS fields, then counts the rest', () => {
    const problems = activityProblems({ ...valid, membersAdded: Array.from({ length: 30 }, () => ({ id: 1 })) });
    expect(problems).toHaveLength(30);
    expect(describeProblems(problems)).toBe(`${problems.slice(0, MAX_REPORTED_FIELDS).join(', ')} and ${30 - MAX_REPORTED_FIELDS} more`);
  });

  it('never names a value from the body, only schema keys and positions', () => {
    const problems = activityProblems({ ...valid, conversation: { id: 'taro@example.com', conversationType: 9 }, text: 12345 });
    expect(problems).toEqual(['conversation.conversationType', 'text']);
  });
});

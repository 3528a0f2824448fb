import { beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { recognizeRecoveryStatusRequest, RecoveryStatusDialog } from '../../dialogs/flows/recoveryStatusDialog';
import { FAKE_TICKET, FakeAccountAdapter } from './fakeAccountAdapter';
import { converse, expectEnded, FakeFaq, flowClient } from './flowTestKit';

const s = messages.recoveryStatus;
const f = messages.flow;
let adapter: FakeAccountAdapter;

beforeEach(() => {
  adapter = new FakeAccountAdapter();
});

const makeDialog = () => new RecoveryStatusDialog({ account: adapter, faq: new FakeFaq() });

describe('recognizeRecoveryStatusRequest', () => {
  it.each([
    ['復旧リクエストの状況', {}],
    [`復旧リクエストの状況 ${FAKE_TICKET}`, { ticketId: FAKE_TICKET }],
    ['復旧リクエストの状況：rr-test0001', { ticketId: FAKE_TICKET }],
    ['復旧リクエストの状況を確認したい', {}],
    ['復旧リクエストの状況 ？', {}],
  ])('%j → %j', (text, expected) => {
    expect(recognizeRecoveryStatusRequest(text)).toEqual(expected);
  });
  it.each(['パスワードを忘れた', '状況'])('%j is not a status request', (text) => {
    expect(recognizeRecoveryStatusRequest(text)).toBeUndefined();
  });
});

describe('RecoveryStatusDialog', () => {
  it('with the id given: answers the status at once', async () => {
    const client = flowClient(makeDialog(), { ticketId: FAKE_TICKET });
    await converse(client, [[`復旧リクエストの状況 ${FAKE_TICKET}`, [s.status['in-review']]]]);
    expectEnded(client, { outcome: 'completed', flow: 'recoveryStatus' });
  });

  it('asks for the id, validates it, and answers', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ['復旧リクエストの状況', [s.askTicketId]],
      ['?!', [messages.flowInputs.ticketId, s.askTicketId]],
      ['rr-test0001', [s.status['in-review']]],
    ]);
  });

  it('an unknown id: says so', async () => {
    const client = flowClient(makeDialog(), { ticketId: 'RR-NOPE0000' });
    await converse(client, [['復旧リクエストの状況', [s.notFound]]]);
    expectEnded(client, { outcome: 'failed', reason: 'not-found' });
  });

  it('the back end down: もう一度 asks again', async () => {
    adapter.failNext('getRecoveryStatus');
    const client = flowClient(makeDialog(), { ticketId: FAKE_TICKET });
    await converse(client, [['復旧リクエストの状況', [f.backendDown]], ['もう一度', [s.status['in-review']]]]);
  });

  it('cancel while asked for the id', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [['復旧リクエストの状況', [s.askTicketId]], ['キャンセル', [f.cancelled(messages.flowTitles.recoveryStatus)]]]);
    expectEnded(client, { outcome: 'cancelled', step: 'ticketId' });
  });
});

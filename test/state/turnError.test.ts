import { ConversationState, TestAdapter, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { createTurnErrorHandler } from '../../src/bot/turnError';
import { BoundedMemoryStorage } from '../../src/state/boundedMemoryStorage';
import { StateConflictError } from '../../src/state/stateConflict';
import { captureLogger } from '../account/helpers';

/** A conversation with some state stored, and a turn that fails with `error`. */
async function failingTurn(error: Error) {
  const { logger, lines } = captureLogger();
  const storage = new BoundedMemoryStorage();
  const state = new ConversationState(storage);
  const adapter = new TestAdapter(async (context: TurnContext) => {
    if (context.activity.text === 'remember') {
      await state.createProperty<string>('step').set(context, 'kept');
      await state.saveChanges(context);
      return;
    }
    throw error;
  });
  adapter.onTurnError = createTurnErrorHandler(logger, state);
  await adapter.send('remember');
  const replies: (string | undefined)[] = [];
  await adapter.send('fail').assertReply((activity) => void replies.push(activity.text));
  const stored = await storage.read([`test/conversations/${adapter.conversation.conversation.id}/`]);
  const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
  return { replies, stored: Object.values(stored), logged };
}

describe('createTurnErrorHandler', () => {
  it('a StateConflictError asks the user to resend, logs one warning, and keeps the stored state', async () => {
    const { replies, stored, logged } = await failingTurn(new StateConflictError('test/conversations/c/'));
    expect(replies).toEqual([messages.stateConflict]);
    expect(stored).toEqual([expect.objectContaining({ step: 'kept' })]);
    expect(logged.map((l) => [l.level, l.msg])).toEqual([[40, 'stateStore: conflicting turns in one conversation; the user was asked to resend']]);
  });

  it('a StateConflictError wrapped as the cause of another error is recognised too', async () => {
    const { replies, stored } = await failingTurn(new Error('wrapper', { cause: new StateConflictError('k') }));
    expect(replies).toEqual([messages.stateConflict]);
    expect(stored).toHaveLength(1);
  });

  it('any other error apologizes and clears the state so the next message starts clean', async () => {
    const { replies, stored, logged } = await failingTurn(new Error('boom'));
    expect(replies).toEqual([messages.turnError]);
    expect(stored).toEqual([]);
    expect(logged.map((l) => l.msg)).toContain('bot: unhandled error in turn');
  });
});

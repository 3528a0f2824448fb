import { describe, expect, it } from 'vitest';
import { emptyHistory, withOutcome } from '../../../dialogs/handoff/conversationHistory';
import { flowOutcome } from '../../../dialogs/handoff/flowOutcome';
import { decideAfterOutcome } from '../../../dialogs/handoff/handoffPolicy';
import type { FlowResult } from '../../../dialogs/flows/flowResult';

describe('flowOutcome', () => {
  it.each<[FlowResult, ReturnType<typeof flowOutcome>]>([
    [{ outcome: 'completed', flow: 'passwordReset', step: 'done' }, { event: { kind: 'flowCompleted', flow: 'passwordReset' } }],
    [{ outcome: 'cancelled', flow: 'passwordReset', step: 'askAccount' }, { event: { kind: 'flowAbandoned', flow: 'passwordReset', step: 'askAccount', reason: 'cancelled' } }],
    [
      { outcome: 'handoff-requested', flow: 'unblockAccount', step: 'askPhone', reason: 'user-asked' },
      { event: { kind: 'flowAbandoned', flow: 'unblockAccount', step: 'askPhone', reason: 'person-requested' }, handoff: 'user-request' },
    ],
    [
      { outcome: 'handoff-requested', flow: 'unblockAccount', step: 'sendCode', reason: 'backend-unavailable' },
      { event: { kind: 'flowAbandoned', flow: 'unblockAccount', step: 'sendCode', reason: 'unavailable' }, handoff: 'flow-failure' },
    ],
    [{ outcome: 'failed', flow: 'recoverAccount', step: 'submit', reason: 'not-verified' }, { event: { kind: 'flowAbandoned', flow: 'recoverAccount', step: 'submit', reason: 'not-verified' } }],
  ])('%j', (result, expected) => expect(flowOutcome(result)).toEqual(expected));

  it('a recovery failing verification twice makes the policy offer a person', () => {
    const failed = flowOutcome({ outcome: 'failed', flow: 'recoverAccount', step: 'submit', reason: 'not-verified' }).event;
    const twice = withOutcome(withOutcome(emptyHistory(), failed), failed);
    expect(decideAfterOutcome(twice)).toMatchObject({ kind: 'offer', reason: 'flow-failure' });
  });
});

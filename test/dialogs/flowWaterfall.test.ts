import { WaterfallDialog, DialogTurnStatus, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InterruptibleDialog, type FlowRun } from '../../dialogs/flows/interruptibleDialog';
import { FakeFaq } from './flowTestKit';

interface NameData {
  name?: string;
  confirmed?: boolean;
}

/** Asks a name (a step that skips itself once the name is known), then says it and runs again from the first step once. */
class NameFlow extends InterruptibleDialog<NameData> {
  protected readonly flow = 'passwordReset' as const;
  askBodyRuns = 0;

  constructor() {
    super('test.nameFlow', { faq: new FakeFaq() });
    this.addField<string>({ id: 'name', parse: (text) => ({ ok: true, value: text.trim() }), help: '名前を入力してください。' });
    this.addSteps([
      this.skippable(
        (run) => run.data.name !== undefined,
        async (step) => {
          this.askBodyRuns++;
          return this.ask(step, 'name', 'お名前は？', 'name');
        },
      ),
      this.sayStep,
    ]);
  }

  protected initialData(): NameData {
    return {};
  }

  private async sayStep(step: WaterfallStepContext<FlowRun<NameData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    await step.context.sendActivity(`${data.name ?? '?'}さん (${data.confirmed ? '2' : '1'} 回目)`);
    if (data.confirmed) return step.endDialog(data.name);
    data.confirmed = true;
    return this.resume(step);
  }
}

afterEach(() => vi.restoreAllMocks());

describe('skippable flow steps', () => {
  it('are passed without a step context when they would skip themselves, with the same replies and result', async () => {
    const onStep = vi.spyOn(WaterfallDialog.prototype as unknown as { onStep: (step: WaterfallStepContext) => Promise<DialogTurnResult> }, 'onStep');
    const flow = new NameFlow();
    const client = new DialogTestClient('test', flow);
    expect((await client.sendActivity('はじめ'))?.text).toBe('お名前は？');
    const first = await client.sendActivity('山田');
    expect(first?.text).toBe('山田さん (1 回目)');
    expect(client.getNextReply()?.text).toBe('山田さん (2 回目)');
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
    expect(client.dialogTurnResult.result).toBe('山田');
    // The ask step ran once; on the run again from the first step it was passed, not given a step context.
    expect(flow.askBodyRuns).toBe(1);
    const indexes = onStep.mock.calls.map(([step]) => step.index);
    // Without the fast path: [0, 1, 0, 1].
    expect(indexes).toEqual([0, 1, 1]);
  });
});

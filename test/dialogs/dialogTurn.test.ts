import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { ComponentDialog, DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type DialogContext, type DialogEvent, type DialogState, type DialogTurnResult } from 'botbuilder-dialogs';
import { describe, expect, it } from 'vitest';
import { continueActiveDialog, NO_ACTIVE_DIALOG_ERROR } from '../../dialogs/dialogTurn';

type Continue = (dc: DialogContext) => Promise<DialogTurnResult>;

/** A component that asks one question and records the dialog events it sees; its inner stack continues with `continueInner`, as the bot's dialogs do. */
class AskOnce extends ComponentDialog {
  readonly events: string[] = [];

  constructor(private readonly continueInner: Continue) {
    super('askOnce');
    this.addDialog(new TextPrompt('prompt'));
    this.addDialog(
      new WaterfallDialog('steps', [
        async (step) => step.prompt('prompt', { prompt: 'お名前は？' }),
        async (step) => {
          await step.context.sendActivity(`受け取りました: ${String(step.result)}`);
          return step.endDialog(step.result);
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.continueInner(innerDc);
  }

  protected override async onPreBubbleEvent(_dc: DialogContext, e: DialogEvent): Promise<boolean> {
    this.events.push(e.name);
    return false;
  }
}

/** Runs two turns (the question, then the answer); the second continues with `continueWith`, at every level. */
async function twoTurns(continueWith: Continue) {
  const state = new ConversationState(new MemoryStorage());
  const accessor = state.createProperty<DialogState>('dialogState');
  const dialog = new AskOnce(continueWith);
  const set = new DialogSet(accessor);
  set.add(dialog);
  const statuses: DialogTurnStatus[] = [];
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const dc = await set.createContext(context);
    const result = dc.activeDialog ? await continueWith(dc) : await dc.beginDialog('askOnce');
    statuses.push(result.status);
    await state.saveChanges(context);
  });
  await adapter.send('こんにちは').assertReply('お名前は？').send('山田').assertReply('受け取りました: 山田');
  return { events: dialog.events, statuses };
}

describe('continueActiveDialog', () => {
  it('continues the active dialog as continueDialog does, with the same replies and result', async () => {
    const direct = await twoTurns(continueActiveDialog);
    const library = await twoTurns((dc) => dc.continueDialog());
    expect(direct.statuses).toEqual([DialogTurnStatus.waiting, DialogTurnStatus.complete]);
    expect(library.statuses).toEqual(direct.statuses);
  });

  it('does not emit activityReceived (continueDialog does, through every level of the stack)', async () => {
    expect((await twoTurns((dc) => dc.continueDialog())).events).toContain('activityReceived');
    expect((await twoTurns(continueActiveDialog)).events).not.toContain('activityReceived');
  });

  it('gives empty on an empty stack', async () => {
    const state = new ConversationState(new MemoryStorage());
    const set = new DialogSet(state.createProperty<DialogState>('dialogState'));
    let status: DialogTurnStatus | undefined;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      status = (await continueActiveDialog(await set.createContext(context))).status;
    });
    await adapter.send('こんにちは').startTest();
    expect(status).toBe(DialogTurnStatus.empty);
  });

  it('throws, naming the dialog, when the dialog on top of the stack is not registered', async () => {
    const state = new ConversationState(new MemoryStorage());
    const set = new DialogSet(state.createProperty<DialogState>('dialogState'));
    let error: unknown;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      const dc = await set.createContext(context);
      dc.stack.push({ id: 'gone', state: {} });
      error = await continueActiveDialog(dc).catch((e: unknown) => e);
    });
    await adapter.send('こんにちは').startTest();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`${NO_ACTIVE_DIALOG_ERROR} ('gone')`);
  });
});

import { ActionTypes, ActivityTypes, CardFactory, type Activity, type CardAction, type HeroCard } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  resolveShapingOptions,
  shapeForTeams,
  teamsScope,
  TEAMS_MAX_CARD_BUTTONS,
} from '../../../src/channels/teams/teamsActivityShaping';

const imBack = (title: string): CardAction => ({ type: ActionTypes.ImBack, title, value: title });
const titles = (n: number) => Array.from({ length: n }, (_, i) => `選択肢${i + 1}`);

function withSuggested(actions: CardAction[]): Partial<Activity> {
  return { type: ActivityTypes.Message, text: '本文', suggestedActions: { actions, to: [] } };
}

function heroButtons(activity: Partial<Activity>): string[][] {
  return (activity.attachments ?? [])
    .filter((a) => a.contentType === CardFactory.contentTypes.heroCard)
    .map((a) => ((a.content as HeroCard).buttons ?? []).map((b) => b.title));
}

describe('teamsScope', () => {
  it.each([
    ['personal', 'personal'],
    ['channel', 'channel'],
    ['groupChat', 'groupChat'],
    [undefined, 'groupChat'],
  ] as const)('conversationType %s → %s', (conversationType, scope) => {
    expect(teamsScope({ conversation: { id: 'c', conversationType: conversationType as string, isGroup: false, name: '' } })).toBe(scope);
  });
});

describe('shapeForTeams: suggested actions', () => {
  it('keeps up to three imBack suggested actions in personal chat', () => {
    const shaped = shapeForTeams(withSuggested(titles(3).map(imBack)), 'personal');
    expect(shaped.suggestedActions?.actions.map((a) => a.title)).toEqual(titles(3));
    expect(shaped.attachments).toBeUndefined();
  });

  it('turns messageBack and postBack into imBack in personal chat', () => {
    const shaped = shapeForTeams(
      withSuggested([
        { type: ActionTypes.MessageBack, title: 'はい', text: 'はい、続けます', displayText: 'はい', value: { choice: 'yes' } },
        { type: ActionTypes.PostBack, title: 'いいえ', value: 'いいえ' },
      ]),
      'personal',
    );
    expect(shaped.suggestedActions?.actions).toEqual([
      { type: ActionTypes.ImBack, title: 'はい', value: 'はい、続けます' },
      { type: ActionTypes.ImBack, title: 'いいえ', value: 'いいえ' },
    ]);
  });

  it.each(['channel', 'groupChat'] as const)('renders suggested actions as hero card buttons in %s', (scope) => {
    const shaped = shapeForTeams(withSuggested(titles(3).map(imBack)), scope);
    expect(shaped.suggestedActions).toBeUndefined();
    expect(shaped.text).toBe('本文');
    expect(heroButtons(shaped)).toEqual([titles(3)]);
    expect(shaped.attachmentLayout).toBe('list');
  });

  it('uses cards in personal chat when Teams would hide some suggested actions (more than three)', () => {
    const shaped = shapeForTeams(withSuggested(titles(4).map(imBack)), 'personal');
    expect(shaped.suggestedActions).toBeUndefined();
    expect(heroButtons(shaped)).toEqual([titles(4)]);
  });

  it('uses cards in personal chat for an action that cannot be imBack (openUrl)', () => {
    const open: CardAction = { type: ActionTypes.OpenUrl, title: 'サイトを開く', value: 'https://account.live.com/' };
    const shaped = shapeForTeams(withSuggested([imBack('はい'), open]), 'personal');
    expect(shaped.suggestedActions).toBeUndefined();
    const buttons = (shaped.attachments?.[0]?.content as HeroCard).buttons;
    expect(buttons).toEqual([imBack('はい'), open]);
  });

  it.each([
    [6, [6]],
    [7, [6, 1]],
    [13, [6, 6, 1]],
  ])('splits %i buttons over cards of at most six: %j', (count, sizes) => {
    const shaped = shapeForTeams(withSuggested(titles(count).map(imBack)), 'channel');
    const cards = heroButtons(shaped);
    expect(cards.map((c) => c.length)).toEqual(sizes);
    expect(cards.flat()).toEqual(titles(count));
  });

  it('turns postBack buttons into imBack on cards (Teams has no postBack)', () => {
    const shaped = shapeForTeams(withSuggested([{ type: ActionTypes.PostBack, title: 'A', value: 'a' }]), 'channel');
    expect((shaped.attachments?.[0]?.content as HeroCard).buttons).toEqual([{ type: ActionTypes.ImBack, title: 'A', value: 'a' }]);
  });

  it('appends the choice cards after the attachments already there', () => {
    const existing = CardFactory.heroCard('タイトル', '説明');
    const shaped = shapeForTeams({ ...withSuggested([imBack('はい')]), attachments: [existing] }, 'channel');
    expect(shaped.attachments?.[0]).toEqual(existing);
    expect(heroButtons(shaped)).toEqual([[], ['はい']]);
  });

  it('does not change the activity it was given', () => {
    const original = withSuggested(titles(2).map(imBack));
    const copy = structuredClone(original);
    shapeForTeams(original, 'channel');
    expect(original).toEqual(copy);
  });

  it('leaves non-message activities alone', () => {
    const typing: Partial<Activity> = { type: ActivityTypes.Typing };
    expect(shapeForTeams(typing, 'channel')).toBe(typing);
  });
});

describe('shapeForTeams: cards', () => {
  it('splits a hero card with more than six buttons, keeping its title on the first card', () => {
    const card = CardFactory.heroCard('ご案内', '次から選んでください', undefined, titles(8).map(imBack));
    const shaped = shapeForTeams({ type: ActivityTypes.Message, attachments: [card] }, 'personal');
    expect(shaped.attachments).toHaveLength(2);
    expect((shaped.attachments?.[0]?.content as HeroCard).title).toBe('ご案内');
    expect(heroButtons(shaped)).toEqual([titles(6), ['選択肢7', '選択肢8']]);
  });

  it.each([
    ['1.6', '1.5'],
    ['1.10', '1.5'],
    ['1.5', '1.5'],
    ['1.2', '1.2'],
  ])('declares an Adaptive Card of version %s as %s', (version, expected) => {
    const card = CardFactory.adaptiveCard({ type: 'AdaptiveCard', version, body: [{ type: 'TextBlock', text: 'こんにちは' }] });
    const shaped = shapeForTeams({ type: ActivityTypes.Message, attachments: [card] }, 'channel');
    expect((shaped.attachments?.[0]?.content as { version: string }).version).toBe(expected);
    expect((shaped.attachments?.[0]?.content as { body: unknown[] }).body).toHaveLength(1);
  });
});

describe('resolveShapingOptions', () => {
  it('defaults to six buttons a card', () => {
    expect(resolveShapingOptions({}).maxCardButtons).toBe(TEAMS_MAX_CARD_BUTTONS);
  });

  it.each([
    [{ maxCardButtons: 0 }, 'teamsActivityShaping: maxCardButtons must be a positive integer (got 0)'],
    [{ maxSuggestedActions: -1 }, 'teamsActivityShaping: maxSuggestedActions must be a non-negative integer (got -1)'],
    [{ maxAdaptiveCardVersion: 'latest' }, 'teamsActivityShaping: maxAdaptiveCardVersion must look like "1.5" (got "latest")'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveShapingOptions(options)).toThrow(message);
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.6', '1.5', 1],
    ['1.5', '1.5', 0],
    ['1.10', '1.9', 1],
    ['1.4', '1.5', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

import { describe, expect, it } from 'vitest';
import { recognizeInterruption } from '../../dialogs/flows/interruptions';

describe('recognizeInterruption', () => {
  it.each([
    ['キャンセル', 'cancel'],
    ['やめます。', 'cancel'],
    ['ヘルプ', 'help'],
    ['？', 'help'],
    ['最初から', 'restart'],
    ['担当者と話す', 'person'],
    ['オペレーターにつないでください', 'person'],
    ['taro@example.com', undefined],
    ['来週の打ち合わせ', undefined],
    ['パスワードを忘れた', undefined],
  ])('%j → %s', (text, expected) => {
    expect(recognizeInterruption(text)).toBe(expected);
  });
});

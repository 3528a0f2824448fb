import { describe, expect, it } from 'vitest';
import { englishBaseForms, englishPhraseWords, expandEnglishContractions } from '../../src/search/english';

const FUNCTION_WORDS = new Set(['i', 'my', 'the', 'to']);

describe('englishBaseForms', () => {
  it.each([
    ['changed', 'change'],
    ['blocked', 'block'],
    ['stopped', 'stop'],
    ['changing', 'change'],
    ['locking', 'lock'],
    ['verifies', 'verify'],
    ['verified', 'verify'],
    ['passes', 'pass'],
    ['accounts', 'account'],
  ])('offers the base form of %s (%s)', (word, base) => {
    expect(englishBaseForms(word)).toContain(base);
  });

  it('offers nothing for short words, words with other letters, or a word ending in ss', () => {
    expect(englishBaseForms('bed')).toEqual([]);
    expect(englishBaseForms('microsoft365')).toEqual([]);
    expect(englishBaseForms('pass')).toEqual([]);
  });
});

describe('englishPhraseWords', () => {
  it('finds the words of a run of three or more Latin words with a function word in it', () => {
    expect(englishPhraseWords('I changed my phone number. 携帯の番号', FUNCTION_WORDS)).toEqual(new Set(['i', 'changed', 'my', 'phone', 'number']));
  });

  it('leaves out a capitalized word after the first one (a name inside the sentence)', () => {
    expect(englishPhraseWords('I lost my Spotify password', FUNCTION_WORDS)).toEqual(new Set(['i', 'lost', 'my', 'password']));
  });

  it('finds none in names of two words or in runs without a function word', () => {
    expect(englishPhraseWords('Microsoft 365 と Apple ID のパスワード', FUNCTION_WORDS).size).toBe(0);
    expect(englishPhraseWords('Xbox Game Pass Ultimate', FUNCTION_WORDS).size).toBe(0);
  });
});

describe('expandEnglishContractions', () => {
  it.each([
    ["can't", 'can not'],
    ["won't", 'will not'],
    ["doesn't", 'does not'],
    ["What's", 'What'],
    ["I'm", 'I'],
    ['I’ve', 'I'],
  ])('writes %s as %s', (typed, expanded) => {
    expect(expandEnglishContractions(typed)).toBe(expanded);
  });

  it('leaves text without an apostrophe as it is', () => {
    const text = 'パスワードを忘れた';
    expect(expandEnglishContractions(text)).toBe(text);
  });
});

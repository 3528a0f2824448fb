import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswerPolicy, CALIBRATION_CURVE, MAX_CLARIFY_CHOICES, calibrate } from '../../src/search/answerPolicy';
import type { Candidate } from '../../src/search/faqIndex';

const candidate = (id: string, score: number, coverage: number): Candidate => ({ id, score, coverage });

describe('calibrate', () => {
  it('is monotone and stays strictly inside (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(calibrate(lo)).toBeLessThanOrEqual(calibrate(hi) + 1e-12);
        expect(calibrate(lo)).toBeGreaterThan(0);
        expect(calibrate(hi)).toBeLessThan(1);
      }),
    );
  });

  it('passes through its knots and clamps outside [0, 1]', () => {
    for (const [raw, calibrated] of CALIBRATION_CURVE) expect(calibrate(raw)).toBeCloseTo(calibrated, 10);
    expect(calibrate(-1)).toBe(calibrate(0));
    expect(calibrate(2)).toBe(calibrate(1));
  });
});

describe('AnswerPolicy.decide', () => {
  const policy = new AnswerPolicy();

  it('answers when one entry clearly leads and covers the question', () => {
    const d = policy.decide([candidate('a', 10, 1), candidate('b', 2, 0.5)]);
    expect(d).toMatchObject({ kind: 'answer', entryId: 'a' });
    expect(d.confidence).toBeGreaterThan(0.9);
  });

  it('asks which one when runners-up are close, at most MAX_CLARIFY_CHOICES', () => {
    const d = policy.decide([candidate('a', 10, 1), candidate('b', 9.5, 1), candidate('c', 9, 1), candidate('d', 8.5, 1)]);
    expect(d.kind).toBe('clarify');
    expect(d.kind === 'clarify' && d.choices).toEqual(['a', 'b', 'c'].slice(0, MAX_CLARIFY_CHOICES));
  });

  it('leaves out of the choices a close runner-up that does not cover the question', () => {
    const d = policy.decide([candidate('a', 10, 1), candidate('b', 9.5, 0.1)]);
    expect(d).toMatchObject({ kind: 'answer', entryId: 'a' });
  });

  it('abstains when the best entry covers too little of the question (out of scope)', () => {
    expect(policy.decide([candidate('a', 50, 0.2)])).toMatchObject({ kind: 'abstain', reason: 'low-confidence' });
  });

  it('abstains with no candidates', () => {
    expect(policy.decide([])).toEqual({ kind: 'abstain', reason: 'no-terms', confidence: 0, candidates: [] });
  });

  it('honours its options', () => {
    const strict = new AnswerPolicy({ minCoverage: 0.99 });
    expect(strict.decide([candidate('a', 10, 0.9)]).kind).toBe('abstain');
  });
});

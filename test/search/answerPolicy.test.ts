import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswerPolicy, CALIBRATION_CURVE, DEFAULT_OUT_OF_SCOPE_MARGIN, MAX_CLARIFY_CHOICES, calibrate } from '../../src/search/answerPolicy';
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
    // The close runner-up still lowers the best entry's dominance, so this may be a もしかして with
    // the best entry alone; b is never offered.
    expect(d.kind === 'answer' ? [d.entryId] : d.kind === 'clarify' ? d.choices : d).toEqual(['a']);
  });

  it('abstains when the best entry covers too little of the question (out of scope)', () => {
    expect(policy.decide([candidate('a', 50, 0.2)])).toMatchObject({ kind: 'abstain', reason: 'low-confidence' });
  });

  it('abstains as out of scope when an out-of-scope question covers more of the question than the best entry by the margin', () => {
    const clear = [candidate('a', 10, 0.7), candidate('b', 2, 0.3)];
    expect(policy.decide(clear, 0.7 + DEFAULT_OUT_OF_SCOPE_MARGIN + 0.01)).toMatchObject({ kind: 'abstain', reason: 'out-of-scope-question', coverage: 0.7 });
    expect(policy.decide(clear, 0.7 + DEFAULT_OUT_OF_SCOPE_MARGIN - 0.01)).toMatchObject({ kind: 'answer', entryId: 'a' });
    expect(policy.decide(clear)).toMatchObject({ kind: 'answer', entryId: 'a' });
    // An entry that covers the whole question is never outweighed (a tie is not enough with a positive margin).
    expect(policy.decide([candidate('a', 10, 1)], 1)).toMatchObject({ kind: 'answer', entryId: 'a' });
    // Too little coverage keeps its own reason.
    expect(policy.decide([candidate('a', 10, 0.1)], 0.9)).toMatchObject({ kind: 'abstain', reason: 'low-confidence' });
  });

  it('takes the out-of-scope margin it is given, and refuses one that is not a finite number', () => {
    const strict = new AnswerPolicy({ outOfScopeMargin: -0.2 });
    expect(strict.decide([candidate('a', 10, 0.9)], 0.75)).toMatchObject({ kind: 'abstain', reason: 'out-of-scope-question' });
    expect(() => new AnswerPolicy({ outOfScopeMargin: Number.NaN })).toThrow('AnswerPolicy: outOfScopeMargin must be a finite number (got NaN)');
  });

  it('abstains with no candidates', () => {
    expect(policy.decide([])).toEqual({ kind: 'abstain', reason: 'no-terms', confidence: 0, candidates: [] });
  });

  it('compares candidates by their evidence when the index gives one, not by their scores', () => {
    // Scores close (bm25's flat sums), evidence far apart: the best entry leads, as with flat scores it would not.
    const flat = [candidate('a', 10, 1), candidate('b', 9.5, 1)];
    expect(policy.decide(flat).kind).toBe('clarify');
    const separated = policy.decide([{ ...candidate('a', 10, 1), evidence: 40 }, { ...candidate('b', 9.5, 1), evidence: 10 }]);
    expect(separated).toMatchObject({ kind: 'answer', entryId: 'a' });
    // And the other way round: far-apart scores but a runner-up with as much evidence is close.
    const close = policy.decide([{ ...candidate('a', 10, 1), evidence: 5 }, { ...candidate('b', 2, 1), evidence: 6 }]);
    expect(close.kind === 'clarify' && close.choices).toEqual(['a', 'b']);
  });

  it('treats a best entry without evidence as matched by its runner-up (full dominance penalty), and keeps a runner-up below the best', () => {
    const none = policy.rawConfidence([{ ...candidate('a', 10, 1), evidence: 0 }, { ...candidate('b', 5, 1), evidence: 3 }]);
    const equal = policy.rawConfidence([candidate('a', 10, 1), candidate('b', 10, 1)]);
    expect(none).toBeCloseTo(equal, 10);
    const d = policy.decide([{ ...candidate('a', 10, 1), evidence: 2 }, { ...candidate('b', 9, 1), evidence: 8 }]);
    const [best, runnerUp] = d.candidates;
    expect(runnerUp?.score).toBeLessThanOrEqual(best?.score ?? 0);
  });

  it('honours its options', () => {
    const strict = new AnswerPolicy({ minCoverage: 0.99 });
    expect(strict.decide([candidate('a', 10, 0.9)]).kind).toBe('abstain');
  });
});

describe('AnswerPolicy calibrationCurve option', () => {
  const curve = [
    [0, 0.1],
    [0.5, 0.5],
    [1, 0.9],
  ] as const;

  it('calibrates with the given curve instead of CALIBRATION_CURVE', () => {
    const policy = new AnswerPolicy({ calibrationCurve: curve, dominancePenalty: 0.5 });
    // One candidate: no rival, so raw confidence = coverage = 0.75, halfway between the knots 0.5 and 0.9.
    const d = policy.decide([candidate('a', 10, 0.75)]);
    expect(d.confidence).toBeCloseTo(0.7, 3);
    expect(calibrate(0.75, curve)).toBeCloseTo(0.7, 10);
  });

  it.each([
    [[[0, 0.1]], 'must have at least two knots, the first at raw 0 and the last at raw 1'],
    [[[0.1, 0.1], [1, 0.9]], 'must have at least two knots, the first at raw 0 and the last at raw 1'],
    [[[0, 0.5], [0.5, 0.4], [1, 0.9]], 'must not decrease (knot 1)'],
    [[[0, 0.1], [1, 1.5]], 'must map into [0, 1] (knot 1: 1.5)'],
  ] as const)('refuses the curve %j', (bad, message) => {
    expect(() => new AnswerPolicy({ calibrationCurve: bad })).toThrow(`AnswerPolicy: calibrationCurve ${message}`);
  });

  it('accepts CALIBRATION_CURVE (the default is a valid curve)', () => {
    expect(() => new AnswerPolicy({ calibrationCurve: CALIBRATION_CURVE })).not.toThrow();
  });
});

describe('AnswerPolicy.rawConfidence', () => {
  it('is coverage × dominance of the best candidate, before calibration', () => {
    const policy = new AnswerPolicy({ dominancePenalty: 0.5 });
    expect(policy.rawConfidence([candidate('a', 10, 0.8)])).toBeCloseTo(0.8, 10);
    // A runner-up at half the score: 0.8 × (1 − 0.5 × 0.5²).
    expect(policy.rawConfidence([candidate('a', 10, 0.8), candidate('b', 5, 1)])).toBeCloseTo(0.8 * (1 - 0.5 * 0.25), 10);
    expect(policy.rawConfidence([])).toBe(0);
  });

  it('is what decide calibrates for the best candidate', () => {
    const policy = new AnswerPolicy();
    const candidates = [candidate('a', 10, 0.9), candidate('b', 6, 0.7)];
    expect(policy.decide(candidates).confidence).toBeCloseTo(calibrate(policy.rawConfidence(candidates)), 3);
  });
});

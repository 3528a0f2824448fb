import { describe, expect, it } from 'vitest';
import { areaOf, ownFileOf, summarizeProfile, type CpuProfile } from '../../bench/cpuProfileSummary';

const OWN = 'file:///work/app/dist/src/privacy/redact.js';
const HISTORY = 'file:///work/app/dist/dialogs/handoff/conversationHistory.js';
const PKG = 'file:///work/app/node_modules/kuromoji/src/Tokenizer.js';

/** root → turn (history) → redact → kuromoji; plus GC, idle and the inspector's own work. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 5, 6, 7] },
    { id: 2, callFrame: { functionName: 'withBotText', url: HISTORY, lineNumber: 9 }, children: [3] },
    { id: 3, callFrame: { functionName: 'redact', url: OWN, lineNumber: 99 }, children: [4] },
    { id: 4, callFrame: { functionName: 'tokenize', url: PKG, lineNumber: 0 } },
    { id: 5, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
    { id: 6, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    { id: 7, callFrame: { functionName: 'post', url: 'node:inspector', lineNumber: 0 }, children: [8] },
    { id: 8, callFrame: { functionName: 'dispatch', url: '', lineNumber: -1 } },
  ],
  samples: [2, 3, 4, 4, 5, 6, 8],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 5000, 9000],
};

describe('summarizeProfile', () => {
  const summary = summarizeProfile(profile);

  it('counts busy time only: not idle, not the inspector stopping the profile', () => {
    expect(summary.busyMs).toBe(5);
  });

  it('gives self time by function, with its file and line, as shares of the busy time', () => {
    expect(summary.selfByFunction[0]).toEqual({ name: 'tokenize kuromoji/src/Tokenizer.js:1', ms: 2, share: 0.4 });
    expect(summary.selfByFunction.map((i) => i.name)).toContain('redact src/privacy/redact.js:100');
  });

  it('groups self time by area: our folders, packages, the collector', () => {
    expect(Object.fromEntries(summary.selfByArea.map((i) => [i.name, i.ms]))).toEqual({ kuromoji: 2, 'src/privacy': 1, 'dialogs/handoff': 1, '(garbage collector)': 1 });
  });

  it('gives inclusive time by our own file: a sample counts for every file on its stack', () => {
    expect(Object.fromEntries(summary.inclusiveByFile.map((i) => [i.name, i.ms]))).toEqual({ 'dialogs/handoff/conversationHistory': 4, 'src/privacy/redact': 3 });
  });

  it('counts a sample for at most the sampling interval: a long gap is time the process did not run', () => {
    const starved: CpuProfile = { ...profile, timeDeltas: [1000, 1000, 1000, 1000, 50_000, 1000, 9000] };
    const result = summarizeProfile(starved);
    expect(result.busyMs).toBe(5);
    expect(Object.fromEntries(result.selfByArea.map((i) => [i.name, i.ms]))).toEqual({ kuromoji: 2, 'src/privacy': 1, 'dialogs/handoff': 1, '(garbage collector)': 1 });
  });

  it('keeps `limit` items per list', () => {
    expect(summarizeProfile(profile, 1).selfByArea).toHaveLength(1);
  });
});

describe('areaOf and ownFileOf', () => {
  it('name packages, our folders, node and V8', () => {
    expect(areaOf('file:///x/node_modules/@azure/core-client/dist/a.js', 'f')).toBe('@azure/core-client');
    expect(areaOf('file:///x/dist/src/app.js', 'f')).toBe('src');
    expect(areaOf('file:///x/dist/dialogs/flows/deep/a.js', 'f')).toBe('dialogs/flows');
    expect(areaOf('node:internal/streams/writable', 'f')).toBe('node internals');
    expect(areaOf('', '(program)')).toBe('(program)');
    expect(areaOf('', 'writev')).toBe('(native)');
    expect(ownFileOf('file:///x/node_modules/p/dist/src/a.js')).toBeUndefined();
    expect(ownFileOf(OWN)).toBe('src/privacy/redact');
    expect(ownFileOf('file:///work/app/.build/bench-x/dialogs/rootDialog.js')).toBe('dialogs/rootDialog');
  });
});

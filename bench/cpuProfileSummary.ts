/**
 * Reads a V8 CPU profile (what `node --cpu-prof` writes, or the inspector's Profiler.stop
 * returns) into the figures `npm run bench:load --profile` prints: self time by function and
 * inclusive time by source file or package, as shares of the busy time (not idle, not the
 * inspector's own work of stopping the profile). Each sample counts for at most the sampling
 * interval (see summarizeProfile). Pure.
 */

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  /** The node hit by each sample. */
  readonly samples: readonly number[];
  /** Microseconds before each sample (the first one: since the profile started). */
  readonly timeDeltas: readonly number[];
}

export interface ProfileItem {
  readonly name: string;
  /** Time in ms. */
  readonly ms: number;
  /** Share of the busy time, 0–1. */
  readonly share: number;
}

export interface ProfileSummary {
  /** Sampled time that was not idle, in ms. */
  readonly busyMs: number;
  /** Self time by function (name, file:line), largest first. */
  readonly selfByFunction: readonly ProfileItem[];
  /** Self time by area (our source folder, a package, node internals, GC), largest first. */
  readonly selfByArea: readonly ProfileItem[];
  /** Inclusive time by our own source file (a sample counts once for each file on its stack), largest first. */
  readonly inclusiveByFile: readonly ProfileItem[];
}

/** Where a frame's code lives, for grouping: `src/search`, `botbuilder-core`, `node:internal`, `(garbage collector)`… */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1]) return pkg[1];
  const own = ownFileOf(url);
  // The folder, at most two levels deep: src/search, dialogs/flows, src (for src/app).
  if (own) return own.split('/').slice(0, -1).slice(0, 2).join('/');
  return url.replace(/^file:\/\//, '');
}

/** Our own file a frame is in (dist/src/search/faqEngine.js or .build/x/src/search/faqEngine.js → src/search/faqEngine), or undefined for a package or node. */
export function ownFileOf(url: string): string | undefined {
  if (url.includes('/node_modules/')) return undefined;
  // dist/ (npm run build), or a build of its own under .build/ (tsc --outDir .build/NAME).
  return /\/(?:dist|\.build\/[^/]+)\/((?:src|dialogs|bench)\/.+)\.js$/.exec(url)?.[1];
}

function shortUrl(url: string): string {
  const pkg = /\/node_modules\/(.+)$/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const own = /\/(?:dist|\.build\/[^/]+)\/(.+)$/.exec(url);
  if (own?.[1]) return own[1];
  return url.replace(/^file:\/\//, '');
}

function top(map: ReadonlyMap<string, number>, busyUs: number, limit: number): ProfileItem[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }));
}

/** Summarizes a profile; `limit` items per list (default 15). */
export function summarizeProfile(profile: CpuProfile, limit = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // A sample stands for at most the sampling interval (the median gap): a longer gap means the
  // process was not running (descheduled on a busy machine), and charging all of it to whatever
  // was on the stack then inflates one function (a write syscall at 8% in a loaded run).
  const interval = median(profile.timeDeltas);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + Math.min(profile.timeDeltas[i] ?? 0, interval)));

  // The profiler's own work (serializing the profile when it stops) is not the server's.
  const underInspector = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)?.callFrame.url === 'node:inspector') return true;
    return false;
  };
  let busyUs = 0;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)' || underInspector(id)) continue;
    busyUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = `${functionName || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    // Inclusive: each of our files on the stack, once.
    const files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const file = ownFileOf(byId.get(at)?.callFrame.url ?? '');
      if (file) files.add(file);
    }
    for (const file of files) byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  return { busyMs: busyUs / 1000, selfByFunction: top(byFunction, busyUs, limit), selfByArea: top(byArea, busyUs, limit), inclusiveByFile: top(byFile, busyUs, limit) };
}

/** The middle value (the lower one of an even count); 0 when empty. */
function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * package.json's `engines.node` is a promise: `npm install` on any Node it allows prints no
 * EBADENGINE and every installed package runs. These tests hold it to the lock file, which
 * records each installed package's own `engines` (devDependencies included: `npm install`
 * installs them and warns about them the same way, and the test suite and the build run on them).
 */

/**
 * The part of `semver` used here. It ships no types and @types/semver is not installed, so the
 * three functions are typed by hand rather than importing an untyped module.
 */
interface Semver {
  minVersion(range: string): { readonly version: string } | null;
  satisfies(version: string, range: string): boolean;
  subset(sub: string, dom: string): boolean;
  validRange(range: string): string | null;
}
const semver = require('semver') as Semver;

const ROOT = path.resolve(__dirname, '..');

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly devOptional?: boolean;
  readonly peer?: boolean;
  readonly engines?: Readonly<Record<string, string>> | readonly string[];
}

interface Constraint {
  readonly location: string;
  readonly version: string;
  readonly range: string;
  /** How npm installed it: dev, optional, peer; '' for a dependency of the app itself. */
  readonly kind: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

function projectRange(): string {
  const pkg = readJson<{ engines?: { node?: string } }>('package.json');
  const range = pkg.engines?.node;
  if (!range) throw new Error('package.json has no engines.node');
  return range;
}

/** Every installed package's engines.node from package-lock.json (lockfileVersion 2 or 3). */
function lockConstraints(): Constraint[] {
  const lock = readJson<{ lockfileVersion?: number; packages?: Record<string, LockEntry> }>('package-lock.json');
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2) throw new Error('package-lock.json has no "packages" map (lockfileVersion 2 or later)');
  const out: Constraint[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    // "" is the project itself, whose range is the one under test (read from package.json, which npm reads).
    if (location === '' || !entry.engines) continue;
    // A few old packages still write engines as ["node >=0.6.0"]; npm ignores that form, but it is still what they need.
    const range = Array.isArray(entry.engines)
      ? entry.engines.find((e) => e.startsWith('node '))?.slice('node '.length)
      : (entry.engines as Readonly<Record<string, string>>).node;
    if (range === undefined) continue;
    const kind = [entry.dev && 'dev', (entry.optional || entry.devOptional) && 'optional', entry.peer && 'peer'].filter(Boolean).join(' ');
    out.push({ location, version: entry.version ?? '?', range, kind });
  }
  return out;
}

const describeConstraint = (c: Constraint) => `${c.location.replace(/^.*node_modules\//, '')}@${c.version} (${c.kind || 'dependency'}) needs node ${c.range}`;

/** Packages that would not run on the lowest Node the range allows. */
function excludedAtLowest(range: string, constraints: readonly Constraint[]): string[] {
  const lowest = semver.minVersion(range)?.version;
  if (!lowest) throw new Error(`engines.node "${range}" allows no version`);
  return constraints.filter((c) => !semver.satisfies(lowest, c.range)).map(describeConstraint);
}

/** Packages that would not run on some Node the range allows (a hole such as Node 21 or 23, or 22.0–22.12). */
function excludedSomewhere(range: string, constraints: readonly Constraint[]): string[] {
  return constraints.filter((c) => !semver.subset(range, c.range)).map(describeConstraint);
}

describe('package.json engines.node', () => {
  const constraints = lockConstraints();

  it('is a valid range and the lock records enough packages for the check to mean something', () => {
    expect(semver.validRange(projectRange())).not.toBeNull();
    expect(constraints.length).toBeGreaterThan(100);
  });

  it('the lowest Node it allows satisfies every installed package (devDependencies and optional ones included)', () => {
    expect(excludedAtLowest(projectRange(), constraints)).toEqual([]);
  });

  it('every Node it allows satisfies every installed package, so no later major or minor it admits is excluded either', () => {
    expect(excludedSomewhere(projectRange(), constraints)).toEqual([]);
  });

  it('the checks can fail: a lower bound below a package\'s, or a range admitting a release a package skips, is reported', () => {
    const sample: Constraint[] = [
      { location: 'node_modules/vite', version: '8.3.8', range: '^20.19.0 || >=22.12.0', kind: 'dev' },
      { location: 'node_modules/vitest', version: '4.1.12', range: '^20.0.0 || ^22.0.0 || >=24.0.0', kind: 'dev' },
      { location: 'node_modules/restify', version: '12.0.0', range: '>=22', kind: '' },
    ];
    // ">=20" was this project's range before: Node 20.0 runs neither vite nor restify 12.
    expect(excludedAtLowest('>=20', sample)).toEqual(['vite@8.3.8 (dev) needs node ^20.19.0 || >=22.12.0', 'restify@12.0.0 (dependency) needs node >=22']);
    // ">=20.19" starts high enough, but admits Node 22.0-22.11 (vite skips them) and Node 21 and 23 (vitest skips them).
    expect(excludedAtLowest('>=20.19', sample.slice(0, 2))).toEqual([]);
    expect(excludedSomewhere('>=20.19', sample.slice(0, 2))).toEqual([
      'vite@8.3.8 (dev) needs node ^20.19.0 || >=22.12.0',
      'vitest@4.1.12 (dev) needs node ^20.0.0 || ^22.0.0 || >=24.0.0',
    ]);
    expect(excludedSomewhere('^20.19.0 || ^22.12.0 || >=24', sample.slice(0, 2))).toEqual([]);
  });

  it('is the Node version README.md states', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    // The README states the supported Node once, as the exact range in backticks: "Node `^20.19.0 || …`".
    const stated = /\bNode `([^`]+)`/.exec(readme)?.[1];
    expect(stated, 'README.md should say "Node `<range>`" with the engines.node range').toBe(projectRange());
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's architecture sketch is where a newcomer looks for "where does X live": it must name
 * every top-level folder of src/ and dialogs/, and every path it names must exist.
 */
const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Architecture'));
const sketch = section.slice(section.indexOf('```') + 3, section.indexOf('```', section.indexOf('```') + 3));

const folders = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

/** The sketch's lines under `dialogs/`, which name its folders without the prefix. */
const dialogsLines = sketch.slice(sketch.search(/^dialogs\//m)).split('\n');

describe('README architecture sketch', () => {
  it('is found', () => {
    expect(sketch.length).toBeGreaterThan(200);
  });

  it.each(folders('src'))('names src/%s/', (name) => {
    expect(sketch).toContain(`src/${name}/`);
  });

  it.each(folders('dialogs'))('names dialogs/%s/', (name) => {
    expect(dialogsLines.some((line) => new RegExp(`^\\s+${name}/`).test(line))).toBe(true);
  });

  it('names only paths that exist', () => {
    const named = [...sketch.matchAll(/(?:^|\s)((?:src|dialogs|knowledge|test)\/[\w./-]*)/g)].map((m) => (m[1] ?? '').replace(/[.,]$/, ''));
    expect(named.length).toBeGreaterThan(10);
    for (const p of named) expect(fs.existsSync(path.join(ROOT, p)), p).toBe(true);
  });
});

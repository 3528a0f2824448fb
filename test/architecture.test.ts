import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Layers point down: src/ (hosting, infrastructure) may import dialogs/ (conversation logic), never
 * the reverse, so the dialogs can move to another host (the Microsoft 365 Agents SDK) by changing
 * imports only. Read as text: a type-only import counts too.
 */
const ROOT = path.join(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The module specifiers a file imports (static, dynamic and require). */
export function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
}

describe('layers', () => {
  const dialogFiles = sources('dialogs');

  it('finds the dialogs and their imports', () => {
    expect(dialogFiles.length).toBeGreaterThan(30);
    expect(importsOf("import { a } from '../x';\nimport type { B } from \"./y\";\nconst c = require('z');\nimport './side';")).toEqual(['../x', './y', 'z', './side']);
  });

  it.each(dialogFiles)('%s imports nothing from src/', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const intoSrc = importsOf(text).filter((spec) => spec.startsWith('.') && path.normalize(path.join(path.dirname(file), spec)).split(path.sep)[0] === 'src');
    expect(intoSrc).toEqual([]);
  });

  it.each(sources('src').filter((f) => !f.startsWith(path.join('src', 'channels'))))('%s does not import a channel (hosting wires channels, not the core)', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const intoChannels = importsOf(text).filter((spec) => spec.startsWith('.') && path.normalize(path.join(path.dirname(file), spec)).startsWith(path.join('src', 'channels')));
    // The composition roots (app, runtime) and the CLI wire channels; nothing else may.
    if (/^src\/(app|runtime|index)\.ts$|^src\/cli\//.test(file)) return;
    expect(intoChannels).toEqual([]);
  });
});

import { loadKnowledgeBase } from '../kb/loader';
import type { CliIo } from './io';

/** `madoguchi kb check`: validates the knowledge folder for authors. */
export function kbCommand(knowledgeDir: string, args: readonly string[], io: CliIo): number {
  if (args[0] !== 'check') {
    io.err('madoguchi kb: unknown subcommand; use: madoguchi kb check');
    return 2;
  }
  const result = loadKnowledgeBase(knowledgeDir);
  if (!result.ok) {
    result.errors.forEach((e) => io.err(e));
    io.err(`madoguchi kb check: ${result.errors.length} problem(s) in ${knowledgeDir}`);
    return 1;
  }
  const { entries, synonyms } = result.kb;
  io.out(`madoguchi kb check: ok: ${entries.length} entries, ${entries.reduce((n, e) => n + e.alternates.length, 0)} alternates, ${synonyms.length} synonym groups in ${knowledgeDir}`);
  return 0;
}

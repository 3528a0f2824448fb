import type { Config } from '../config';
import { findConflicts, formatConflicts } from '../kb/conflicts';
import { IMPORT_FORMATS, defaultOutDir, importKnowledge, isImportFormat, isProblem } from '../kb/import';
import { loadKnowledgeBase } from '../kb/loader';
import { formatSuggestions, suggestAlternates } from '../kb/suggest';
import { FaqEngine } from '../search/faqEngine';
import { currentStamp, describeSnapshotEvent, hashKnowledgeFolder, knowledgeSnapshotPath, readKnowledgeSnapshot, type SnapshotEvent } from '../search/knowledgeSnapshot';
import type { SharedContainer } from '../storage/sharedContainer';
import { eventLogPlace, readEventLog } from '../telemetry/eventLog';
import type { CliIo } from './io';
import { errorMessage } from '../errors';

const USAGE = `usage: madoguchi kb check
       madoguchi kb build [--out FILE] [--force]
       madoguchi kb import FILE --format ${IMPORT_FORMATS.join('|')} [--out DIR] [--force]
       madoguchi kb suggest [--since YYYY-MM-DD|ISO-TIME] [--json]`;

/** What the kb commands read of the configuration. */
export type KbConfig = Pick<Config, 'knowledgeDir' | 'dataDir'> & { readonly store?: Config['store'] };

/** What `kb suggest` reads besides the configuration; tests pass their own. */
export interface KbSources {
  /** The shared container when config.store is blob; default: opened from config.store. */
  readonly container?: SharedContainer;
}

/**
 * `madoguchi kb …` for authors: `check` validates the knowledge folder and warns of entries that
 * compete, `build` writes the knowledge snapshot the server starts from, `import` converts a QnA Maker / custom question answering export or a CSV into entry
 * files, `suggest` proposes alternates from the event log. Exit codes: 0 done, 1 problems found
 * (or the work failed), 2 a usage error.
 */
export async function kbCommand(args: readonly string[], io: CliIo, config: KbConfig, sources: KbSources = {}): Promise<number> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case 'check':
      return check(config.knowledgeDir, io);
    case 'build':
      return buildSnapshot(rest, io, config);
    case 'import':
      return importCommand(rest, io, config.knowledgeDir);
    case 'suggest':
      return suggest(rest, io, config, sources);
    default:
      io.err(`madoguchi kb: unknown subcommand${subcommand ? ` "${subcommand}"` : ''}\n${USAGE}`);
      return 2;
  }
}

/** Schema first (errors, exit 1); then every phrasing through the search (warnings, exit 0). */
async function check(knowledgeDir: string, io: CliIo): Promise<number> {
  const result = loadKnowledgeBase(knowledgeDir);
  if (!result.ok) {
    result.errors.forEach((e) => io.err(e));
    io.err(`madoguchi kb check: ${result.errors.length} problem(s) in ${knowledgeDir}`);
    return 1;
  }
  const { entries, synonyms } = result.kb;
  io.out(`madoguchi kb check: ok: ${entries.length} entries, ${entries.reduce((n, e) => n + e.alternates.length, 0)} alternates, ${synonyms.length} synonym groups in ${knowledgeDir}`);
  let engine: FaqEngine;
  try {
    engine = await FaqEngine.create({ knowledgeDir });
  } catch (err) {
    io.err(`madoguchi kb check: cannot build the search to look for competing entries: ${errorMessage(err)}`);
    return 1;
  }
  for (const line of formatConflicts(findConflicts(engine))) io.out(line);
  return 0;
}

/**
 * Writes the knowledge snapshot the server loads at start (DATA_DIR/search/knowledge-snapshot.json,
 * or --out): for deployments whose start must not analyze the knowledge base, or whose data folder
 * is prepared at build time. Up to date: says so without loading kuromoji (exit 0). --force
 * rebuilds anyway. The server uses the engine's default analyzer options, and so does this.
 */
async function buildSnapshot(args: readonly string[], io: CliIo, config: KbConfig): Promise<number> {
  const parsed = parseArgs(args, ['--out'], ['--force']);
  const unknown = [...parsed.unknown, ...parsed.positional];
  if (unknown.length > 0) return usage(io, 'build', `unknown argument ${unknown.join(', ')}`);
  const out = parsed.values.get('--out');
  if (out === '') return usage(io, 'build', '--out needs a file');
  const file = out ?? knowledgeSnapshotPath(config.dataDir);
  const force = parsed.flags.has('--force');
  if (!force) {
    const current = readKnowledgeSnapshot(file, currentStamp(hashKnowledgeFolder(config.knowledgeDir)));
    if (current.kind === 'loaded') {
      io.out(`madoguchi kb build: ${file} is up to date (${current.snapshot.knowledge.entries.length} entries)`);
      return 0;
    }
  }
  const events: SnapshotEvent[] = [];
  try {
    await FaqEngine.create({ knowledgeDir: config.knowledgeDir, snapshot: { file, reuse: !force, onEvent: (e) => events.push(e) } });
  } catch (err) {
    io.err(`madoguchi kb build: ${errorMessage(err)}`);
    return 1;
  }
  let code = 0;
  for (const event of events) {
    if (event.kind === 'save-failed') {
      io.err(`madoguchi kb build: ${describeSnapshotEvent(event)}`);
      code = 1;
    } else io.out(`madoguchi kb build: ${describeSnapshotEvent(event)}`);
  }
  return code;
}

async function importCommand(args: readonly string[], io: CliIo, knowledgeDir: string): Promise<number> {
  const parsed = parseArgs(args, ['--format', '--out'], ['--force']);
  if (parsed.unknown.length > 0) return usage(io, 'import', `unknown option ${parsed.unknown.join(', ')}`);
  const { positional } = parsed;
  const format = parsed.values.get('--format');
  const out = parsed.values.get('--out');
  const force = parsed.flags.has('--force');
  if (positional.length !== 1) return usage(io, 'import', positional.length === 0 ? 'give the file to import' : `one file at a time (got ${positional.join(', ')})`);
  if (format === undefined || format === '') return usage(io, 'import', `--format is required: ${IMPORT_FORMATS.join(', ')}`);
  if (!isImportFormat(format)) return usage(io, 'import', `--format must be one of ${IMPORT_FORMATS.join(', ')} (got "${format}")`);
  if (out === '') return usage(io, 'import', '--out needs a folder');
  const file = positional[0] as string;

  const known = loadKnowledgeBase(knowledgeDir);
  const knownIds = known.ok ? new Map(known.kb.entries.map((e) => [e.id, e.source])) : undefined;
  try {
    const result = await importKnowledge({ file, format, outDir: out ?? defaultOutDir(file), force, ...(knownIds ? { knownIds } : {}) });
    const needEditing = result.written.filter((w) => w.problems.length > 0).length;
    io.out(
      result.written.length === 0
        ? `madoguchi kb import: no entry could be written from ${file}`
        : `madoguchi kb import: ${result.written.length} entr${result.written.length === 1 ? 'y' : 'ies'} from ${file} (${format}) written to ${result.outDir}`,
    );
    for (const note of result.notes) io.out(`kb import: ${note.message}`);
    const problems = result.notes.filter(isProblem).length;
    const informational = result.notes.length - problems;
    const summary = [
      problems === 0 ? 'everything was mapped' : `${problems} problem(s) to look at`,
      ...(informational > 0 ? [`${informational} note(s)`] : []),
      ...(needEditing > 0 ? [`${needEditing} entr${needEditing === 1 ? 'y needs' : 'ies need'} editing before \`madoguchi kb check\` accepts ${needEditing === 1 ? 'it' : 'them'}`] : []),
    ];
    io.out(`madoguchi kb import: ${summary.join('; ')}`);
    return problems > 0 || result.written.length === 0 ? 1 : 0;
  } catch (err) {
    io.err(errorMessage(err));
    return 1;
  }
}

async function suggest(args: readonly string[], io: CliIo, config: KbConfig, sources: KbSources): Promise<number> {
  const parsed = parseArgs(args, ['--since'], ['--json']);
  const unknown = [...parsed.unknown, ...parsed.positional];
  if (unknown.length > 0) return usage(io, 'suggest', `unknown argument ${unknown.join(', ')}`);
  const json = parsed.flags.has('--json');
  const sinceArg = parsed.values.get('--since');
  let since: Date | undefined;
  if (sinceArg !== undefined) {
    since = new Date(sinceArg);
    if (!/^\d{4}-\d{2}-\d{2}/.test(sinceArg) || Number.isNaN(since.getTime())) return usage(io, 'suggest', `--since must be a date like 2026-01-31 or an ISO time (got "${sinceArg}")`);
  }
  const kb = loadKnowledgeBase(config.knowledgeDir);
  if (!kb.ok) {
    kb.errors.forEach((e) => io.err(e));
    io.err(`madoguchi kb suggest: the knowledge folder is invalid (${kb.errors.length} problem(s)); run madoguchi kb check`);
    return 1;
  }
  try {
    const { records, skipped } = await readEventLog(eventLogPlace(config, sources.container), since ? { since } : {});
    if (skipped > 0) io.err(`madoguchi kb suggest: skipped ${skipped} unreadable line(s) in the event log`);
    const report = suggestAlternates(records, kb.kb, since ? { since } : {});
    if (json) io.out(JSON.stringify(report));
    else for (const line of formatSuggestions(report)) io.out(line);
    return 0;
  } catch (err) {
    io.err(`madoguchi kb suggest: ${errorMessage(err)}`);
    return 1;
  }
}

function usage(io: CliIo, subcommand: string, problem: string): number {
  io.err(`madoguchi kb ${subcommand}: ${problem}\n${USAGE}`);
  return 2;
}

interface ParsedArgs {
  /** Options with a value (`--out DIR` or `--out=DIR`); '' when the value is missing. */
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
  readonly positional: readonly string[];
  readonly unknown: readonly string[];
}

function parseArgs(args: readonly string[], valueOptions: readonly string[], flagOptions: readonly string[]): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (valueOptions.includes(name)) {
      if (name !== arg) values.set(name, arg.slice(eq + 1));
      else {
        const next = args[i + 1];
        values.set(name, next === undefined || next.startsWith('--') ? '' : next);
        if (next !== undefined && !next.startsWith('--')) i++;
      }
    } else if (flagOptions.includes(arg)) flags.add(arg);
    else if (arg.startsWith('--')) unknown.push(arg);
    else positional.push(arg);
  }
  return { values, flags, positional, unknown };
}

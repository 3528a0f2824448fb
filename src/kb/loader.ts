import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import type { z } from 'zod';
import { faqFrontMatterSchema, questionListSchema, serviceFileSchema, synonymFileSchema, type FaqEntry, type KnowledgeBase } from './schema';
import { errorMessage } from '../errors';

/** Sub-folder of the knowledge folder holding one Markdown file per entry. */
export const FAQ_FOLDER = 'faq';
/** Synonym list inside the knowledge folder. */
export const SYNONYM_FILE = 'synonyms.yaml';
/** Words of topics the help desk does not handle. */
export const OUT_OF_SCOPE_FILE = 'out-of-scope.yaml';
/** Example questions the help desk does not handle (negative examples, like a None intent). */
export const OUT_OF_SCOPE_QUESTIONS_FILE = 'out-of-scope-questions.yaml';
/** The services people sign in to with the account this desk supports (where, not what, a question is about). */
export const SERVICES_FILE = 'services.yaml';

export type LoadResult = { ok: true; kb: KnowledgeBase } | { ok: false; errors: string[] };

function describeIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `knowledge: ${file}: ${field}: ${issue.message}`;
  });
}

function parseEntry(root: string, file: string, errors: string[]): FaqEntry | undefined {
  const relative = path.join(FAQ_FOLDER, file);
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(fs.readFileSync(path.join(root, relative), 'utf8'), {
      engines: { yaml: (text: string) => YAML.parse(text) as object },
    });
  } catch (err) {
    errors.push(`knowledge: ${relative}: front matter is not valid YAML: ${errorMessage(err).split('\n')[0]}`);
    return undefined;
  }
  const front = faqFrontMatterSchema.safeParse(parsed.data);
  if (!front.success) {
    errors.push(...describeIssues(relative, front.error));
    return undefined;
  }
  const answer = parsed.content.trim();
  if (answer === '') {
    errors.push(`knowledge: ${relative}: answer: the Markdown body after the front matter is empty`);
    return undefined;
  }
  if (`${front.data.id}.md` !== path.basename(file)) {
    errors.push(`knowledge: ${relative}: id: "${front.data.id}" does not match the file name`);
    return undefined;
  }
  return { ...front.data, answer, source: relative };
}

function loadWordGroups(root: string, name: string, errors: string[]): string[][] {
  return loadYamlList(root, name, errors, synonymFileSchema);
}

/** An optional YAML list of the knowledge folder, validated; [] when the file is absent or wrong (errors say why). */
function loadYamlList<T>(root: string, name: string, errors: string[], schema: z.ZodType<T[], unknown>): T[] {
  const file = path.join(root, name);
  if (!fs.existsSync(file)) return [];
  let data: unknown;
  try {
    data = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    errors.push(`knowledge: ${name}: not valid YAML: ${errorMessage(err).split('\n')[0]}`);
    return [];
  }
  const list = schema.safeParse(data ?? []);
  if (!list.success) {
    errors.push(...describeIssues(name, list.error));
    return [];
  }
  return list.data;
}

/**
 * Reads and validates the knowledge folder: every entry's front matter (zod), unique ids,
 * `related` ids that exist, and the synonym list. All problems are reported at once.
 */
export function loadKnowledgeBase(root: string): LoadResult {
  const errors: string[] = [];
  const folder = path.join(root, FAQ_FOLDER);
  if (!fs.existsSync(folder)) return { ok: false, errors: [`knowledge: ${folder}: folder not found`] };
  // Authors may group entries in sub-folders (faq/security/…): ids stay unique across all of them.
  const files = (fs.readdirSync(folder, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort();
  const entries: FaqEntry[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const entry = parseEntry(root, file, errors);
    if (!entry) continue;
    const earlier = seen.get(entry.id);
    if (earlier) {
      errors.push(`knowledge: ${entry.source}: id: duplicate id "${entry.id}" (also in ${earlier})`);
      continue;
    }
    seen.set(entry.id, entry.source);
    entries.push(entry);
  }
  for (const entry of entries) {
    for (const related of entry.related) {
      if (!seen.has(related)) errors.push(`knowledge: ${entry.source}: related: unknown id "${related}"`);
      if (related === entry.id) errors.push(`knowledge: ${entry.source}: related: an entry cannot relate to itself`);
    }
  }
  if (files.length === 0) errors.push(`knowledge: ${folder}: no .md entries`);
  const synonyms = loadWordGroups(root, SYNONYM_FILE, errors);
  const outOfScope = loadWordGroups(root, OUT_OF_SCOPE_FILE, errors);
  const outOfScopeQuestions = loadYamlList(root, OUT_OF_SCOPE_QUESTIONS_FILE, errors, questionListSchema);
  const services = loadYamlList(root, SERVICES_FILE, errors, serviceFileSchema);
  if (errors.length > 0) return { ok: false, errors };
  const byId = new Map(entries.map((e) => [e.id, e]));
  return { ok: true, kb: { entries, synonyms, outOfScope, outOfScopeQuestions, services, byId: (id) => byId.get(id) } };
}

/** Default knowledge folder: `knowledge/` at the project root (works from src/ and from dist/src/). */
export function defaultKnowledgeDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'knowledge', FAQ_FOLDER))) return path.join(dir, 'knowledge');
    dir = path.dirname(dir);
  }
  return path.resolve('knowledge');
}

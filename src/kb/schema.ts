import { z } from 'zod';

import { FAQ_ACTIONS } from '../../dialogs/domain';

/** Guided flows an entry can lead to (the domain's literal type, built in dialogs/). */
export { FAQ_ACTIONS, type FaqAction } from '../../dialogs/domain';

/** Fewest alternates an entry may have: fewer cannot cover how people really ask. */
export const MIN_ALTERNATES = 6;

export const faqFrontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case kebab-case, like forgot-password'),
    question: z.string().trim().min(1),
    alternates: z.array(z.string().trim().min(1)).min(MIN_ALTERNATES),
    tags: z.array(z.string().trim().min(1)).default([]),
    related: z.array(z.string()).default([]),
    action: z.enum(FAQ_ACTIONS).optional(),
    links: z.array(z.object({ title: z.string().trim().min(1), url: z.url() }).strict()).default([]),
  })
  .strict();

export type FaqFrontMatter = z.infer<typeof faqFrontMatterSchema>;

/** One knowledge-base entry: front matter plus its Markdown answer. */
export interface FaqEntry extends FaqFrontMatter {
  /** Markdown answer body. */
  readonly answer: string;
  /** File the entry came from, relative to the knowledge folder (for error messages). */
  readonly source: string;
}

/** A list of word groups, canonical word first, each of at least `minWords` words (YAML numbers read as words). */
function wordGroupFileSchema(minWords: number) {
  return z.array(z.array(z.union([z.string(), z.number()]).transform(String)).min(minWords));
}

/** synonyms.yaml and out-of-scope.yaml: a group says which words are one, so it has two at least. */
export const synonymFileSchema = wordGroupFileSchema(2);

/** services.yaml: one service per item, its names (the first is the canonical one); a single name is enough. */
export const serviceFileSchema = wordGroupFileSchema(1);

/** out-of-scope-questions.yaml: one question per item, as people ask it. */
export const questionListSchema = z.array(z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, 'an empty question')));

export interface KnowledgeBase {
  readonly entries: readonly FaqEntry[];
  readonly synonyms: readonly (readonly string[])[];
  /** Word groups of topics the help desk does not handle (knowledge/out-of-scope.yaml). */
  readonly outOfScope: readonly (readonly string[])[];
  /**
   * Questions the help desk does not handle (knowledge/out-of-scope-questions.yaml): a question more like
   * one of these than like any entry is not answered (the policy's out-of-scope margin). Absent: none.
   */
  readonly outOfScopeQuestions?: readonly string[];
  /**
   * The services people sign in to with a Microsoft account (knowledge/services.yaml): a question names
   * them to say where, so they weigh nothing in how much of a question an entry covers. Absent: none.
   */
  readonly services?: readonly (readonly string[])[];
  byId(id: string): FaqEntry | undefined;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir, loadKnowledgeBase } from '../../src/kb/loader';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function entry(id: string, extra: Record<string, string> = {}, body = '回答です。'): string {
  const fields: Record<string, string> = {
    id,
    question: `${id} の質問?`,
    alternates: '[a1, a2, a3, a4, a5, a6]',
    tags: '[タグ]',
    related: '[]',
    ...extra,
  };
  const front = Object.entries(fields)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `---\n${front}\n---\n${body}\n`;
}

function knowledge(files: Record<string, string>, synonyms?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-kb-'));
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'faq'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, 'faq', name), text);
  if (synonyms !== undefined) fs.writeFileSync(path.join(root, 'synonyms.yaml'), synonyms);
  return root;
}

describe('loadKnowledgeBase', () => {
  it('loads the real knowledge base: the 14 seed entries, valid', () => {
    const result = loadKnowledgeBase(defaultKnowledgeDir());
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const ids = result.kb.entries.map((e) => e.id).sort();
    expect(ids).toEqual(
      [
        'account-blocked', 'account-recovery', 'account-vs-email', 'billing-code-not-received', 'captcha', 'change-phone', 'close-hotmail',
        'delete-account', 'forgot-account-name', 'forgot-password', 'merge-accounts', 'security-info-required', 'signup-temporary-problem',
        'weak-password-warning',
      ].sort(),
    );
    for (const e of result.kb.entries) expect(e.alternates.length).toBeGreaterThanOrEqual(6);
    expect(result.kb.byId('forgot-password')?.action).toBe('passwordReset');
    expect(result.kb.byId('account-blocked')?.action).toBe('unblockAccount');
    expect(result.kb.byId('account-recovery')?.action).toBe('recoverAccount');
    expect(result.kb.synonyms.length).toBeGreaterThan(10);
    expect(result.kb.outOfScope.length).toBeGreaterThan(5);
    expect(result.kb.outOfScopeQuestions?.length).toBeGreaterThan(100);
  });

  it('keeps the seed facts in the answers (numbers, conditions)', () => {
    const result = loadKnowledgeBase(defaultKnowledgeDir());
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const answer = (id: string) => result.kb.byId(id)?.answer ?? '';
    expect(answer('close-hotmail')).toMatch(/270/);
    expect(answer('close-hotmail')).toMatch(/10 ?日/);
    expect(answer('close-hotmail')).toMatch(/1 ?年/);
    expect(answer('weak-password-warning')).toMatch(/8 ?文字以上 ?16 ?文字以下/);
    expect(answer('billing-code-not-received')).toContain('@mobile.live.com');
    expect(answer('account-recovery')).toMatch(/d-1/);
    expect(answer('account-recovery')).toMatch(/d-4/);
    expect(answer('account-recovery')).toMatch(/24 ?時間/);
  });

  it('reports a bad field with the file path and the field name', () => {
    const root = knowledge({ 'a.md': entry('a', { alternates: '[one, two]' }) });
    const result = loadKnowledgeBase(root);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.stringMatching(/^knowledge: faq\/a\.md: alternates: /)]);
  });

  it('rejects an unknown action', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': entry('a', { action: 'formatDisk' }) }));
    expect(!result.ok && result.errors[0]).toMatch(/^knowledge: faq\/a\.md: action: /);
  });

  it('rejects unknown front-matter fields (typos like "alternate")', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': entry('a', { alternate: '[x]' }) }));
    expect(!result.ok && result.errors[0]).toMatch(/^knowledge: faq\/a\.md: /);
  });

  it('rejects an id that does not match the file name', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': entry('b') }));
    expect(!result.ok && result.errors).toEqual(['knowledge: faq/a.md: id: "b" does not match the file name']);
  });

  it('rejects duplicate ids across sub-folders', () => {
    const root = knowledge({ 'a.md': entry('a') });
    fs.mkdirSync(path.join(root, 'faq', 'security'));
    fs.writeFileSync(path.join(root, 'faq', 'security', 'a.md'), entry('a'));
    const result = loadKnowledgeBase(root);
    expect(!result.ok && result.errors).toEqual(['knowledge: faq/security/a.md: id: duplicate id "a" (also in faq/a.md)']);
  });

  it('rejects dangling related ids', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': entry('a', { related: '[missing]' }) }));
    expect(!result.ok && result.errors).toEqual(['knowledge: faq/a.md: related: unknown id "missing"']);
  });

  it('rejects an empty answer body', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': entry('a', {}, '') }));
    expect(!result.ok && result.errors).toEqual(['knowledge: faq/a.md: answer: the Markdown body after the front matter is empty']);
  });

  it('reports invalid YAML with the path', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': '---\nid: [unclosed\n---\nbody\n' }));
    expect(!result.ok && result.errors[0]).toMatch(/^knowledge: faq\/a\.md: front matter is not valid YAML/);
  });

  it('validates the synonym file', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': entry('a') }, '- [only-one]\n'));
    expect(!result.ok && result.errors[0]).toMatch(/^knowledge: synonyms\.yaml: 0: /);
  });

  it('loads the out-of-scope questions, and reports a wrong one with the file and position', () => {
    const good = knowledge({ 'a.md': entry('a') });
    fs.writeFileSync(path.join(good, 'out-of-scope-questions.yaml'), '- LINEのパスワードを忘れた\n- 2024\n');
    const loaded = loadKnowledgeBase(good);
    expect(loaded.ok && loaded.kb.outOfScopeQuestions).toEqual(['LINEのパスワードを忘れた', '2024']);
    const bad = knowledge({ 'a.md': entry('a') });
    fs.writeFileSync(path.join(bad, 'out-of-scope-questions.yaml'), '- プリンターが動かない\n- "  "\n- [nested]\n');
    const result = loadKnowledgeBase(bad);
    expect(!result.ok && result.errors).toEqual([expect.stringMatching(/^knowledge: out-of-scope-questions\.yaml: 1: /), expect.stringMatching(/^knowledge: out-of-scope-questions\.yaml: 2: /)]);
    // Absent: none, and the knowledge base is valid.
    const none = loadKnowledgeBase(knowledge({ 'a.md': entry('a') }));
    expect(none.ok && none.kb.outOfScopeQuestions).toEqual([]);
  });

  it('loads the services, a single name being enough, and reports a wrong line with the file and position', () => {
    const good = knowledge({ 'a.md': entry('a') });
    fs.writeFileSync(path.join(good, 'services.yaml'), '- [Outlook, Outlook.com, アウトルック]\n- [Skype]\n');
    const loaded = loadKnowledgeBase(good);
    expect(loaded.ok && loaded.kb.services).toEqual([['Outlook', 'Outlook.com', 'アウトルック'], ['Skype']]);
    const bad = knowledge({ 'a.md': entry('a') });
    fs.writeFileSync(path.join(bad, 'services.yaml'), '- [Outlook]\n- []\n- Skype\n');
    const result = loadKnowledgeBase(bad);
    expect(!result.ok && result.errors).toEqual([expect.stringMatching(/^knowledge: services\.yaml: 1: /), expect.stringMatching(/^knowledge: services\.yaml: 2: /)]);
    const none = loadKnowledgeBase(knowledge({ 'a.md': entry('a') }));
    expect(none.ok && none.kb.services).toEqual([]);
  });

  it('reports every problem at once', () => {
    const result = loadKnowledgeBase(knowledge({ 'a.md': entry('a', { related: '[x]' }), 'b.md': entry('b', { question: '""' }) }));
    expect(!result.ok && result.errors.length).toBe(2);
  });

  it('fails clearly when the folder is missing', () => {
    const result = loadKnowledgeBase('/nonexistent/knowledge');
    expect(!result.ok && result.errors).toEqual(['knowledge: /nonexistent/knowledge/faq: folder not found']);
  });
});

import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlDocument, scriptJson } from '../../src/http/html';

describe('html', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    expect(escapeHtml('パスワードの再設定')).toBe('パスワードの再設定');
  });

  it('writes JSON that cannot close its script element and parses back to the same value', () => {
    const value = { text: '</script><script>alert(1)</script> & 窓口' };
    const json = scriptJson(value);
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('frames a page: Japanese, UTF-8, phone viewport, the title escaped, head and body as given', () => {
    const html = htmlDocument({ title: 'A & B', head: '<meta name="robots" content="noindex">', body: '<p>本文</p>', bodyClass: 'has-"inbox"' });
    expect(html.startsWith('<!doctype html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>A &amp; B</title>\n<meta name="robots" content="noindex">\n</head>\n')).toBe(true);
    expect(html).toContain('<body class="has-&quot;inbox&quot;">\n<p>本文</p>\n</body>\n</html>\n');
    expect(htmlDocument({ title: 't', head: '', body: '' })).toContain('<body>\n');
  });
});

/**
 * What every HTML page this server renders shares (the Web Chat page, the demo reset page): the
 * escaping of text and of JSON in a script element, and the document frame (Japanese, UTF-8,
 * scaled for phones). One module, so a page cannot forget an escape another page has.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text safe in element content and in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON that cannot close the <script> element it sits in. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export interface HtmlPage {
  /** The <title>, as text (escaped here). */
  readonly title: string;
  /** Markup after the title in <head>: meta, links, styles, scripts (escaped by the caller). */
  readonly head: string;
  /** The <body>'s markup (escaped by the caller). */
  readonly body: string;
  /** The <body>'s class attribute, as text (escaped here). Default: none. */
  readonly bodyClass?: string;
}

/** A whole HTML document around a page's head and body. */
export function htmlDocument(page: HtmlPage): string {
  const bodyClass = page.bodyClass ? ` class="${escapeHtml(page.bodyClass)}"` : '';
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
${page.head}
</head>
<body${bodyClass}>
${page.body}
</body>
</html>
`;
}

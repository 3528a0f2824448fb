/** ANSI bold on and off (SGR 1 / 22). */
const BOLD_ON = '\u001b[1m';
const BOLD_OFF = '\u001b[22m';

export interface TerminalMarkdownOptions {
  /** Show **emphasis** and headings in bold with ANSI codes; default false (plain text). */
  color?: boolean;
}

/**
 * The Markdown the bot writes (bold, headings, lists, links), made readable as plain
 * terminal text: markers disappear, links show their address, bullets become 「・」.
 * Not a Markdown parser: the bot's answers use a small, known subset.
 */
export function markdownToTerminal(markdown: string, options: TerminalMarkdownOptions = {}): string {
  const bold = (s: string) => (options.color ? `${BOLD_ON}${s}${BOLD_OFF}` : s);
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) return bold(inline(heading[1] ?? '', bold));
      const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
      if (bullet) return `${bullet[1] ?? ''}・${inline(bullet[2] ?? '', bold)}`;
      return inline(line, bold);
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

function inline(text: string, bold: (s: string) => string): string {
  return text
    .replace(/\[([^\]]+)\]\((\S+?)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_m, a: string | undefined, b: string | undefined) => bold(a ?? b ?? ''))
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1');
}

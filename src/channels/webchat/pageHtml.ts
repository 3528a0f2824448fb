import { messages } from '../../../dialogs/messages';
import { escapeHtml, htmlDocument, scriptJson } from '../../http/html';

/** Locale of the page and of Web Chat's own strings. */
export const PAGE_LOCALE = 'ja-JP';

/** What app.js needs, handed over as a JSON data block (not a script, so the CSP allows it without 'unsafe-inline'). */
export interface PageConfig {
  readonly botName: string;
  readonly locale: string;
  /** Direct Line base path on this server, e.g. /v3/directline. */
  readonly directLinePath: string;
  /** Where the demo inbox polls, or null when the demo account adapter is not active. */
  readonly demoOutboxUrl: string | null;
  /** CSP nonce Web Chat puts on the <style> elements it creates. */
  readonly nonce: string;
  readonly strings: typeof messages.webChatPage;
}


/** id of the demo inbox, which the header's drawer button controls on a phone. */
export const INBOX_ID = 'inbox';

/**
 * The support-site page around Web Chat: header, chat, and the demo inbox when active.
 * The page is exactly one viewport tall (app.css): Web Chat's transcript scrolls inside it, so
 * the send box and the suggested actions stay on screen. On a phone the inbox is a drawer the
 * header's button opens (app.js); on a wider screen it sits beside the chat and the button is hidden.
 */
export function renderPage(config: PageConfig): string {
  const s = config.strings;
  // The aside scrolls on its own, so it is focusable (tabindex="0"): keyboard users can scroll it too.
  const inbox = config.demoOutboxUrl
    ? `
      <aside class="inbox" id="${INBOX_ID}" aria-labelledby="inbox-title" tabindex="0">
        <div class="inbox__header">
          <h2 id="inbox-title">${escapeHtml(s.inbox.title)}</h2>
          <button type="button" class="inbox__close" id="inbox-close" aria-label="${escapeHtml(s.inbox.closeLabel)}">${escapeHtml(s.inbox.close)}</button>
        </div>
        <p class="inbox__description">${escapeHtml(s.inbox.description)}</p>
        <p class="inbox__status" id="inbox-status" role="status">${escapeHtml(s.inbox.empty)}</p>
        <ol class="inbox__list" id="inbox-list"></ol>
      </aside>`
    : '';
  const inboxToggle = config.demoOutboxUrl
    ? `
      <button type="button" class="inbox-toggle" id="inbox-toggle" aria-expanded="false" aria-controls="${INBOX_ID}">${escapeHtml(s.inbox.title)}<span class="inbox-toggle__unread" id="inbox-unread" hidden><span class="visually-hidden">${escapeHtml(s.inbox.unread)}</span></span></button>`
    : '';
  const head = `<meta name="referrer" content="no-referrer">
<link rel="icon" href="/webchat/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/webchat/app.css">
<script type="application/json" id="madoguchi-config">${scriptJson(config)}</script>
<script src="/webchat/vendor/webchat.js" defer></script>
<script src="/webchat/app.js" defer></script>`;
  const body = `
    <header class="site-header">
      <div class="site-header__brand" aria-hidden="true">窓</div>
      <div class="site-header__text">
        <h1 class="site-header__title">${escapeHtml(config.botName)}</h1>
        <p class="site-header__subtitle">${escapeHtml(s.headerSubtitle)}</p>
      </div>${inboxToggle}
    </header>
    <main class="layout">
      <section class="chat" aria-label="${escapeHtml(config.botName)}">
        <p class="chat__notice">${escapeHtml(s.notice)}</p>
        <div id="webchat" class="chat__widget"><p class="chat__status" id="chat-status">${escapeHtml(s.connecting)}</p></div>
        <noscript><p class="chat__status">${escapeHtml(s.noScript)}</p></noscript>
      </section>${inbox}
    </main>`;
  return htmlDocument({ title: s.title, head, body, ...(config.demoOutboxUrl ? { bodyClass: 'has-inbox' } : {}) });
}

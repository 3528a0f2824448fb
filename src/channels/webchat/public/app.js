// madoguchi's support page: starts a conversation on the local Direct Line, renders the real
// Web Chat, and (in the demo) shows the outbox so every flow can be finished in the browser.
// A static file: the page's CSP allows no inline script. Text comes from dialogs/messages.ts
// through the JSON config block the server renders.
(function () {
  'use strict';

  /** How often the demo inbox asks for new messages (ms). */
  var INBOX_POLL_MS = 2000;
  /** Direct Line polling interval (ms); directline-js accepts 200 and more. */
  var DIRECT_LINE_POLL_MS = 1000;
  /** sessionStorage key: the tab's conversation survives a reload until its token expires. */
  var SAVED_KEY = 'madoguchi.conversation';

  var config = JSON.parse(document.getElementById('madoguchi-config').textContent);
  var strings = config.strings;
  var domain = location.origin + config.directLinePath;

  function randomId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  function readSaved() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(SAVED_KEY) || 'null');
      return saved && saved.conversationId && saved.token && saved.userId ? saved : null;
    } catch (e) {
      return null;
    }
  }

  function save(conversation) {
    try {
      sessionStorage.setItem(SAVED_KEY, JSON.stringify(conversation));
    } catch (e) {
      // Storage may be disabled: the conversation then simply does not survive a reload.
    }
  }

  async function postJson(url, token, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    var res = await fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return res.json();
  }

  /** Resumes this tab's conversation when its token still works, else starts a new one. */
  async function conversation() {
    var saved = readSaved();
    if (saved) {
      var res = await fetch(domain + '/conversations/' + encodeURIComponent(saved.conversationId), {
        headers: { Authorization: 'Bearer ' + saved.token },
      });
      if (res.ok) {
        var resumed = await res.json();
        var again = { conversationId: saved.conversationId, token: resumed.token, userId: saved.userId, resumed: true };
        save(again);
        return again;
      }
    }
    var userId = 'web-' + randomId();
    var generated = await postJson(domain + '/tokens/generate', null, { user: { id: userId } });
    var fresh = { conversationId: generated.conversationId, token: generated.token, userId: userId, resumed: false };
    save(fresh);
    return fresh;
  }

  function showChatStatus(text) {
    var host = document.getElementById('webchat');
    host.textContent = '';
    var p = document.createElement('p');
    p.className = 'chat__status';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    host.appendChild(p);
  }

  var store;
  /** This tab's Direct Line connection: its token (refreshed by directline-js) reads this conversation's inbox only. */
  var chatDirectLine;

  async function startChat() {
    if (!window.WebChat) {
      showChatStatus(strings.connectionFailed);
      return;
    }
    var c;
    try {
      c = await conversation();
    } catch (e) {
      showChatStatus(strings.connectionFailed);
      return;
    }
    var directLine = window.WebChat.createDirectLine({
      domain: domain,
      token: c.token,
      conversationId: c.resumed ? c.conversationId : undefined,
      webSocket: false,
      pollingInterval: DIRECT_LINE_POLL_MS,
    });
    chatDirectLine = directLine;
    store = window.WebChat.createStore();
    var host = document.getElementById('webchat');
    host.textContent = '';
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: config.locale,
        userID: c.userId,
        nonce: config.nonce,
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: strings.sendBoxPlaceholder },
        // No typingIndicatorMiddleware on purpose: Web Chat's own indicator shows the `typing`
        // the bot sends while it waits on the account service (the browser test checks it).
        styleOptions: {
          accent: '#0067b8',
          primaryFont: "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic UI', Meiryo, sans-serif",
          botAvatarInitials: '窓',
          userAvatarInitials: '',
          bubbleBorderRadius: 10,
          bubbleFromUserBorderRadius: 10,
          bubbleFromUserBackground: '#e8f1fb',
          bubbleMaxWidth: 640,
          hideUploadButton: true,
          suggestedActionLayout: 'flow',
          suggestedActionBorderRadius: 16,
          sendBoxButtonColor: '#0067b8',
        },
      },
      host,
    );
    var input = sendBoxInput();
    if (input) input.focus();
  }

  /**
   * Web Chat's send box (an input, or a textarea when multi-line): its test id first, then its
   * class, then its accessible role inside the widget, so a restyled Web Chat still matches.
   */
  function sendBoxInput() {
    var host = document.getElementById('webchat');
    return (
      host.querySelector('[data-id="webchat-sendbox-input"]') ||
      host.querySelector('.webchat__send-box-text-box__input, .webchat__send-box-text-area__input') ||
      host.querySelector('.webchat__send-box input[type="text"], .webchat__send-box textarea, [role="form"] textarea, [role="form"] input[type="text"]')
    );
  }

  /**
   * Sets a React-controlled field the way typing does: React ignores a plain `value =` (its
   * tracker sees no change), so the prototype's setter is used, then an `input` event tells
   * Web Chat's onChange (and so its store) about the new value.
   */
  function setFieldValue(field, text) {
    var proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    var setter = Object.getOwnPropertyDescriptor(proto, 'value').set;
    setter.call(field, text);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }

  // ---- demo inbox ----------------------------------------------------------------------

  /** Matches app.css's phone layout, where the inbox is a drawer instead of a side panel. */
  var PHONE = window.matchMedia('(max-width: 760px)');

  function isSafeLink(link) {
    return typeof link === 'string' && (/^https?:\/\//i.test(link) || /^\/(?!\/)/.test(link));
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /**
   * The drawer on a phone: the header's button opens it and focus moves in; its close button,
   * Escape, a tap beside it or focus leaving it close it. On a wider screen the inbox is always
   * shown and none of this applies (the button and the close button are hidden by app.css).
   */
  var drawer = {
    panel: null,
    toggle: null,
    unread: null,
    /** Messages in the outbox when the person last saw the inbox: more than that is new. */
    seen: 0,
    shown: 0,

    init: function () {
      this.panel = document.getElementById('inbox');
      this.toggle = document.getElementById('inbox-toggle');
      this.unread = document.getElementById('inbox-unread');
      if (!this.panel || !this.toggle) return;
      var self = this;
      this.toggle.addEventListener('click', function () {
        if (self.isOpen()) self.close(true);
        else self.open();
      });
      document.getElementById('inbox-close').addEventListener('click', function () { self.close(true); });
      document.addEventListener('keydown', function (e) {
        if (e.key === 'Escape' && self.isOpen()) {
          e.preventDefault();
          self.close(true);
        }
      });
      // A tap on the dimmed chat beside the drawer closes it, like other drawers on phones.
      document.addEventListener('pointerdown', function (e) {
        if (self.isOpen() && !self.panel.contains(e.target) && !self.toggle.contains(e.target)) self.close(false);
      });
      // Tabbing out of the drawer closes it: it never stays open over the chat someone is using.
      this.panel.addEventListener('focusout', function (e) {
        var next = e.relatedTarget;
        if (self.isOpen() && next && !self.panel.contains(next) && next !== self.toggle) self.close(false);
      });
      // Rotating to or from the phone layout: the side panel needs no drawer state.
      PHONE.addEventListener('change', function () {
        if (!PHONE.matches && self.isOpen()) self.close(false);
        self.markSeenIfVisible();
      });
    },

    isOpen: function () {
      return Boolean(this.panel) && this.panel.classList.contains('is-open');
    },

    open: function () {
      this.panel.classList.add('is-open');
      this.toggle.setAttribute('aria-expanded', 'true');
      this.markSeenIfVisible();
      // The panel itself is focusable (it scrolls) and labelled by its heading, which is read first.
      this.panel.focus();
    },

    /** @param returnFocus back to the header's button (Escape, the close button), or leave it where it went. */
    close: function (returnFocus) {
      this.panel.classList.remove('is-open');
      this.toggle.setAttribute('aria-expanded', 'false');
      if (returnFocus) this.toggle.focus();
    },

    /** The inbox shows `count` messages now. */
    update: function (count) {
      this.shown = count;
      if (count < this.seen) this.seen = count;
      this.markSeenIfVisible();
    },

    markSeenIfVisible: function () {
      if (!this.panel) return;
      if (!PHONE.matches || this.isOpen()) this.seen = this.shown;
      if (this.unread) this.unread.hidden = this.shown <= this.seen;
    },
  };

  /**
   * Puts a code into Web Chat's send box and focuses it, so Enter sends it. On a phone the
   * drawer closes first: the send box is under it.
   */
  function typeIntoChat(text) {
    if (drawer.isOpen()) drawer.close(false);
    // Web Chat's own action sets its state; the field follows once React has rendered.
    if (store) store.dispatch({ type: 'WEB_CHAT/SET_SEND_BOX', payload: { text: text } });
    requestAnimationFrame(function () {
      var input = sendBoxInput();
      if (!input) return;
      // Should the store not have reached the field, set it as typing would.
      if (input.value !== text) setFieldValue(input, text);
      input.focus();
      try {
        input.setSelectionRange(text.length, text.length);
      } catch (e) {
        // Some input types have no caret; the value and the focus are what matter.
      }
    });
  }

  /**
   * Who a message went to, as a person reads it: an address or phone number as is, the
   * authenticator app by name (the service's identifier for it means nothing to anyone).
   */
  function recipientLabel(message) {
    if (message.kind === 'authenticator-code' || message.to === 'authenticator-app') return strings.inbox.authenticatorApp;
    return String(message.to);
  }

  function renderMessage(message) {
    var item = element('li', 'inbox__item');
    item.dataset.kind = String(message.kind);
    item.dataset.key = [message.at, message.kind, message.to, message.code, message.link].join('|');
    var head = element('div', 'inbox__head');
    head.appendChild(element('span', 'inbox__kind', strings.inbox.kinds[message.kind] || String(message.kind)));
    var at = new Date(message.at);
    if (!isNaN(at.getTime())) head.appendChild(element('time', 'inbox__time', at.toLocaleTimeString(config.locale)));
    item.appendChild(head);
    if (message.to) item.appendChild(element('div', 'inbox__to', strings.inbox.toPrefix + recipientLabel(message)));
    if (message.ticketId) item.appendChild(element('div', 'inbox__ticket', strings.inbox.ticketPrefix + message.ticketId));
    if (typeof message.code === 'string') {
      var row = element('div', 'inbox__row');
      row.appendChild(element('code', 'inbox__code', message.code));
      var button = element('button', 'inbox__button', strings.inbox.sendToChat);
      button.type = 'button';
      button.addEventListener('click', function () { typeIntoChat(message.code); });
      row.appendChild(button);
      item.appendChild(row);
    }
    if (isSafeLink(message.link)) {
      var link = element('a', 'inbox__link', strings.inbox.openLink);
      link.href = message.link;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      item.appendChild(link);
    }
    return item;
  }

  function startInbox(url) {
    var list = document.getElementById('inbox-list');
    var status = document.getElementById('inbox-status');
    var last = '';
    drawer.init();
    async function poll() {
      // Until the chat is connected there is no conversation, and so nothing of ours to show yet.
      if (!chatDirectLine || !chatDirectLine.token) {
        setTimeout(poll, INBOX_POLL_MS);
        return;
      }
      try {
        var res = await fetch(url, { headers: { Accept: 'application/json', Authorization: 'Bearer ' + chatDirectLine.token }, cache: 'no-store' });
        if (!res.ok) throw new Error('HTTP ' + res.status);
        var text = await res.text();
        if (text !== last) {
          last = text;
          var messages = JSON.parse(text);
          // Re-rendering drops the focus of a button or link in the list: put it back on the
          // same control of the same message (new messages arrive on top, so not by position).
          var focused = list.contains(document.activeElement) ? document.activeElement : null;
          var focusedKey = focused ? focused.closest('.inbox__item').dataset.key : null;
          var focusedClass = focused ? focused.className : '';
          list.textContent = '';
          messages.forEach(function (m) { list.appendChild(renderMessage(m)); });
          status.textContent = messages.length === 0 ? strings.inbox.empty : '';
          status.hidden = messages.length !== 0;
          drawer.update(messages.length);
          if (focused) {
            var item = Array.prototype.find.call(list.children, function (li) { return li.dataset.key === focusedKey; });
            var again = item && item.getElementsByClassName(focusedClass)[0];
            (again || drawer.panel).focus();
          }
        }
      } catch (e) {
        status.hidden = false;
        status.textContent = strings.inbox.unavailable;
      }
      setTimeout(poll, INBOX_POLL_MS);
    }
    poll();
  }

  startChat();
  if (config.demoOutboxUrl) startInbox(config.demoOutboxUrl);
})();

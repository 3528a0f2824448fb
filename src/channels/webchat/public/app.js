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
    host.querySelector('input, textarea') && host.querySelector('input, textarea').focus();
  }

  // ---- demo inbox ----------------------------------------------------------------------

  function isSafeLink(link) {
    return typeof link === 'string' && (/^https?:\/\//i.test(link) || /^\/(?!\/)/.test(link));
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** Puts a code into Web Chat's send box, so the user only has to press Enter. */
  function typeIntoChat(text) {
    if (!store) return;
    store.dispatch({ type: 'WEB_CHAT/SET_SEND_BOX', payload: { text: text } });
    store.dispatch({ type: 'WEB_CHAT/FOCUS_SEND_BOX' });
  }

  function renderMessage(message) {
    var item = element('li', 'inbox__item');
    item.dataset.kind = String(message.kind);
    var head = element('div', 'inbox__head');
    head.appendChild(element('span', 'inbox__kind', strings.inbox.kinds[message.kind] || String(message.kind)));
    var at = new Date(message.at);
    if (!isNaN(at.getTime())) head.appendChild(element('time', 'inbox__time', at.toLocaleTimeString(config.locale)));
    item.appendChild(head);
    if (message.to) item.appendChild(element('div', 'inbox__to', strings.inbox.toPrefix + message.to));
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
    async function poll() {
      try {
        var res = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (!res.ok) throw new Error('HTTP ' + res.status);
        var text = await res.text();
        if (text !== last) {
          last = text;
          var messages = JSON.parse(text);
          list.textContent = '';
          messages.forEach(function (m) { list.appendChild(renderMessage(m)); });
          status.textContent = messages.length === 0 ? strings.inbox.empty : '';
          status.hidden = messages.length !== 0;
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

import { messages } from '../../dialogs/messages';
import { escapeHtml, htmlDocument, scriptJson } from '../http/html';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_KINDS, PASSWORD_MIN_LENGTH, PASSWORD_SYMBOLS, type PasswordProblem } from './passwordPolicy';

/** The demo reset page's HTML. Everything interpolated goes through escapeHtml or safe JSON. */

const text = messages.resetPage;

export type ResetFormProblem = PasswordProblem | 'mismatch' | 'empty';


export function problemText(problem: ResetFormProblem): string {
  switch (problem) {
    case 'too-short':
      return text.problems['too-short'](PASSWORD_MIN_LENGTH);
    case 'too-long':
      return text.problems['too-long'](PASSWORD_MAX_LENGTH);
    case 'too-few-kinds':
      return text.problems['too-few-kinds'](PASSWORD_MIN_KINDS);
    default:
      return text.problems[problem];
  }
}

function layout(title: string, body: string, nonce: string, script = ''): string {
  const head = `<meta name="robots" content="noindex">
<style nonce="${escapeHtml(nonce)}">
body{font-family:system-ui,"Hiragino Sans","Yu Gothic",sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1b1b1b}
label{display:block;margin-top:1rem;font-weight:600}
input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.5rem;padding:.6rem 1.4rem;font-size:1rem;background:#0067b8;color:#fff;border:0;cursor:pointer}
.note{color:#555;font-size:.9rem}
.errors{color:#a4262c;border-left:4px solid #a4262c;padding:.2rem 1rem}
</style>`;
  return htmlDocument({ title, head, body: `<h1>${escapeHtml(title)}</h1>\n${body}\n${script}` });
}

/** The form: two password fields, the policy, and any problems from the last post. */
export function renderResetForm(options: { actionPath: string; nonce: string; problems: readonly ResetFormProblem[] }): string {
  const policy = text
    .policyItems(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_KINDS)
    .map((item) => `<li>${escapeHtml(item)}</li>`)
    .join('');
  const errors = options.problems.map((p) => `<li>${escapeHtml(problemText(p))}</li>`).join('');
  const body = `<p class="note">${escapeHtml(text.demoNote)}</p>
<p>${escapeHtml(text.intro)}</p>
<h2>${escapeHtml(text.policyTitle)}</h2>
<ul>${policy}</ul>
<p class="note">${escapeHtml(text.advice)}</p>
<div id="errors" class="errors" role="alert"${errors ? '' : ' hidden'}><p>${escapeHtml(text.errorTitle)}</p><ul id="error-list">${errors}</ul></div>
<form id="reset-form" method="post" action="${escapeHtml(options.actionPath)}" novalidate>
<label for="newPassword">${escapeHtml(text.newPasswordLabel)}</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
<label for="confirmPassword">${escapeHtml(text.confirmLabel)}</label>
<input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required>
<button type="submit">${escapeHtml(text.submit)}</button>
</form>`;
  const config = {
    min: PASSWORD_MIN_LENGTH,
    max: PASSWORD_MAX_LENGTH,
    kinds: PASSWORD_MIN_KINDS,
    symbols: PASSWORD_SYMBOLS,
    title: text.errorTitle,
    problems: Object.fromEntries((['empty', 'mismatch', 'too-short', 'too-long', 'too-few-kinds', 'invalid-characters'] as const).map((p) => [p, problemText(p)])),
  };
  // The same rule as passwordPolicy.ts, in the browser, so most mistakes never leave the page.
  const script = `<script type="application/json" id="policy">${scriptJson(config)}</script>
<script nonce="${escapeHtml(options.nonce)}">
(function () {
  var cfg = JSON.parse(document.getElementById('policy').textContent);
  var form = document.getElementById('reset-form');
  function problems(p, c) {
    if (p.length === 0) return ['empty'];
    var chars = Array.from(p), kinds = {}, invalid = false, out = [];
    chars.forEach(function (ch) {
      if (ch >= 'A' && ch <= 'Z') kinds.upper = 1;
      else if (ch >= 'a' && ch <= 'z') kinds.lower = 1;
      else if (ch >= '0' && ch <= '9') kinds.digit = 1;
      else if (cfg.symbols.indexOf(ch) >= 0) kinds.symbol = 1;
      else invalid = true;
    });
    if (chars.length < cfg.min) out.push('too-short');
    if (chars.length > cfg.max) out.push('too-long');
    if (Object.keys(kinds).length < cfg.kinds) out.push('too-few-kinds');
    if (invalid) out.push('invalid-characters');
    if (p !== c) out.push('mismatch');
    return out;
  }
  form.addEventListener('submit', function (event) {
    var found = problems(form.elements.newPassword.value, form.elements.confirmPassword.value);
    if (found.length === 0) return;
    event.preventDefault();
    var list = document.getElementById('error-list');
    list.textContent = '';
    found.forEach(function (p) { var li = document.createElement('li'); li.textContent = cfg.problems[p]; list.appendChild(li); });
    document.getElementById('errors').hidden = false;
  });
})();
</script>`;
  return layout(text.title, body, options.nonce, script);
}

export function renderResetSuccess(nonce: string): string {
  return layout(text.successTitle, `<p>${escapeHtml(text.successText)}</p>`, nonce);
}

/** The page for a link that cannot be used: expired, used, or never issued. */
export function renderResetGone(reason: 'expired' | 'used' | 'not-found', nonce: string): string {
  const body = reason === 'expired' ? text.expiredText : reason === 'used' ? text.usedText : text.notFoundText;
  return layout(text.goneTitle, `<p>${escapeHtml(body)}</p><p class="note">${escapeHtml(text.backToChat)}</p>`, nonce);
}

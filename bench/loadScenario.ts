/**
 * What `npm run bench:load` says to the bots, and the pure helpers that judge and summarize
 * it (unit-tested in test/bench/loadScenario.test.ts). No I/O here.
 *
 * The questions were written for this benchmark the way people type them, one per FAQ topic
 * plus two this desk does not handle; none is a copy of a knowledge-base phrasing or of a test
 * fixture (the FAQ engine answers those outright, which would make the turn cheaper than real).
 */

/** Stands for "the code the demo account service just sent to this conversation" in a script. */
export const DEMO_CODE = Symbol('demo code');

/** One thing the user says: a literal text, or the code the demo sent (read from the previous response). */
export type ScriptStep = string | typeof DEMO_CODE;

export interface ConversationScript {
  /** Short name for reports. */
  readonly name: string;
  /** faq: questions answered from the knowledge base; flow: a guided flow against the demo account service. */
  readonly kind: 'faq' | 'flow';
  readonly steps: readonly ScriptStep[];
  /** A flow's last reply must match this (the flow's completion message); undefined for FAQ conversations. */
  readonly completion?: RegExp;
}

/** A dozen realistic questions, some followed by the answer's 「役に立った」 button. */
export const FAQ_QUESTIONS: readonly string[] = [
  'パスワードを忘れました',
  '2段階認証を無効にしたい',
  'アカウントがロックされてしまってサインインできません',
  'マイクロソフトのアカウントをきれいに消してしまいたい',
  '携帯の番号が変わったので登録を更新したい',
  'ホットメールのアドレスだけやめることはできますか',
  'アカウントのIDが思い出せないけどパスワードは分かります',
  '新規登録の画面で文字認証がうまく入力できない',
  '支払い情報を見ようとしたらコードを求められたのに届かない',
  'アカウントを二つ持っているので一本化したい',
  'アカウントを作ろうとすると一時的な問題が発生しましたと出ます',
  'Microsoft アカウントって普通のメールアドレスと何が違うの？',
  'エクセルで表を作る方法を教えて',
];

/** Pressed after some answers: the feedback button every FAQ answer carries. */
export const HELPFUL_BUTTON = '役に立った';

/** The password reset flow's completion (messages.passwordReset.done), as a pattern. */
const PASSWORD_RESET_DONE = /^本人確認ができました。リンクを開いて/;
/** The recovery flow's completion (messages.recovery.submitted), its ticket number normalized or not. */
const RECOVERY_SUBMITTED = /^復旧リクエストを受け付けました。受付番号は \*\*RR-[A-Z0-9#]{8}\*\*/;

/** Every conversation one connection goes through, in order, before starting over with new ids. */
export const CONVERSATION_SCRIPTS: readonly ConversationScript[] = [
  ...FAQ_QUESTIONS.slice(0, 6).map((q, i): ConversationScript => ({ name: `faq-${i + 1}`, kind: 'faq', steps: i % 2 === 0 ? [q, HELPFUL_BUTTON] : [q] })),
  {
    name: 'password-reset-sms',
    kind: 'flow',
    steps: ['パスワードを再設定したいです', 'taro@example.com', 'SMSでお願いします', '090-1234-5678', DEMO_CODE],
    completion: PASSWORD_RESET_DONE,
  },
  ...FAQ_QUESTIONS.slice(6).map((q, i): ConversationScript => ({ name: `faq-${i + 7}`, kind: 'faq', steps: i % 2 === 0 ? [q] : [q, HELPFUL_BUTTON] })),
  {
    name: 'password-reset-app',
    kind: 'flow',
    steps: ['パスワードをリセットしたい', 'スカイプ名は taro_yamada です', 'アプリで', DEMO_CODE],
    completion: PASSWORD_RESET_DONE,
  },
  {
    name: 'account-recovery',
    kind: 'flow',
    steps: [
      'アカウントを取り戻したいです',
      'jiro@example.com',
      'jiro.home@example.org',
      DEMO_CODE,
      '山田',
      '次郎',
      '1990年1月2日',
      '日本',
      '東京都',
      '〒100-0001',
      '旅行の写真、来月の予定',
      '作っていません',
      'tomodachi@example.net',
      'いいえ',
      '送信する',
    ],
    completion: RECOVERY_SUBMITTED,
  },
];

/** Said after the run to every finished conversation: the root's small-talk reply proves no flow is still waiting. */
export const FINAL_CHECK_TEXT = 'こんにちは';

/** The turns of all scripts, in order: what one autocannon connection sends before starting over. */
export interface PlannedTurn {
  readonly script: ConversationScript;
  /** Index of the step in its script. */
  readonly step: number;
}

export function plannedTurns(scripts: readonly ConversationScript[] = CONVERSATION_SCRIPTS): PlannedTurn[] {
  return scripts.flatMap((script) => script.steps.map((_, step): PlannedTurn => ({ script, step })));
}

/** Texts that differ between runs of the same script (ticket numbers), made equal so replies compare. */
export function normalizeReplyText(text: string): string {
  return text.replace(/RR-[A-Z0-9]{8}/g, 'RR-########');
}

/** The texts of the message activities in an expectReplies body ({"activities": [...]}), or undefined when it is not one. */
export function replyTexts(body: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const activities = (parsed as { activities?: unknown }).activities;
  if (!Array.isArray(activities)) return undefined;
  return activities.flatMap((a: unknown) => {
    if (typeof a !== 'object' || a === null) return [];
    const { type, text } = a as { type?: unknown; text?: unknown };
    return type === 'message' ? [typeof text === 'string' ? normalizeReplyText(text) : ''] : [];
  });
}

/** The value at percentile p (0–100) of ascending `sorted` (nearest rank); 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

/** One measured phase of one server. */
export interface PhaseFigures {
  /** Completed requests per second. */
  readonly rps: number;
  /** Latency percentiles in ms. */
  readonly p50: number;
  readonly p99: number;
  /** CPU time of the server process (user + system) per turn, in ms. */
  readonly cpuPerTurnMs: number;
}

/** What one slice of a phase counted (bench/load.ts --slices runs a phase as several, the servers taking turns). */
export interface SliceCounts {
  /** Requests completed. */
  readonly requests: number;
  /** Seconds the slice ran. */
  readonly durationS: number;
  /** Latency of each request, ms. */
  readonly latenciesMs: readonly number[];
  /** CPU time of the server process over the slice, µs. */
  readonly cpuMicros: number;
  /** Turns the server answered over the slice. */
  readonly turns: number;
}

/**
 * The figures of a phase from its slices: throughput over the time they ran together, percentiles
 * of all their latencies, CPU time over all their turns (so a slice with few turns weighs little).
 */
export function phaseFigures(slices: readonly SliceCounts[]): PhaseFigures {
  const sum = (f: (s: SliceCounts) => number) => slices.reduce((n, s) => n + f(s), 0);
  const latencies = slices.flatMap((s) => s.latenciesMs).sort((a, b) => a - b);
  const durationS = sum((s) => s.durationS);
  const turns = sum((s) => s.turns);
  return {
    rps: durationS === 0 ? Number.NaN : sum((s) => s.requests) / durationS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerTurnMs: turns === 0 ? Number.NaN : sum((s) => s.cpuMicros) / 1000 / turns,
  };
}

/** madoguchi ÷ echo for each figure (throughput: higher is better; the others: lower is better). */
export function ratios(madoguchi: PhaseFigures, echo: PhaseFigures): PhaseFigures {
  const div = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
  return { rps: div(madoguchi.rps, echo.rps), p50: div(madoguchi.p50, echo.p50), p99: div(madoguchi.p99, echo.p99), cpuPerTurnMs: div(madoguchi.cpuPerTurnMs, echo.cpuPerTurnMs) };
}

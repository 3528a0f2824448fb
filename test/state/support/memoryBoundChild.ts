/**
 * Run in its own `node --expose-gc` process by memoryBound.test.ts (transpiled to a temporary
 * folder, never into the tree): writes realistic conversation states for many conversations
 * into a BoundedMemoryStorage and prints the RSS, after full collections, as one JSON line.
 * Arguments: conversations, bound (maxItems), checkpoint (conversations written when the first
 * figure after the start is taken).
 */
import { BoundedMemoryStorage } from '../../../src/state/boundedMemoryStorage';

function argument(index: number): number {
  const value = Number(process.argv[2 + index]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`memoryBoundChild: argument ${index + 1} must be a positive integer`);
  return value;
}
const conversations = argument(0);
const bound = argument(1);
const checkpoint = argument(2);

function collectedRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memoryBoundChild: run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().rss;
}

/** Replies as the history keeps them: FAQ answers are long (a few hundred characters), prompts short. */
const BOT_TEXTS = [
  '**パスワードを忘れてしまったのですが?**\n\nパスワードをお忘れになった場合は、次の手順でリセットできます。\n\n1. サインイン画面で「パスワードを忘れた場合」を選びます。\n2. Microsoft アカウントとして使っているメール アドレス、電話番号、または Skype 名を入力します。\n3. 確認コードの受け取り方法を選び、届いたコードを入力します。\n4. 新しいパスワードを入力します。以前に使ったことのないパスワードにしてください。\n\nコードが届かない場合は、迷惑メール フォルダーもご確認ください。それでもリセットできない場合は、アカウントの回復フォームをご利用ください。',
  '**アカウントがブロックされてしまったのですが?**\n\n不正なサインインが疑われる場合など、アカウントを保護するために一時的にブロックされることがあります。\n\n1. サインインすると表示される画面で、SMS を受け取れる電話番号を入力します。\n2. 届いたセキュリティ コードを入力すると、ブロックが解除されます。\n3. 解除できたら、念のためパスワードを変更してください。\n\n電話番号で解除できない場合は、秘密の質問、登録済みのセキュリティ情報、回復コード、回復フォームの順にお試しください。',
  'パスワードをリセットするため、Microsoft アカウントとして使っているメール アドレス、電話番号、または Skype 名を入力してください。',
  '確認コードをどの方法で受け取りますか？ 登録されているメール アドレス、SMS、認証アプリから選んでください。どれも使えない場合は「どれも使えない」とお知らせください。',
  '登録されている連絡先と一致した場合、確認コードを送信しました。届いた 6 桁のコードを入力してください。コードの有効期限は 10 分です。',
  '申し訳ありません。そのご質問には、確実にお答えできる情報が見つかりませんでした。言い換えてもう一度お試しいただくか、下の候補からお選びください。',
];
const USER_TEXTS = ['パスワードを忘れてしまいました', 'アカウントは [メール] です', 'ショートメールでお願いします', 'コードは [コード] です', 'まだ届きません', 'もう一回送ってください'];

/**
 * 10-16 KB of JSON, shaped like what the bot stores per conversation: the dialog stack of a
 * flow in progress, the root dialog's memory and the redacted history (MAX_HISTORY_TURNS = 40
 * turns at most). The stored copy is the storage's own JSON string, built anew for each
 * conversation, so sharing the fixed texts here shares nothing that is kept.
 */
function conversationState(n: number): Record<string, unknown> {
  const id = n.toString(36);
  const turns = [];
  for (let t = 0; t < 36 + (n % 5); t++) {
    const at = `2026-01-01T10:${String(t).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z`;
    turns.push(t % 2 === 0 ? { kind: 'user', at, text: `${USER_TEXTS[(n + t) % USER_TEXTS.length]} (${id})` } : { kind: 'bot', at, text: BOT_TEXTS[(n + t) % BOT_TEXTS.length] });
  }
  return {
    dialogState: {
      dialogStack: [
        { id: 'madoguchi.root', state: { options: {}, values: { instanceId: `root-${id}` }, stepIndex: 1 } },
        {
          id: 'madoguchi.flow.passwordReset',
          state: {
            options: { account: `t***${id}@example.com` },
            values: { instanceId: `flow-${id}`, account: { kind: 'email', masked: `t***${id}@example.com` }, method: 'sms', challengeId: `ch-${id}-${(n * 7919).toString(36)}`, failures: n % 3 },
            stepIndex: 3 + (n % 4),
          },
        },
        { id: 'madoguchi.flow.passwordReset.code', state: { options: { prompt: { text: BOT_TEXTS[3] } }, state: { attemptCount: n % 3 } } },
      ],
    },
    rootMemory: { lastOffer: { kind: 'flow', flow: 'passwordReset', entryId: 'forgot-password' }, misses: n % 2, lastAnswered: [`faq-${n % 200}`, 'forgot-password'] },
    handoffHistory: { turns, maskedAccount: `t***${id}@example.com` },
  };
}

/** Smallest and largest state of the first 1,000 conversations, in bytes of UTF-8 JSON. */
function stateSizes(): { minStateBytes: number; maxStateBytes: number } {
  const sizes = Array.from({ length: 1_000 }, (_, n) => Buffer.byteLength(JSON.stringify(conversationState(n))));
  return { minStateBytes: Math.min(...sizes), maxStateBytes: Math.max(...sizes) };
}

async function main(): Promise<void> {
  const storage = new BoundedMemoryStorage({ maxItems: bound });
  const report: Record<string, number> = { bound, conversations, checkpoint, ...stateSizes(), startRss: collectedRss() };
  for (let n = 0; n < conversations; n++) {
    const key = `msteams/conversations/a:1${n.toString(36).padStart(12, '0')}/`;
    await storage.write({ [key]: conversationState(n) });
    // A later turn of a quarter of them reads the state back (and so makes it recent again).
    if (n % 4 === 0) await storage.read([key]);
    if (n + 1 === checkpoint) report.checkpointRss = collectedRss();
  }
  report.endRss = collectedRss();
  report.size = storage.size;
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

import pino from 'pino';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createEngine } from '../runtime';
import type { FaqEngine } from '../search/faqEngine';
import { askCommand } from './askCommand';
import { evalCommand } from './evalCommand';
import { handoffCommand } from './handoffCommand';
import { kbCommand } from './kbCommand';
import { reportCommand } from './reportCommand';
import { processIo, type CliIo } from './io';

const USAGE = `usage: madoguchi <command>
  ask "質問"            what the bot would answer, for people
  ask --json "質問"     the same as one JSON object
  ask --jsonl           one question per stdin line → one JSON object per line
  eval FILE.jsonl       top-1, top-3, MRR and abstention on {"q","ids"} lines (--json, --failures, --lines=even|odd)
  kb check              validate the knowledge folder; warn of entries that compete
  kb build [--out FILE] [--force]
                        save the knowledge snapshot (analyses) the server starts from
  kb import FILE --format qnamaker|cqa|csv [--out DIR] [--force]
                        QnA Maker / custom question answering TSV export or CSV → entry files
  kb suggest [--since DATE]
                        alternates proposed from the event log, for a person to accept (--json)
  handoff list          handoff tickets, newest first (no personal data in clear; --json)
  handoff show ID       one ticket with the agent's summary (--json)
  handoff dead-letters list
                        tickets the webhook never accepted: id, age, attempts, last error (--json)
  handoff dead-letters retry ID|--all
                        move them back to the outbox, attempts reset (the server resends them)
  report [--since DATE] conversations, containment, deflection, flow completion, helpful ratio,
                        top unanswered questions (--top N, --json)`;

/** Log level of the CLI's operator lines (on stderr) when LOG_LEVEL is unset: only problems. */
const CLI_DEFAULT_LOG_LEVEL = 'warn';

export interface CliDeps {
  /** The engine `ask` and `eval` use (tests share one). Default: built from configuration (src/runtime.ts). */
  readonly engine?: Promise<FaqEngine>;
}

/** Runs one CLI command and returns its exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo, env: Record<string, string | undefined> = process.env, deps: CliDeps = {}): Promise<number> {
  const [command, ...args] = argv;
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.err(loaded.error);
    return 2;
  }
  const { config } = loaded;
  switch (command) {
    case 'kb':
      return kbCommand(args, io, config);
    case 'handoff':
      return handoffCommand(args, io, config);
    case 'report':
      return reportCommand(args, io, config);
    case 'ask':
    case 'eval': {
      // Operator lines (a snapshot rebuilt, and why) go to stderr, never into the command's output.
      const engine = await (deps.engine ?? createEngine(config, createLogger(config.logLevel ?? CLI_DEFAULT_LOG_LEVEL, pino.destination(2))));
      return command === 'ask' ? askCommand(engine, args, io) : evalCommand(engine, args, io);
    }
    case undefined:
    case 'help':
    case '--help':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`madoguchi: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

import { loadConfig } from '../config';
import { FaqEngine } from '../search/faqEngine';
import { askCommand } from './askCommand';
import { evalCommand } from './evalCommand';
import { kbCommand } from './kbCommand';
import { processIo, type CliIo } from './io';

const USAGE = `usage: madoguchi <command>
  ask "質問"            what the bot would answer, for people
  ask --json "質問"     the same as one JSON object
  ask --jsonl           one question per stdin line → one JSON object per line
  eval FILE.jsonl       top-1, top-3, MRR and abstention on {"q","ids"} lines (--json, --failures)
  kb check              validate the knowledge folder`;

/** Runs one CLI command and returns its exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [command, ...args] = argv;
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.err(loaded.error);
    return 2;
  }
  const { config } = loaded;
  switch (command) {
    case 'kb':
      return kbCommand(config.knowledgeDir, args, io);
    case 'ask':
    case 'eval': {
      const engine = await FaqEngine.create({ knowledgeDir: config.knowledgeDir });
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

/** Issue 10 through `npm run chat`: the terminal session registers the dictionary detector too. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startTerminalSession } from '../../../src/channels/terminal/terminalSession';
import { loadConfig } from '../../../src/config';
import { defaultKnowledgeDir } from '../../../src/kb/loader';
import { setPersonNameDetector } from '../../../dialogs/privacy/redact';
import { FaqEngine } from '../../../src/search/faqEngine';
import { EVENT_LOG_DIR, EVENT_LOG_FILE } from '../../../src/telemetry/eventLog';

let dataDir: string | undefined;
afterAll(async () => {
  setPersonNameDetector(undefined);
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('terminal session', () => {
  it('a name nothing introduces and a date typed at the root reach the event log only as [氏名] and [日付]', async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-privacy-terminal-'));
    const loaded = loadConfig({ DATA_DIR: dataDir, HANDOFF_HOURS: 'always' });
    if (!loaded.ok) throw new Error(loaded.error);
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    const session = await startTerminalSession({
      config: loaded.config,
      logger: pino({ level: 'silent' }),
      input,
      output,
      engine: FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() }),
      demo: { minLatencyMs: 0 },
      color: false,
    });
    input.end('冷蔵庫の霜取りの方法を教えて。山田次郎、1990年1月2日生まれです\n');
    await session.finished;
    expect(printed).toContain('山田次郎'); // the chat itself echoes what was typed; only what is stored is redacted
    const raw = await fs.readFile(path.join(dataDir, EVENT_LOG_DIR, EVENT_LOG_FILE), 'utf8');
    expect(raw).toContain('[氏名]、[日付]生まれです');
    for (const value of ['山田', '次郎', '1990']) expect(raw).not.toContain(value);
  });
});

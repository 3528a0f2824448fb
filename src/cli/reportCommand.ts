import type { Config } from '../config';
import { redactDeep } from '../privacy/redact';
import { readEventLog } from '../telemetry/eventLog';
import { DEFAULT_TOP_UNANSWERED, buildReport, formatReport } from '../telemetry/report';
import type { CliIo } from './io';

const USAGE = 'usage: madoguchi report [--since YYYY-MM-DD|ISO-TIME] [--top N] [--json]';

/** `madoguchi report`: deflection figures from the outcome log in dataDir/events, as text or JSON. */
export async function reportCommand(args: readonly string[], io: CliIo, config: Pick<Config, 'dataDir'>): Promise<number> {
  const json = args.includes('--json');
  const sinceArg = valueOf(args, '--since');
  const topArg = valueOf(args, '--top');
  let since: Date | undefined;
  if (sinceArg !== undefined) {
    since = new Date(sinceArg);
    if (!/^\d{4}-\d{2}-\d{2}/.test(sinceArg) || Number.isNaN(since.getTime())) {
      io.err(`madoguchi report: --since must be a date like 2026-01-31 or an ISO time (got "${sinceArg}")\n${USAGE}`);
      return 2;
    }
  }
  const top = topArg === undefined ? DEFAULT_TOP_UNANSWERED : Number(topArg);
  if (!Number.isInteger(top) || top < 1) {
    io.err(`madoguchi report: --top must be a positive integer (got "${topArg}")\n${USAGE}`);
    return 2;
  }
  try {
    const { records, skipped } = await readEventLog(config.dataDir, since ? { since } : {});
    if (skipped > 0) io.err(`madoguchi report: skipped ${skipped} unreadable line(s) in the event log`);
    // Events are redacted when written; redacted again on the way out, as `handoff show` does, so a
    // line written by an older version (before dates and names were redacted) or by hand cannot leak.
    const report = buildReport(records.map((r) => ({ ...r, event: redactDeep(r.event) })), { ...(since ? { since } : {}), top });
    if (json) io.out(JSON.stringify(report));
    else for (const line of formatReport(report)) io.out(line);
    return 0;
  } catch (err) {
    io.err(`madoguchi report: ${(err as Error).message}`);
    return 1;
  }
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1] ?? '';
  const inline = args.find((a) => a.startsWith(`${flag}=`));
  return inline?.slice(flag.length + 1);
}

import type { Config } from '../config';
import { createHandoffStores } from '../handoff/createHandoffProvider';
import { redactDeep } from '../../dialogs/privacy/redact';
import { openSharedContainer, type SharedContainer } from '../storage/sharedContainer';
import { eventLogPlace, readEventLog } from '../telemetry/eventLog';
import { DEFAULT_TOP_UNANSWERED, buildReport, formatReport, type TicketFacts } from '../telemetry/report';
import type { CliIo } from './io';
import { errorMessage } from '../errors';

const USAGE = 'usage: madoguchi report [--since YYYY-MM-DD|ISO-TIME] [--top N] [--json]';

/** What the report reads besides the configuration; tests pass their own. */
export interface ReportSources {
  /** The shared container when config.store is blob; default: opened from config.store. */
  container?: SharedContainer;
  /** The handoff tickets (handoffs whose event a crash lost are counted from them); default: the ticket store config.store names. */
  tickets?: { list(): Promise<readonly TicketFacts[]> };
}

/**
 * `madoguchi report`: deflection figures from the outcome log, as text or JSON. It reads where
 * the server writes: dataDir/events (the current and the rotated files), or with
 * STATE_STORE=blob every instance's batches in the shared container; and the handoff tickets,
 * so a handover whose event was lost in a crash is still counted.
 */
export async function reportCommand(
  args: readonly string[],
  io: CliIo,
  config: Pick<Config, 'dataDir'> & { readonly store?: Config['store'] },
  sources: ReportSources = {},
): Promise<number> {
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
    // One client for the events and the tickets when they live in the shared container.
    const container = sources.container ?? (config.store?.kind === 'blob' ? openSharedContainer(config.store.connectionString, config.store.container) : undefined);
    const { records, skipped } = await readEventLog(eventLogPlace(config, container), since ? { since } : {});
    if (skipped > 0) io.err(`madoguchi report: skipped ${skipped} unreadable line(s) in the event log`);
    const tickets = await readTickets(config, { ...sources, ...(container ? { container } : {}) }, io);
    // Events are redacted when written; redacted again on the way out, as `handoff show` does, so a
    // line written by an older version (before dates and names were redacted) or by hand cannot leak.
    const report = buildReport(
      records.map((r) => ({ ...r, event: redactDeep(r.event) })),
      { ...(since ? { since } : {}), top, tickets },
    );
    if (json) io.out(JSON.stringify(report));
    else for (const line of formatReport(report)) io.out(line);
    return 0;
  } catch (err) {
    io.err(`madoguchi report: ${errorMessage(err)}`);
    return 1;
  }
}

/** The tickets, or none with a warning: the event figures are still worth printing without them. */
async function readTickets(config: Pick<Config, 'dataDir'> & { readonly store?: Config['store'] }, sources: ReportSources, io: CliIo): Promise<readonly TicketFacts[]> {
  try {
    const store = sources.tickets ?? createHandoffStores(config, sources.container).tickets;
    return await store.list();
  } catch (err) {
    io.err(`madoguchi report: could not read the handoff tickets (${errorMessage(err)}); handoffs whose event was lost are not counted`);
    return [];
  }
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1] ?? '';
  const inline = args.find((a) => a.startsWith(`${flag}=`));
  return inline?.slice(flag.length + 1);
}

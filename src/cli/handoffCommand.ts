import type { Config } from '../config';
import { TicketStore, type HandoffTicket } from '../handoff/ticketStore';
import { redactHandoffContext } from '../../dialogs/handoff/handoffContext';
import { redact } from '../privacy/redact';
import type { CliIo } from './io';

const USAGE = 'usage: madoguchi handoff list [--json] | madoguchi handoff show ID [--json]';

/**
 * `madoguchi handoff list|show ID`: operators read the handoff tickets in dataDir/handoff.
 * Tickets are stored redacted; output is redacted again so a hand-edited file cannot leak.
 */
export async function handoffCommand(args: readonly string[], io: CliIo, config: Pick<Config, 'dataDir'>): Promise<number> {
  const json = args.includes('--json');
  const [sub, id] = args.filter((a) => !a.startsWith('--'));
  const store = new TicketStore({ dataDir: config.dataDir });
  try {
    if (sub === 'list') {
      const tickets = await store.list();
      if (json) {
        io.out(JSON.stringify(tickets.map((t) => ({ id: t.id, createdAt: t.createdAt, reason: t.context.reason, account: redactHandoffContext(t.context).account ?? null }))));
        return 0;
      }
      if (tickets.length === 0) {
        io.out(`no handoff tickets in ${store.dir}`);
        return 0;
      }
      for (const t of tickets) io.out(listLine(t));
      return 0;
    }
    if (sub === 'show') {
      if (!id) {
        io.err(`madoguchi handoff: give a ticket number, e.g. madoguchi handoff show MDG-20260101-ABCD\n${USAGE}`);
        return 2;
      }
      const ticket = await store.get(id.toUpperCase());
      if (!ticket) {
        io.err(`madoguchi handoff: no ticket ${id} in ${store.dir}`);
        return 1;
      }
      const safe = { ...ticket, context: redactHandoffContext(ticket.context) };
      if (json) io.out(JSON.stringify(safe, null, 2));
      else for (const line of showLines(safe)) io.out(line);
      return 0;
    }
  } catch (err) {
    io.err(`madoguchi handoff: ${(err as Error).message}`);
    return 1;
  }
  io.err(sub === undefined ? USAGE : `madoguchi handoff: unknown subcommand "${sub}"\n${USAGE}`);
  return 2;
}

function listLine(t: HandoffTicket): string {
  const c = redactHandoffContext(t.context);
  return `${t.id}  ${t.createdAt}  ${c.reason.padEnd(19)}  ${(c.account ?? '-').padEnd(22)}  ${redact(c.questions[0] ?? '')}`;
}

function showLines(t: HandoffTicket): string[] {
  return [
    `ticket:       ${t.id}`,
    `created:      ${t.createdAt}`,
    `reason:       ${t.context.reason}`,
    `conversation: ${t.context.conversation}${t.context.channel ? ` (${t.context.channel})` : ''}`,
    '',
    ...t.context.summary.split('\n'),
  ];
}

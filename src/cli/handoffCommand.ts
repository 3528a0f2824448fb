import { redactHandoffContext } from '../../dialogs/handoff/handoffContext';
import { createHandoffStores, type HandoffStoreConfig } from '../handoff/createHandoffProvider';
import type { HandoffTicket } from '../handoff/ticketStore';
import { DEFAULT_SCAN_INTERVAL_MS } from '../handoff/webhookProvider';
import type { DeadLetter } from '../handoff/webhookOutbox';
import { redact } from '../../dialogs/privacy/redact';
import type { SharedContainer } from '../storage/sharedContainer';
import type { CliIo } from './io';
import { errorMessage } from '../errors';

const USAGE = [
  'usage: madoguchi handoff list [--json] | madoguchi handoff show ID [--json]',
  '       madoguchi handoff dead-letters list [--json] | madoguchi handoff dead-letters retry ID|--all',
].join('\n');

export interface HandoffCommandOptions {
  /** Clock for the age of dead letters (epoch ms); default Date.now. */
  now?: () => number;
  /** The shared blob container, when STATE_STORE=blob; default: opened from config.store. */
  container?: SharedContainer;
}

/**
 * `madoguchi handoff list|show ID|dead-letters list|dead-letters retry ID|--all`: operators read
 * the handoff tickets and the webhook's dead letters where the server keeps them (dataDir, or the
 * shared blob container with STATE_STORE=blob). Tickets are stored redacted; output is redacted
 * again so a hand-edited document cannot leak. Dead letters show only the ticket number, age,
 * attempts and the last error (a status or a network error), never the ticket's content.
 */
export async function handoffCommand(args: readonly string[], io: CliIo, config: HandoffStoreConfig, options: HandoffCommandOptions = {}): Promise<number> {
  const json = args.includes('--json');
  const [sub, id, extra] = args.filter((a) => !a.startsWith('--'));
  if (sub !== 'list' && sub !== 'show' && sub !== 'dead-letters') {
    io.err(sub === undefined ? USAGE : `madoguchi handoff: unknown subcommand "${sub}"\n${USAGE}`);
    return 2;
  }
  if (sub === 'show' && !id) {
    io.err(`madoguchi handoff: give a ticket number, e.g. madoguchi handoff show MDG-20260101-ABCD\n${USAGE}`);
    return 2;
  }
  try {
    const stores = createHandoffStores(config, options.container);
    if (sub === 'list') {
      const { tickets, unreadable } = await stores.tickets.scan();
      for (const u of unreadable) io.err(`madoguchi handoff: unreadable ticket ${u.name} in ${stores.tickets.location}: ${u.problem}`);
      if (json) {
        io.out(JSON.stringify(tickets.map((t) => ({ id: t.id, createdAt: t.createdAt, reason: t.context.reason, account: redactHandoffContext(t.context).account ?? null }))));
        return 0;
      }
      if (tickets.length === 0) {
        io.out(`no handoff tickets in ${stores.tickets.location}`);
        return 0;
      }
      for (const t of tickets) io.out(listLine(t));
      return 0;
    }
    if (sub === 'show') {
      const wanted = (id ?? '').toUpperCase();
      const ticket = await stores.tickets.get(wanted);
      if (!ticket) {
        io.err(`madoguchi handoff: no ticket ${id} in ${stores.tickets.location}`);
        return 1;
      }
      const safe = { ...ticket, context: redactHandoffContext(ticket.context) };
      if (json) io.out(JSON.stringify(safe, null, 2));
      else for (const line of showLines(safe)) io.out(line);
      return 0;
    }
    const now = (options.now ?? Date.now)();
    if (id === 'list') {
      const { letters, unreadable } = await stores.deadLetters.list();
      for (const u of unreadable) io.err(`madoguchi handoff: unreadable dead letter ${u.name} in ${stores.deadLetters.location}: ${u.problem}`);
      if (json) {
        io.out(JSON.stringify(letters.map((l) => ({ id: l.ticketId, queuedAt: new Date(l.queuedAt).toISOString(), deadAt: new Date(l.deadAt).toISOString(), ageMs: Math.max(0, now - l.queuedAt), attempts: l.attempts, lastError: redact(l.lastError) }))));
        return 0;
      }
      if (letters.length === 0) {
        io.out(`no dead letters in ${stores.deadLetters.location}`);
        return 0;
      }
      for (const l of letters) io.out(deadLetterLine(l, now));
      return 0;
    }
    if (id === 'retry') {
      const all = args.includes('--all');
      if (all === (extra !== undefined)) {
        io.err(`madoguchi handoff: dead-letters retry takes one ticket number or --all\n${USAGE}`);
        return 2;
      }
      const ids = all ? (await stores.deadLetters.list()).letters.map((l) => l.ticketId) : [(extra ?? '').toUpperCase()];
      if (ids.length === 0) {
        io.out(`no dead letters in ${stores.deadLetters.location}`);
        return 0;
      }
      let missing = 0;
      for (const ticketId of ids) {
        const outcome = await stores.deadLetters.retry(ticketId, stores.outbox, now);
        if (outcome === 'missing') {
          missing++;
          io.err(`madoguchi handoff: no dead letter ${ticketId} in ${stores.deadLetters.location}`);
        } else if (outcome === 'pending') io.out(`${ticketId}: already waiting in the outbox (dead letter removed)`);
        else io.out(`${ticketId}: back in the outbox, attempts reset`);
      }
      if (missing < ids.length) io.out(`the server delivers them at its next outbox scan (at most ${DEFAULT_SCAN_INTERVAL_MS / 1000} s; only with HANDOFF_PROVIDER=webhook)`);
      return missing > 0 ? 1 : 0;
    }
    io.err(id === undefined ? USAGE : `madoguchi handoff: unknown dead-letters subcommand "${id}"\n${USAGE}`);
    return 2;
  } catch (err) {
    io.err(`madoguchi handoff: ${errorMessage(err)}`);
    return 1;
  }
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

/** `MDG-…  age 1d 2h  attempts 20  HTTP 503`: the age counts from when the ticket was (last) queued. */
function deadLetterLine(l: DeadLetter, now: number): string {
  return `${l.ticketId}  age ${formatAge(now - l.queuedAt).padEnd(8)}  attempts ${String(l.attempts).padEnd(4)}  ${redact(l.lastError)}`;
}

/** A short age for people: 45s, 12m, 3h 20m, 2d 4h. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

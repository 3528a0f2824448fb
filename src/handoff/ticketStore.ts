import { randomInt } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { FLOW_NAMES } from '../../dialogs/domain';
import { redactHandoffContext, type HandoffContext } from '../../dialogs/handoff/handoffContext';
import type { HandoffReason } from '../../dialogs/outcomes';
import { parseDocument, type DocumentStore } from '../storage/documentStore';
import { FileDocumentStore } from '../storage/fileDocumentStore';
import { errorMessage } from '../errors';

/** Folder under dataDir holding one JSON file per ticket (file store). */
export const TICKET_DIR = 'handoff';
/** Ticket numbers: MDG-YYYYMMDD-XXXX, the suffix from an alphabet without 0/O, 1/I/L look-alikes. */
export const TICKET_ID_PATTERN = /^MDG-\d{8}-[2-9A-HJKMNP-Z]{4}$/;
const SUFFIX_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const SUFFIX_LENGTH = 4;
/** Attempts at an unused number before giving up (31^4 ≈ 920k numbers per day). */
export const MAX_ID_ATTEMPTS = 20;
const HANDOFF_REASONS = ['user-request', 'repeated-abstention', 'not-helpful', 'flow-failure'] as const satisfies readonly HandoffReason[];

/** The stored form of a HandoffContext, checked when a ticket is read back (a file may be hand-edited or from an older version). */
export const handoffContextSchema = z.object({
  version: z.literal(1),
  reason: z.enum(HANDOFF_REASONS),
  reasonText: z.string(),
  summary: z.string(),
  conversation: z.string(),
  channel: z.string().optional(),
  createdAt: z.string(),
  account: z.string().optional(),
  questions: z.array(z.string()),
  answers: z.array(z.object({ entryId: z.string(), title: z.string(), helpful: z.boolean().nullable() })),
  unanswered: z.array(z.string()),
  flows: z.array(
    z.object({
      flow: z.enum(FLOW_NAMES),
      title: z.string(),
      status: z.enum(['started', 'completed', 'abandoned']),
      step: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});

export const ticketSchema = z.object({
  id: z.string().regex(TICKET_ID_PATTERN, 'not a ticket number'),
  createdAt: z.iso.datetime(),
  context: handoffContextSchema,
});

// Compile-time checks that the schema and the dialogs' types describe the same things.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reasonsMatch: Same<(typeof HANDOFF_REASONS)[number], HandoffReason> = true;
const contextFits: Same<keyof z.infer<typeof handoffContextSchema>, keyof HandoffContext> = true;
void reasonsMatch;
void contextFits;

/** A stored handoff ticket: its number and the (redacted) context the agent reads. */
export interface HandoffTicket {
  readonly id: string;
  readonly createdAt: string;
  readonly context: HandoffContext;
}

/** A stored document that is not a readable ticket, for the operator; `problem` never quotes the content. */
export interface UnreadableTicket {
  readonly name: string;
  readonly problem: string;
}

export function newTicketId(now: Date, random: (max: number) => number = randomInt): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += SUFFIX_ALPHABET[random(SUFFIX_ALPHABET.length)];
  return `MDG-${day}-${suffix}`;
}

export type TicketStoreOptions = (
  | {
      /** The data folder (config.dataDir); tickets go to dataDir/handoff/<id>.json. */
      dataDir: string;
    }
  | {
      /** Where tickets go (a file folder, or the tickets/ prefix of the shared blob container). */
      documents: DocumentStore;
    }
) & {
  /** Clock; default Date.now. */
  now?: () => number;
  /** Random integer in [0, max) for ticket numbers; default crypto.randomInt (tests force collisions). */
  random?: (max: number) => number;
};

/**
 * Handoff tickets, one JSON document per ticket, in a DocumentStore: durable files on one
 * machine, or blobs every instance shares. A ticket number is taken by creating its document
 * only if absent, so two instances (or two stores in one process) never hand out one number
 * twice, however their creates interleave.
 */
export class TicketStore {
  /** Where tickets are, for messages (a folder, or container/tickets/). */
  readonly location: string;
  private readonly documents: DocumentStore;
  private readonly now: () => number;
  private readonly random: (max: number) => number;

  constructor(options: TicketStoreOptions) {
    this.documents = 'documents' in options ? options.documents : new FileDocumentStore(path.join(options.dataDir, TICKET_DIR));
    this.location = this.documents.location;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? randomInt;
  }

  /** Stores a new ticket under a fresh number. The context is redacted once more on the way in. */
  async create(context: HandoffContext): Promise<HandoffTicket> {
    const createdAt = new Date(this.now());
    const safe = redactHandoffContext(context);
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newTicketId(createdAt, this.random);
      const ticket: HandoffTicket = { id, createdAt: createdAt.toISOString(), context: safe };
      if ((await this.documents.create(documentName(id), `${JSON.stringify(ticket, null, 2)}\n`)) === 'created') return ticket;
    }
    throw new Error(`ticketStore: no free ticket number for ${createdAt.toISOString().slice(0, 10)} after ${MAX_ID_ATTEMPTS} attempts`);
  }

  /** The ticket, or undefined for an unknown or malformed number. Throws "ticketStore: ticket … is unreadable: …" for a damaged one. */
  async get(id: string): Promise<HandoffTicket | undefined> {
    if (!TICKET_ID_PATTERN.test(id)) return undefined;
    const text = await this.documents.get(documentName(id));
    if (text === undefined) return undefined;
    const read = readTicket(id, text);
    if (!read.ok) throw new Error(`ticketStore: ticket ${id} is unreadable: ${read.problem}`);
    return read.ticket;
  }

  /** All readable tickets, newest first (see scan() for the unreadable ones). */
  async list(): Promise<HandoffTicket[]> {
    return (await this.scan()).tickets;
  }

  /** All tickets, newest first, and the ticket documents that could not be read (reported, never fatal). */
  async scan(): Promise<{ tickets: HandoffTicket[]; unreadable: UnreadableTicket[] }> {
    const ids = (await this.documents.list())
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter((id) => TICKET_ID_PATTERN.test(id));
    const tickets: HandoffTicket[] = [];
    const unreadable: UnreadableTicket[] = [];
    await Promise.all(
      ids.map(async (id) => {
        let text: string | undefined;
        try {
          text = await this.documents.get(documentName(id));
        } catch (err) {
          unreadable.push({ name: documentName(id), problem: errorMessage(err) });
          return;
        }
        if (text === undefined) return;
        const read = readTicket(id, text);
        if (read.ok) tickets.push(read.ticket);
        else unreadable.push({ name: documentName(id), problem: read.problem });
      }),
    );
    tickets.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    unreadable.sort((a, b) => a.name.localeCompare(b.name));
    return { tickets, unreadable };
  }
}

function documentName(id: string): string {
  return `${id}.json`;
}

function readTicket(id: string, text: string): { ok: true; ticket: HandoffTicket } | { ok: false; problem: string } {
  const parsed = parseDocument(ticketSchema, text);
  if (!parsed.ok) return parsed;
  if (parsed.value.id !== id) return { ok: false, problem: `it holds ticket ${parsed.value.id}` };
  return { ok: true, ticket: parsed.value };
}

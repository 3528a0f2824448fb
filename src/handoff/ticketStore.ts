import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { redactHandoffContext, type HandoffContext } from '../../dialogs/handoff/handoffContext';
import { writeFileDurably } from './durableFile';

/** Folder under dataDir holding one JSON file per ticket. */
export const TICKET_DIR = 'handoff';
/** Ticket numbers: MDG-YYYYMMDD-XXXX, the suffix from an alphabet without 0/O, 1/I/L look-alikes. */
export const TICKET_ID_PATTERN = /^MDG-\d{8}-[2-9A-HJKMNP-Z]{4}$/;
const SUFFIX_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const SUFFIX_LENGTH = 4;
/** Attempts at an unused number before giving up (31^4 ≈ 920k numbers per day). */
const MAX_ID_ATTEMPTS = 20;

/** A stored handoff ticket: its number and the (redacted) context the agent reads. */
export interface HandoffTicket {
  readonly id: string;
  readonly createdAt: string;
  readonly context: HandoffContext;
}

export function newTicketId(now: Date, random: (max: number) => number = randomInt): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += SUFFIX_ALPHABET[random(SUFFIX_ALPHABET.length)];
  return `MDG-${day}-${suffix}`;
}

export interface TicketStoreOptions {
  /** The data folder (config.dataDir); tickets go to dataDir/handoff/<id>.json. */
  dataDir: string;
  /** Clock; default Date.now. */
  now?: () => number;
}

/** Durable local store of handoff tickets: one fsync'ed JSON file per ticket. */
export class TicketStore {
  readonly dir: string;
  private readonly now: () => number;

  constructor(options: TicketStoreOptions) {
    this.dir = path.join(options.dataDir, TICKET_DIR);
    this.now = options.now ?? Date.now;
  }

  /** Stores a new ticket under a fresh number. The context is redacted once more on the way in. */
  async create(context: HandoffContext): Promise<HandoffTicket> {
    const createdAt = new Date(this.now());
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newTicketId(createdAt);
      if (await this.exists(id)) continue;
      const ticket: HandoffTicket = { id, createdAt: createdAt.toISOString(), context: redactHandoffContext(context) };
      await writeFileDurably(this.file(id), `${JSON.stringify(ticket, null, 2)}\n`);
      return ticket;
    }
    throw new Error(`ticketStore: no free ticket number for ${createdAt.toISOString().slice(0, 10)} after ${MAX_ID_ATTEMPTS} attempts`);
  }

  async get(id: string): Promise<HandoffTicket | undefined> {
    if (!TICKET_ID_PATTERN.test(id)) return undefined;
    try {
      return JSON.parse(await fs.readFile(this.file(id), 'utf8')) as HandoffTicket;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`ticketStore: cannot read ticket ${id}: ${(err as Error).message}`);
    }
  }

  /** All tickets, newest first. */
  async list(): Promise<HandoffTicket[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new Error(`ticketStore: cannot list ${this.dir}: ${(err as Error).message}`);
    }
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).filter((id) => TICKET_ID_PATTERN.test(id));
    const tickets = await Promise.all(ids.map((id) => this.get(id)));
    return tickets.filter((t): t is HandoffTicket => t !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private async exists(id: string): Promise<boolean> {
    try {
      await fs.access(this.file(id));
      return true;
    } catch {
      return false;
    }
  }
}

import path from 'node:path';
import { z } from 'zod';
import { parseDocument, type DocumentStore } from '../storage/documentStore';
import { FileDocumentStore } from '../storage/fileDocumentStore';
import { TICKET_ID_PATTERN } from './ticketStore';
import { errorMessage } from '../errors';

/** Folder under dataDir holding tickets not yet delivered to the webhook (file store). */
export const OUTBOX_DIR = 'handoff-outbox';
/** Folder under dataDir holding tickets the webhook never accepted (file store). */
export const DEAD_LETTER_DIR = 'handoff-dead-letters';

const ticketId = z.string().regex(TICKET_ID_PATTERN, 'not a ticket number');
const epochMs = z.number().int().min(0);

const outboxEntrySchema = z.object({
  ticketId,
  /** The exact body to POST (the signature covers these bytes). */
  body: z.string(),
  /** Attempts made so far (reset when an operator retries a dead letter). */
  attempts: z.number().int().min(0),
  /** Epoch ms of the next attempt. */
  nextAttemptAt: epochMs,
  /** Epoch ms the ticket entered the outbox (or re-entered it from the dead letters): its age counts from here. Older entries lack it. */
  queuedAt: epochMs.optional(),
  /** Last failure (status or network error), for the operator. */
  lastError: z.string().optional(),
  /** The instance delivering it right now (blob mode: several instances scan one outbox). */
  claimedBy: z.string().optional(),
  /** Epoch ms until which that claim holds; after it any instance may take the entry. */
  claimedUntil: epochMs.optional(),
});

/** A ticket waiting for delivery. */
export type OutboxEntry = Readonly<z.infer<typeof outboxEntrySchema>>;

const deadLetterSchema = z.object({
  ticketId,
  body: z.string(),
  /** Attempts made before it was given up. */
  attempts: z.number().int().min(0),
  /** Epoch ms the ticket was (last) queued. */
  queuedAt: epochMs,
  /** Epoch ms it was moved to the dead letters. */
  deadAt: epochMs,
  /** The failure of the last attempt. */
  lastError: z.string(),
});

/** A ticket the webhook never accepted: kept for the operator (`madoguchi handoff dead-letters`). */
export type DeadLetter = Readonly<z.infer<typeof deadLetterSchema>>;

/** An outbox entry with the document version a claim or an update compares against. */
export interface VersionedEntry {
  readonly entry: OutboxEntry;
  readonly version: string;
}

/** A stored document that is not a readable entry; `problem` never quotes the content. */
export interface UnreadableEntry {
  readonly name: string;
  readonly problem: string;
}

/** 'claimed': this instance may deliver it (under `version`); 'taken': someone else claimed, changed or removed it first. */
export type ClaimOutcome = { readonly kind: 'claimed'; readonly entry: OutboxEntry; readonly version: string } | { readonly kind: 'taken' };

function documentName(id: string): string {
  return `${id}.json`;
}

/** Entries written before queuedAt existed: their age counts from the ticket's creation, as the body says. */
function withQueuedAt(entry: z.infer<typeof outboxEntrySchema>): OutboxEntry {
  if (entry.queuedAt !== undefined) return entry;
  const parsed = parseDocument(z.object({ createdAt: z.iso.datetime() }), entry.body);
  return { ...entry, queuedAt: parsed.ok ? Date.parse(parsed.value.createdAt) : entry.nextAttemptAt };
}

/**
 * Tickets waiting for webhook delivery, one JSON document per ticket, removed once delivered.
 * Entries are claimed before an attempt with a compare-and-swap on the document's version (a
 * conditional blob write in blob mode), so two instances scanning one outbox never deliver one
 * entry at the same time; a claim expires, so an entry whose instance died is taken over.
 */
export class WebhookOutbox {
  /** Where entries are, for messages. */
  readonly location: string;

  constructor(private readonly documents: DocumentStore) {
    this.location = documents.location;
  }

  /** The outbox under dataDir/handoff-outbox. */
  static inDataDir(dataDir: string): WebhookOutbox {
    return new WebhookOutbox(new FileDocumentStore(path.join(dataDir, OUTBOX_DIR)));
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.documents.put(documentName(entry.ticketId), `${JSON.stringify(entry)}\n`);
  }

  /** Adds an entry unless one for that ticket is pending already ('exists'). */
  async create(entry: OutboxEntry): Promise<'created' | 'exists'> {
    return this.documents.create(documentName(entry.ticketId), `${JSON.stringify(entry)}\n`);
  }

  async remove(ticketId: string): Promise<void> {
    await this.documents.remove(documentName(ticketId));
  }

  /** Pending entries, oldest ticket first; unreadable documents are reported, not dropped. */
  async list(): Promise<{ entries: VersionedEntry[]; unreadable: UnreadableEntry[] }> {
    const names = (await this.documents.list()).filter((n) => n.endsWith('.json')).sort();
    const entries: VersionedEntry[] = [];
    const unreadable: UnreadableEntry[] = [];
    for (const name of names) {
      try {
        const document = await this.documents.read(name);
        // Removed between list and read: delivered meanwhile, not an error.
        if (!document) continue;
        const parsed = parseDocument(outboxEntrySchema, document.text);
        if (!parsed.ok) unreadable.push({ name, problem: parsed.problem });
        else if (documentName(parsed.value.ticketId) !== name) unreadable.push({ name, problem: `it holds ticket ${parsed.value.ticketId}` });
        else entries.push({ entry: withQueuedAt(parsed.value), version: document.version });
      } catch (err) {
        unreadable.push({ name, problem: errorMessage(err) });
      }
    }
    entries.sort((a, b) => (a.entry.queuedAt ?? 0) - (b.entry.queuedAt ?? 0) || a.entry.ticketId.localeCompare(b.entry.ticketId));
    return { entries, unreadable };
  }

  /** Claims an entry read at `version` for `claimMs` from `now`: only one claimant can win one version. */
  async claim(found: VersionedEntry, claimant: string, now: number, claimMs: number): Promise<ClaimOutcome> {
    const entry: OutboxEntry = { ...found.entry, claimedBy: claimant, claimedUntil: now + claimMs };
    const name = documentName(entry.ticketId);
    const replaced = await this.documents.replace(name, `${JSON.stringify(entry)}\n`, found.version);
    // The version after the claim: the update after the attempt checks nobody took the entry over meanwhile.
    return replaced.kind === 'replaced' ? { kind: 'claimed', entry, version: replaced.version } : { kind: 'taken' };
  }

  /** Writes the entry after a failed attempt, unless another instance took it over since `version` ('changed'). */
  async update(entry: OutboxEntry, version: string): Promise<'replaced' | 'changed'> {
    return (await this.documents.replace(documentName(entry.ticketId), `${JSON.stringify(entry)}\n`, version)).kind;
  }
}

/**
 * Tickets the webhook never accepted (too many attempts, or too old): one JSON document per
 * ticket with its last error, until an operator retries them (`madoguchi handoff dead-letters
 * retry`), which moves them back to the outbox with their attempts reset.
 */
export class DeadLetterQueue {
  /** Where dead letters are, for messages. */
  readonly location: string;

  constructor(private readonly documents: DocumentStore) {
    this.location = documents.location;
  }

  /** The dead letters under dataDir/handoff-dead-letters. */
  static inDataDir(dataDir: string): DeadLetterQueue {
    return new DeadLetterQueue(new FileDocumentStore(path.join(dataDir, DEAD_LETTER_DIR)));
  }

  async put(letter: DeadLetter): Promise<void> {
    await this.documents.put(documentName(letter.ticketId), `${JSON.stringify(letter)}\n`);
  }

  /** The dead letter, undefined when there is none; throws "webhookOutbox: dead letter … is unreadable: …" for a damaged one. */
  async get(ticketId: string): Promise<DeadLetter | undefined> {
    if (!TICKET_ID_PATTERN.test(ticketId)) return undefined;
    const text = await this.documents.get(documentName(ticketId));
    if (text === undefined) return undefined;
    const parsed = parseDocument(deadLetterSchema, text);
    if (!parsed.ok) throw new Error(`webhookOutbox: dead letter ${ticketId} is unreadable: ${parsed.problem}`);
    return parsed.value;
  }

  async remove(ticketId: string): Promise<void> {
    await this.documents.remove(documentName(ticketId));
  }

  /** All dead letters, oldest first; unreadable documents are reported. */
  async list(): Promise<{ letters: DeadLetter[]; unreadable: UnreadableEntry[] }> {
    const names = (await this.documents.list()).filter((n) => n.endsWith('.json')).sort();
    const letters: DeadLetter[] = [];
    const unreadable: UnreadableEntry[] = [];
    for (const name of names) {
      try {
        const text = await this.documents.get(name);
        if (text === undefined) continue;
        const parsed = parseDocument(deadLetterSchema, text);
        if (!parsed.ok) unreadable.push({ name, problem: parsed.problem });
        else if (documentName(parsed.value.ticketId) !== name) unreadable.push({ name, problem: `it holds ticket ${parsed.value.ticketId}` });
        else letters.push(parsed.value);
      } catch (err) {
        unreadable.push({ name, problem: errorMessage(err) });
      }
    }
    letters.sort((a, b) => a.queuedAt - b.queuedAt || a.ticketId.localeCompare(b.ticketId));
    return { letters, unreadable };
  }

  /**
   * Moves a dead letter back to the outbox, due now, attempts reset and its age counted afresh
   * (so the retried ticket gets the full HANDOFF_WEBHOOK_MAX_AGE_MS again). 'pending': the outbox
   * already had that ticket (the dead letter is removed: one pending copy is enough).
   */
  async retry(ticketId: string, outbox: WebhookOutbox, now: number): Promise<'moved' | 'pending' | 'missing'> {
    const letter = await this.get(ticketId);
    if (!letter) return 'missing';
    const created = await outbox.create({ ticketId: letter.ticketId, body: letter.body, attempts: 0, nextAttemptAt: now, queuedAt: now, lastError: letter.lastError });
    await this.remove(ticketId);
    return created === 'created' ? 'moved' : 'pending';
  }
}

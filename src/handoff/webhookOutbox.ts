import { promises as fs } from 'node:fs';
import path from 'node:path';
import { removeFileDurably, writeFileDurably } from './durableFile';

/** Folder under dataDir holding tickets not yet delivered to the webhook. */
export const OUTBOX_DIR = 'handoff-outbox';

/** A ticket waiting for delivery: the exact body to POST (the signature covers these bytes). */
export interface OutboxEntry {
  readonly ticketId: string;
  readonly body: string;
  readonly attempts: number;
  /** Epoch ms of the next attempt. */
  readonly nextAttemptAt: number;
  /** Last failure (status or network error), for the operator. */
  readonly lastError?: string;
}

/** Durable outbox: one fsync'ed JSON file per pending ticket, removed once delivered. */
export class WebhookOutbox {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, OUTBOX_DIR);
  }

  async put(entry: OutboxEntry): Promise<void> {
    await writeFileDurably(this.file(entry.ticketId), `${JSON.stringify(entry)}\n`);
  }

  async remove(ticketId: string): Promise<void> {
    await removeFileDurably(this.file(ticketId));
  }

  /** Pending entries, oldest ticket first; unreadable files are reported, not dropped. */
  async list(): Promise<{ entries: OutboxEntry[]; unreadable: string[] }> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: [] };
      throw err;
    }
    const entries: OutboxEntry[] = [];
    const unreadable: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
      try {
        const entry = JSON.parse(await fs.readFile(path.join(this.dir, name), 'utf8')) as OutboxEntry;
        if (typeof entry.ticketId === 'string' && typeof entry.body === 'string') entries.push(entry);
        else unreadable.push(name);
      } catch (err) {
        // A file removed between readdir and read was delivered meanwhile: not an error.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(name);
      }
    }
    return { entries, unreadable };
  }

  private file(ticketId: string): string {
    return path.join(this.dir, `${ticketId}.json`);
  }
}

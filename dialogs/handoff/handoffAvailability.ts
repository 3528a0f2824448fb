/**
 * When a person reads handoff tickets (issue 8). The coordinator asks before it tells the
 * user what happens next, so a ticket created at night does not promise a contact "now".
 * The business-hours implementation lives in src/handoff/businessHours.ts.
 */

/** A wall-clock time in the desk's time zone (not an instant): what the user is told. */
export interface LocalDateTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  /** 0 = Sunday … 6 = Saturday, as Date#getDay. */
  readonly weekday: number;
  /** 0–23. */
  readonly hour: number;
  /** 0–59. */
  readonly minute: number;
}

export type Availability =
  /** A person reads tickets now. */
  | { readonly open: true }
  /** Nobody does; `opensAt` is when someone will (absent when no opening is scheduled within a year). */
  | { readonly open: false; readonly opensAt?: LocalDateTime };

export interface HandoffAvailability {
  /** Whether a person reads tickets at `now`, and if not, from when. */
  at(now: Date): Availability;
}

/** The default: someone is always there (a desk without configured hours, and the tests). */
export const ALWAYS_AVAILABLE: HandoffAvailability = { at: () => ({ open: true }) };

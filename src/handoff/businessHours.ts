import type { Availability, HandoffAvailability, LocalDateTime } from '../../dialogs/handoff/handoffAvailability';
import { isoDate, japaneseHolidays } from './japaneseHolidays';

/**
 * When a person reads handoff tickets (issue 8): weekly opening hours in one time zone,
 * closed on holidays. Pure: the caller passes the instant, and answers are wall-clock times
 * of the desk's zone (Intl.DateTimeFormat), which is what the user is told.
 */

/** 平日 9:00–18:00 (HANDOFF_HOURS). */
export const DEFAULT_HANDOFF_HOURS = 'mon-fri 09:00-18:00';
/** DEFAULT_HANDOFF_HOURS parsed (a test checks they agree). */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = { kind: 'windows', windows: [{ days: [1, 2, 3, 4, 5], start: 9 * 60, end: 18 * 60 }] };
/** The desk's time zone (HANDOFF_TIMEZONE). */
export const DEFAULT_HANDOFF_TIMEZONE = 'Asia/Tokyo';
/** In HANDOFF_HOURS: a person is always there, holidays included. */
export const ALWAYS_OPEN = 'always';
/** In HANDOFF_HOLIDAYS: the Japanese public holidays of every year, computed (japaneseHolidays.ts). */
export const JAPANESE_HOLIDAYS = 'jp';
/** HANDOFF_HOLIDAYS=none: no holidays at all. */
export const NO_HOLIDAYS = 'none';
/** HANDOFF_HOLIDAYS when unset. */
export const DEFAULT_HANDOFF_HOLIDAYS = JAPANESE_HOLIDAYS;
/** How far ahead the next opening is looked for: over a year, so even a yearly opening day is found. */
export const MAX_LOOKAHEAD_DAYS = 400;

/** Day names in HANDOFF_HOURS, indexed like Date#getDay (0 = Sunday). */
export const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTES_PER_DAY = 24 * 60;

/** One opening: on these weekdays, from `start` to `end` (minutes after midnight, end exclusive). */
export interface OpeningWindow {
  readonly days: readonly number[];
  readonly start: number;
  readonly end: number;
}

export type WeeklyHours = { readonly kind: 'always' } | { readonly kind: 'windows'; readonly windows: readonly OpeningWindow[] };

/** Days nobody works, on top of the weekly hours. */
export interface HolidayCalendar {
  /** The Japanese public holidays of every year (HANDOFF_HOLIDAYS contains `jp`). */
  readonly japanese: boolean;
  /** Single days, yyyy-mm-dd. */
  readonly dates: readonly string[];
  /** Days closed every year, mm-dd (年末年始 for example). */
  readonly everyYear: readonly string[];
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const HOURS_SHAPE = 'must be like "mon-fri 09:00-18:00" (several rules separated by ";", or "always")';

/**
 * Reads HANDOFF_HOURS: `always`, or rules separated by `;`, each `DAYS HH:MM-HH:MM` where DAYS
 * is a day (`mon`), a range (`mon-fri`, wrapping allowed: `fri-mon`) or a comma list of those.
 * Errors are phrases that follow the variable's name in config's one-line message.
 */
export function parseWeeklyHours(text: string): Parsed<WeeklyHours> {
  const normalized = text.trim().toLowerCase();
  if (normalized === ALWAYS_OPEN) return { ok: true, value: { kind: 'always' } };
  const windows: OpeningWindow[] = [];
  for (const rule of normalized.split(';').map((r) => r.trim())) {
    const match = /^([a-z,\s-]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(rule);
    if (!match) return { ok: false, error: HOURS_SHAPE };
    const [, dayText = '', startText = '', endText = ''] = match;
    const days = parseDays(dayText);
    if (!days.ok) return days;
    const start = minutesOf(startText);
    const end = minutesOf(endText);
    if (start === undefined || start === MINUTES_PER_DAY) return { ok: false, error: `has a time that is not HH:MM from 00:00 to 23:59 ("${startText}")` };
    if (end === undefined) return { ok: false, error: `has a time that is not HH:MM from 00:00 to 24:00 ("${endText}")` };
    if (end <= start) return { ok: false, error: `has an opening that does not end after it starts ("${startText}-${endText}"; write hours past midnight as a second rule)` };
    windows.push({ days: days.value, start, end });
  }
  return { ok: true, value: { kind: 'windows', windows } };
}

function parseDays(text: string): Parsed<number[]> {
  const days = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const [from, to, extra] = part.split('-').map((d) => d.trim());
    const first = dayIndex(from);
    const last = to === undefined ? first : dayIndex(to);
    if (first === undefined || last === undefined || extra !== undefined) {
      const unknown = [from, to].find((d) => d !== undefined && dayIndex(d) === undefined) ?? part;
      return { ok: false, error: `has an unknown day "${unknown}" (use ${DAY_NAMES.slice(1).join(', ')} or sun, or a range such as mon-fri)` };
    }
    for (let d = first; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === last) break;
    }
  }
  return { ok: true, value: [...days].sort((a, b) => a - b) };
}

function dayIndex(name: string | undefined): number | undefined {
  const index = DAY_NAMES.findIndex((d) => d === name);
  return index >= 0 ? index : undefined;
}

/** HH:MM to minutes after midnight; 24:00 is allowed (the end of the day). */
function minutesOf(text: string): number | undefined {
  const [h, m] = text.split(':').map(Number);
  if (h === undefined || m === undefined || !Number.isInteger(h) || !Number.isInteger(m) || m > 59 || h > 24 || (h === 24 && m > 0)) return undefined;
  return h * 60 + m;
}

/**
 * Reads HANDOFF_HOLIDAYS: comma-separated `yyyy-mm-dd` (one day), `mm-dd` (every year), `jp`
 * (the Japanese public holidays, computed) or `none` alone. Setting it replaces the default
 * `jp`, so keep `jp` in the list to add days to the public holidays.
 */
export function parseHolidays(text: string): Parsed<HolidayCalendar> {
  const items = text.split(',').map((i) => i.trim().toLowerCase()).filter((i) => i !== '');
  if (items.length === 1 && items[0] === NO_HOLIDAYS) return { ok: true, value: { japanese: false, dates: [], everyYear: [] } };
  let japanese = false;
  const dates: string[] = [];
  const everyYear: string[] = [];
  for (const item of items) {
    if (item === JAPANESE_HOLIDAYS) {
      japanese = true;
      continue;
    }
    const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(item);
    const yearly = /^(\d{2})-(\d{2})$/.exec(item);
    if (full && validDate(Number(full[1]), Number(full[2]), Number(full[3]))) dates.push(item);
    // 2024 is a leap year: 02-29 is a valid every-year day (it applies in leap years).
    else if (yearly && validDate(2024, Number(yearly[1]), Number(yearly[2]))) everyYear.push(item);
    else return { ok: false, error: `has "${item}", which is not a date (use yyyy-mm-dd, mm-dd for every year, ${JAPANESE_HOLIDAYS} for the Japanese public holidays, or ${NO_HOLIDAYS})` };
  }
  return { ok: true, value: { japanese, dates, everyYear } };
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** True for a time zone Intl knows (an IANA name such as Asia/Tokyo, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export interface BusinessHoursOptions {
  /** When a person is there in an ordinary week (parseWeeklyHours; default DEFAULT_HANDOFF_HOURS). */
  hours?: WeeklyHours;
  /** The desk's IANA time zone (default DEFAULT_HANDOFF_TIMEZONE). */
  timeZone?: string;
  /** Days closed all day (parseHolidays; default the Japanese public holidays). */
  holidays?: HolidayCalendar;
}

interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
}

/** The desk's opening hours: answers "open now?" and "from when?" for the handoff coordinator. */
export class BusinessHours implements HandoffAvailability {
  private readonly hours: WeeklyHours;
  private readonly holidays: HolidayCalendar;
  private readonly format: Intl.DateTimeFormat;

  constructor(options: BusinessHoursOptions = {}) {
    const timeZone = options.timeZone ?? DEFAULT_HANDOFF_TIMEZONE;
    if (!isTimeZone(timeZone)) throw new RangeError(`businessHours: unknown time zone "${timeZone}"`);
    this.hours = options.hours ?? DEFAULT_WEEKLY_HOURS;
    this.holidays = options.holidays ?? { japanese: true, dates: [], everyYear: [] };
    this.format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  }

  at(now: Date): Availability {
    if (this.hours.kind === 'always') return { open: true };
    const local = this.localTime(now);
    const minute = local.hour * 60 + local.minute;
    for (let offset = 0; offset <= MAX_LOOKAHEAD_DAYS; offset++) {
      const day = addDays(local, offset);
      if (this.isHoliday(day)) continue;
      const starts = this.hours.windows.filter((w) => w.days.includes(day.weekday)).sort((a, b) => a.start - b.start);
      for (const window of starts) {
        if (offset === 0 && minute >= window.end) continue;
        if (offset === 0 && minute >= window.start) return { open: true };
        return { open: false, opensAt: { ...day, hour: Math.floor(window.start / 60), minute: window.start % 60 } };
      }
    }
    return { open: false };
  }

  /** The wall-clock time of `now` in the desk's zone. */
  localTime(now: Date): LocalDateTime {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const p of this.format.formatToParts(now)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const { year = 1970, month = 1, day = 1, hour = 0, minute = 0 } = parts;
    return { year, month, day, weekday: weekdayOf(year, month, day), hour, minute };
  }

  /** Closed all day: a listed date, a yearly one, or a Japanese public holiday when `jp` is on. */
  isHoliday(day: { year: number; month: number; day: number }): boolean {
    const date = isoDate(day.year, day.month, day.day);
    if (this.holidays.dates.includes(date) || this.holidays.everyYear.includes(date.slice(5))) return true;
    if (!this.holidays.japanese) return false;
    try {
      return japaneseHolidays(day.year).includes(date);
    } catch {
      // A year the rules do not cover (before 2022 or after 2099): only the listed days count.
      return false;
    }
  }
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function addDays(from: { year: number; month: number; day: number }, days: number): CalendarDay {
  const d = new Date(Date.UTC(from.year, from.month - 1, from.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import {
  BusinessHours,
  DEFAULT_HANDOFF_HOURS,
  DEFAULT_WEEKLY_HOURS,
  isTimeZone,
  parseHolidays,
  parseWeeklyHours,
  type BusinessHoursOptions,
  type HolidayCalendar,
  type WeeklyHours,
} from '../../src/handoff/businessHours';

function hours(text: string): WeeklyHours {
  const parsed = parseWeeklyHours(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function holidays(text: string): HolidayCalendar {
  const parsed = parseHolidays(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** 'open', or the opening as the user reads it (messages.handoff.afterHours.opening), or 'closed, no opening'. */
function answer(options: BusinessHoursOptions, iso: string): string {
  const availability = new BusinessHours(options).at(new Date(iso));
  if (availability.open) return 'open';
  return availability.opensAt ? messages.handoff.afterHours.opening(availability.opensAt) : 'closed, no opening';
}

describe('BusinessHours.at with the defaults (平日 9:00–18:00 JST, Japanese public holidays)', () => {
  it.each([
    ['a weekday morning', '2025-11-27T10:00:00+09:00', 'open'],
    ['09:00 sharp opens', '2025-11-27T09:00:00+09:00', 'open'],
    ['17:59 is still open', '2025-11-27T17:59:00+09:00', 'open'],
    ['18:00 sharp is closed: the next morning', '2025-11-26T18:00:00+09:00', '11月27日(木) 9:00'],
    ['a weekday evening: the next morning', '2025-11-26T20:30:00+09:00', '11月27日(木) 9:00'],
    ['before opening: the same day', '2025-11-27T07:30:00+09:00', '11月27日(木) 9:00'],
    ['after midnight, read in Tokyo time although the instant is the previous day in UTC', '2025-11-26T16:30:00Z', '11月27日(木) 9:00'],
    ['Friday night: Monday', '2025-11-28T19:00:00+09:00', '12月1日(月) 9:00'],
    ['Saturday: Monday', '2025-11-29T12:00:00+09:00', '12月1日(月) 9:00'],
    ['a public holiday on a weekday (振替休日 of 勤労感謝の日)', '2025-11-24T10:00:00+09:00', '11月25日(火) 9:00'],
    ['Friday before a long weekend: after the holiday Monday', '2025-11-21T18:30:00+09:00', '11月25日(火) 9:00'],
    ['Golden Week: after 5/3–5/6', '2026-05-01T19:00:00+09:00', '5月7日(木) 9:00'],
    ['Silver Week: 敬老の日, 国民の休日 and 秋分の日 in a row', '2026-09-18T19:00:00+09:00', '9月24日(木) 9:00'],
    ['New Year: 元日 then the weekend', '2026-12-31T19:00:00+09:00', '1月4日(月) 9:00'],
    ['元日 itself', '2027-01-01T10:00:00+09:00', '1月4日(月) 9:00'],
  ])('%s', (_what, iso, expected) => {
    expect(answer({}, iso)).toBe(expected);
  });
});

describe('BusinessHours.at with configured hours and holidays', () => {
  it.each<[string, BusinessHoursOptions, string, string]>([
    ['year-end days listed every year (年末年始)', { holidays: holidays('jp,12-29,12-30,12-31,01-02,01-03') }, '2026-12-28T19:00:00+09:00', '1月4日(月) 9:00'],
    ['a single listed date', { holidays: holidays('jp,2025-11-27') }, '2025-11-26T20:00:00+09:00', '11月28日(金) 9:00'],
    ['no holidays: a public holiday is a working day', { holidays: holidays('none') }, '2025-11-24T10:00:00+09:00', 'open'],
    ['a lunch break: opens again the same afternoon', { hours: hours('mon-fri 09:00-12:00; mon-fri 13:00-18:00') }, '2025-11-27T12:30:00+09:00', '11月27日(木) 13:00'],
    ['Saturday mornings too', { hours: hours('mon-fri 09:00-18:00; sat 10:00-13:00') }, '2025-11-28T19:00:00+09:00', '11月29日(土) 10:00'],
    ['a wrapping day range (fri-mon)', { hours: hours('fri-mon 10:00-16:00') }, '2025-11-25T12:00:00+09:00', '11月28日(金) 10:00'],
    ['until midnight (24:00)', { hours: hours('mon-sun 00:00-24:00'), holidays: holidays('none') }, '2025-11-29T23:59:00+09:00', 'open'],
    ['always: open on 元日 at night too', { hours: hours('always') }, '2027-01-01T03:00:00+09:00', 'open'],
    ['another time zone: 9:00 in New York (EST, UTC−5)', { timeZone: 'America/New_York', holidays: holidays('none') }, '2025-11-27T14:00:00Z', 'open'],
    ['another time zone: before 9:00 in New York', { timeZone: 'America/New_York', holidays: holidays('none') }, '2025-11-27T13:59:00+01:00', '11月27日(木) 9:00'],
    ['no window at all: closed with no known opening', { hours: { kind: 'windows', windows: [] } }, '2025-11-27T10:00:00+09:00', 'closed, no opening'],
  ])('%s', (_what, options, iso, expected) => {
    expect(answer(options, iso)).toBe(expected);
  });
});

describe('parseWeeklyHours', () => {
  it('reads the default into DEFAULT_WEEKLY_HOURS', () => {
    expect(parseWeeklyHours(DEFAULT_HANDOFF_HOURS)).toEqual({ ok: true, value: DEFAULT_WEEKLY_HOURS });
  });

  it('reads lists, ranges and single-digit hours, whatever the case', () => {
    expect(parseWeeklyHours('Mon,Wed-Thu 9:30-17:00; SAT 10:00-12:00')).toEqual({
      ok: true,
      value: { kind: 'windows', windows: [{ days: [1, 3, 4], start: 570, end: 1020 }, { days: [6], start: 600, end: 720 }] },
    });
  });

  it.each([
    ['mon-fri 9-18', 'must be like "mon-fri 09:00-18:00" (several rules separated by ";", or "always")'],
    ['', 'must be like "mon-fri 09:00-18:00" (several rules separated by ";", or "always")'],
    ['moon-fri 09:00-18:00', 'has an unknown day "moon" (use mon, tue, wed, thu, fri, sat or sun, or a range such as mon-fri)'],
    ['mon-fri-sat 09:00-18:00', 'has an unknown day "mon-fri-sat" (use mon, tue, wed, thu, fri, sat or sun, or a range such as mon-fri)'],
    ['mon-fri 09:00-25:00', 'has a time that is not HH:MM from 00:00 to 24:00 ("25:00")'],
    ['mon-fri 24:00-24:00', 'has a time that is not HH:MM from 00:00 to 23:59 ("24:00")'],
    ['mon-fri 09:60-18:00', 'has a time that is not HH:MM from 00:00 to 23:59 ("09:60")'],
    ['mon-fri 22:00-06:00', 'has an opening that does not end after it starts ("22:00-06:00"; write hours past midnight as a second rule)'],
  ])('refuses %j with a phrase naming the problem', (text, error) => {
    expect(parseWeeklyHours(text)).toEqual({ ok: false, error });
  });
});

describe('parseHolidays', () => {
  it('reads jp, full dates and every-year days (02-29 included)', () => {
    expect(parseHolidays('jp, 2026-12-28 ,12-29,02-29')).toEqual({ ok: true, value: { japanese: true, dates: ['2026-12-28'], everyYear: ['12-29', '02-29'] } });
  });

  it('reads none as no holidays, and dates without jp as only those', () => {
    expect(parseHolidays('none')).toEqual({ ok: true, value: { japanese: false, dates: [], everyYear: [] } });
    expect(parseHolidays('2026-12-28')).toEqual({ ok: true, value: { japanese: false, dates: ['2026-12-28'], everyYear: [] } });
  });

  it.each(['2026/12/29', '2026-02-30', '13-01', 'holidays', 'jp,none'])('refuses %j naming the item', (text) => {
    const item = text.split(',').at(-1) ?? text;
    expect(parseHolidays(text)).toEqual({ ok: false, error: `has "${item}", which is not a date (use yyyy-mm-dd, mm-dd for every year, jp for the Japanese public holidays, or none)` });
  });
});

describe('time zones', () => {
  it('knows IANA names and UTC, not made-up ones', () => {
    expect(['Asia/Tokyo', 'UTC', 'America/New_York'].map(isTimeZone)).toEqual([true, true, true]);
    expect(['Mars/Olympus', 'Asia/Tokio', ''].map(isTimeZone)).toEqual([false, false, false]);
  });

  it('BusinessHours refuses an unknown zone with the module name', () => {
    expect(() => new BusinessHours({ timeZone: 'Mars/Olympus' })).toThrow(new RangeError('businessHours: unknown time zone "Mars/Olympus"'));
  });
});

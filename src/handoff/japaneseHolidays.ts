/**
 * Japanese public holidays (国民の祝日), computed by rule rather than listed, so the default
 * calendar of the handoff desk never goes stale. The rules are those of the 祝日法 as amended
 * for 2020 onward (天皇誕生日 on 2/23, スポーツの日). Years 2020 and 2021, when three holidays
 * moved for the Olympics, and earlier years are refused rather than computed wrongly.
 */

/** The first year the current rules give the real calendar (after the Olympic moves of 2020–2021). */
export const FIRST_SUPPORTED_YEAR = 2022;
/** The equinox approximation below is the one published for 1980–2099. */
export const LAST_SUPPORTED_YEAR = 2099;

/** yyyy-mm-dd of a calendar date (no time zone involved: dates are handled as UTC days). */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The day of month of the n-th Monday (ハッピーマンデー). */
function nthMonday(year: number, month: number, n: number): number {
  const first = weekday(year, month, 1);
  return 1 + ((8 - first) % 7) + (n - 1) * 7;
}

/** 春分日 and 秋分日 as the usual approximation of the astronomical dates (exact for 1980–2099 so far as published). */
function equinoxes(year: number): { spring: number; autumn: number } {
  const y = year - 1980;
  const leap = Math.floor(y / 4);
  return { spring: Math.floor(20.8431 + 0.242194 * y - leap), autumn: Math.floor(23.2488 + 0.242194 * y - leap) };
}

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  const d = new Date(t);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const cache = new Map<number, readonly string[]>();

/**
 * The public holidays of `year` as sorted yyyy-mm-dd dates: the statutory ones, 国民の休日
 * (a day between two of them) and 振替休日 (a holiday on a Sunday moves to the next day that
 * is not one). Throws outside FIRST_SUPPORTED_YEAR–LAST_SUPPORTED_YEAR.
 */
export function japaneseHolidays(year: number): readonly string[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(`japaneseHolidays: year must be from ${FIRST_SUPPORTED_YEAR} to ${LAST_SUPPORTED_YEAR} (got ${year})`);
  }
  const cached = cache.get(year);
  if (cached) return cached;
  const { spring, autumn } = equinoxes(year);
  const dates: readonly (readonly [month: number, day: number])[] = [
    [1, 1], // 元日
    [1, nthMonday(year, 1, 2)], // 成人の日
    [2, 11], // 建国記念の日
    [2, 23], // 天皇誕生日
    [3, spring], // 春分の日
    [4, 29], // 昭和の日
    [5, 3], // 憲法記念日
    [5, 4], // みどりの日
    [5, 5], // こどもの日
    [7, nthMonday(year, 7, 3)], // 海の日
    [8, 11], // 山の日
    [9, nthMonday(year, 9, 3)], // 敬老の日
    [9, autumn], // 秋分の日
    [10, nthMonday(year, 10, 2)], // スポーツの日
    [11, 3], // 文化の日
    [11, 23], // 勤労感謝の日
  ];
  const statutory = new Set(dates.map(([m, d]) => isoDate(year, m, d)));
  const all = new Set(statutory);
  // 国民の休日: only between two statutory holidays (in practice in September, 敬老の日 and 秋分の日).
  for (const date of statutory) {
    const between = addDays(date, 1);
    if (!statutory.has(between) && statutory.has(addDays(date, 2)) && new Date(`${between}T00:00:00Z`).getUTCDay() !== 0) all.add(between);
  }
  // 振替休日: after a holiday on a Sunday, the first following day that is not a holiday.
  for (const date of statutory) {
    if (new Date(`${date}T00:00:00Z`).getUTCDay() !== 0) continue;
    let next = addDays(date, 1);
    while (all.has(next)) next = addDays(next, 1);
    all.add(next);
  }
  const sorted = [...all].filter((d) => d.startsWith(`${year}-`)).sort();
  cache.set(year, sorted);
  return sorted;
}

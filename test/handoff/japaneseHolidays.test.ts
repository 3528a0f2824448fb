import { describe, expect, it } from 'vitest';
import { japaneseHolidays } from '../../src/handoff/japaneseHolidays';

/** The Cabinet Office's lists (内閣府「国民の祝日について」), compared in full. */
const OFFICIAL: Record<number, string[]> = {
  2025: ['01-01', '01-13', '02-11', '02-23', '02-24', '03-20', '04-29', '05-03', '05-04', '05-05', '05-06', '07-21', '08-11', '09-15', '09-23', '10-13', '11-03', '11-23', '11-24'],
  2026: ['01-01', '01-12', '02-11', '02-23', '03-20', '04-29', '05-03', '05-04', '05-05', '05-06', '07-20', '08-11', '09-21', '09-22', '09-23', '10-12', '11-03', '11-23'],
  2027: ['01-01', '01-11', '02-11', '02-23', '03-21', '03-22', '04-29', '05-03', '05-04', '05-05', '07-19', '08-11', '09-20', '09-23', '10-11', '11-03', '11-23'],
};

describe('japaneseHolidays', () => {
  it.each(Object.entries(OFFICIAL))('%s matches the official list (振替休日 and 国民の休日 included)', (year, days) => {
    expect(japaneseHolidays(Number(year))).toEqual(days.map((d) => `${year}-${d}`));
  });

  it('moves a holiday on a Sunday past the following holidays (5/3 on a Sunday → 5/6)', () => {
    expect(japaneseHolidays(2026).filter((d) => d.startsWith('2026-05'))).toEqual(['2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06']);
  });

  it.each([2021, 2100, 2026.5])('refuses %s, which the rules do not cover, with the module name', (year) => {
    expect(() => japaneseHolidays(year)).toThrow(new RangeError(`japaneseHolidays: year must be from 2022 to 2099 (got ${year})`));
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_WEEKLY_HOURS } from '../src/handoff/businessHours';
import { DEFAULT_RECOVERY_WATCH_INTERVAL_MS, loadConfig, type Config } from '../src/config';

function config(env: Record<string, string>): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

describe('loadConfig: handoff business hours (HANDOFF_HOURS, HANDOFF_TIMEZONE, HANDOFF_HOLIDAYS)', () => {
  it('defaults to 平日 9:00–18:00 in Asia/Tokyo, closed on the Japanese public holidays', () => {
    expect(config({}).handoff.schedule).toEqual({ hours: DEFAULT_WEEKLY_HOURS, timeZone: 'Asia/Tokyo', holidays: { japanese: true, dates: [], everyYear: [] } });
  });

  it('treats empty variables as unset', () => {
    expect(config({ HANDOFF_HOURS: '', HANDOFF_TIMEZONE: ' ', HANDOFF_HOLIDAYS: '' }).handoff.schedule).toEqual(config({}).handoff.schedule);
  });

  it('reads configured hours, zone and holidays', () => {
    expect(config({ HANDOFF_HOURS: 'mon-fri 10:00-17:00; sat 10:00-12:00', HANDOFF_TIMEZONE: 'UTC', HANDOFF_HOLIDAYS: 'jp,12-31,2026-12-28' }).handoff.schedule).toEqual({
      hours: { kind: 'windows', windows: [{ days: [1, 2, 3, 4, 5], start: 600, end: 1020 }, { days: [6], start: 600, end: 720 }] },
      timeZone: 'UTC',
      holidays: { japanese: true, dates: ['2026-12-28'], everyYear: ['12-31'] },
    });
    expect(config({ HANDOFF_HOURS: 'always' }).handoff.schedule.hours).toEqual({ kind: 'always' });
  });

  it.each([
    [{ HANDOFF_HOURS: 'weekdays 9-18' }, 'config: HANDOFF_HOURS must be like "mon-fri 09:00-18:00" (several rules separated by ";", or "always") (got "weekdays 9-18")'],
    [{ HANDOFF_HOURS: 'mon-fry 09:00-18:00' }, 'config: HANDOFF_HOURS has an unknown day "fry" (use mon, tue, wed, thu, fri, sat or sun, or a range such as mon-fri) (got "mon-fry 09:00-18:00")'],
    [{ HANDOFF_HOURS: 'mon-fri 18:00-09:00' }, 'config: HANDOFF_HOURS has an opening that does not end after it starts ("18:00-09:00"; write hours past midnight as a second rule) (got "mon-fri 18:00-09:00")'],
    [{ HANDOFF_TIMEZONE: 'Asia/Tokio' }, 'config: HANDOFF_TIMEZONE must be an IANA time zone such as Asia/Tokyo (got "Asia/Tokio")'],
    [{ HANDOFF_HOLIDAYS: 'jp,2026/12/29' }, 'config: HANDOFF_HOLIDAYS has "2026/12/29", which is not a date (use yyyy-mm-dd, mm-dd for every year, jp for the Japanese public holidays, or none) (got "jp,2026/12/29")'],
  ])('rejects %o with one line naming the variable', (env, message) => {
    expect(loadConfig(env)).toEqual({ ok: false, error: message });
  });
});

describe('loadConfig: RECOVERY_WATCH_INTERVAL_MS', () => {
  it('defaults to a minute; 0 turns the watcher off', () => {
    expect(config({}).recoveryNotices.watchIntervalMs).toBe(DEFAULT_RECOVERY_WATCH_INTERVAL_MS);
    expect(DEFAULT_RECOVERY_WATCH_INTERVAL_MS).toBe(60_000);
    expect(config({ RECOVERY_WATCH_INTERVAL_MS: '0' }).recoveryNotices.watchIntervalMs).toBe(0);
    expect(config({ RECOVERY_WATCH_INTERVAL_MS: '5000' }).recoveryNotices.watchIntervalMs).toBe(5_000);
  });

  it.each([
    ['abc', 'config: RECOVERY_WATCH_INTERVAL_MS must be a number (got "abc")'],
    ['1.5', 'config: RECOVERY_WATCH_INTERVAL_MS must be a whole number of milliseconds (got "1.5")'],
    ['50', 'config: RECOVERY_WATCH_INTERVAL_MS must be 0 (off) or from 100 to 86400000 (got "50")'],
    ['-1', 'config: RECOVERY_WATCH_INTERVAL_MS must be 0 (off) or from 100 to 86400000 (got "-1")'],
  ])('rejects %j with one line naming the variable', (value, message) => {
    expect(loadConfig({ RECOVERY_WATCH_INTERVAL_MS: value })).toEqual({ ok: false, error: message });
  });
});

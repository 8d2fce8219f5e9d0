import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatDuration, formatDurationWords, formatLongDate, formatTimeSeconds, REPORT_TIME_ZONE } from './time.js';

// Report times are Asia/Ho_Chi_Minh whatever the host's zone; checked against ICU's own tables.

describe('report time formatting', () => {
  it('writes instants in Asia/Ho_Chi_Minh as dd/MM/yyyy HH:mm, matching Intl', () => {
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: REPORT_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (const ms of [Date.UTC(2021, 0, 4, 1, 5), Date.UTC(2020, 11, 31, 17, 0), Date.UTC(2024, 1, 29, 16, 59, 59), Date.UTC(1999, 5, 15, 23, 30)]) {
      expect(formatDateTime(ms)).toBe(fmt.format(ms).replace(',', ''));
    }
    // 17:00 UTC on 31/12/2020 is already the new year in Cà Mau.
    expect(formatDateTime(Date.UTC(2020, 11, 31, 17, 0))).toBe('01/01/2021 00:00');
  });

  it('writes the forms the minutes use', () => {
    const ms = Date.UTC(2021, 0, 4, 1, 5, 9);
    expect(formatClock(ms)).toBe('08 giờ 05 phút');
    expect(formatTimeSeconds(ms)).toBe('08:05:09');
    expect(formatLongDate('2021-01-04')).toBe('ngày 04 tháng 01 năm 2021');
  });

  it('writes durations, never negative', () => {
    expect(formatDuration(345_000)).toBe('5:45');
    expect(formatDuration(3_723_999)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatDurationWords(345_000)).toBe('5 phút 45 giây');
    expect(formatDurationWords(5_400_000)).toBe('1 giờ 30 phút');
    expect(formatDurationWords(42_000)).toBe('42 giây');
  });
});

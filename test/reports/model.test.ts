import { beforeAll, describe, expect, it } from 'vitest';
import { quorumStatus, replay, talliesByOrganisation, talliesByPoint, tallyOverall } from '../../shared/meeting/index.js';
import { attendanceReport, logUpTo, minutes, type AttendanceReport, type Minutes, type ReportLog } from '../../shared/reports/index.js';
import { scriptedCaMauMeeting, type ScriptedMeeting } from './scripted-meeting.js';

// The report model of the scripted Cà Mau meeting: the roll-call, totals, quorum and presence of
// the attendance report, and the agenda steps and speeches of the minutes, checked against the
// meeting core's own selectors and against the script's known times.

let meeting: ScriptedMeeting;
let log: ReportLog;
let report: AttendanceReport;
let mins: Minutes;

beforeAll(() => {
  meeting = scriptedCaMauMeeting();
  const sliced = logUpTo(meeting.events);
  if (!sliced.ok) throw new Error(sliced.message);
  log = sliced.log;
  report = attendanceReport(log);
  mins = minutes(log);
});

const rows = (r: AttendanceReport) => r.points.flatMap((p) => p.organisations.flatMap((o) => o.rows));

describe('attendance report', () => {
  it('totals agree with the core roll-call selectors, overall, per point and per organisation', () => {
    const state = replay(meeting.events);
    expect(report.overall).toEqual(tallyOverall(state));
    const byPoint = talliesByPoint(state);
    for (const line of report.byPoint) expect(line.tally, line.name).toEqual(byPoint[line.id]);
    const byOrg = talliesByOrganisation(state);
    for (const line of report.byOrganisation) expect(line.tally, line.name).toEqual(byOrg[line.id]);
    expect(report.overall).toMatchObject({ invited: 111, walkIns: 1, present: 108, excused: 1, absent: 1, substitutes: 1, unmarked: 1, attending: 109 });
  });

  it('per-point sections add up to the point totals, and the organisations inside them to the section', () => {
    for (const p of report.points) {
      const sum = p.organisations.reduce((s, o) => s + o.tally.invited + o.tally.walkIns, 0);
      expect(sum, p.name).toBe(p.tally.invited + p.tally.walkIns);
      expect(p.organisations.flatMap((o) => o.rows).length, p.name).toBe(sum);
    }
    expect(rows(report).map((r) => r.no)).toEqual(rows(report).map((_, i) => i + 1));
  });

  it('each status carries its detail, who marked it and when', () => {
    const { excused, absent, substitute, walkIn, unmarked } = meeting.cast;
    const find = (name: string) => rows(report).find((r) => r.name === name);
    expect(find(excused.name)).toMatchObject({ status: 'excused', statusLabel: 'Vắng có lý do', reason: excused.reason, detail: excused.reason, markedBy: 'Đoàn Thị Thu Hà' });
    expect(find(absent.name)).toMatchObject({ status: 'absent', statusLabel: 'Vắng không lý do', detail: '' });
    expect(find(substitute.name)).toMatchObject({
      status: 'substitute',
      substituteName: 'Đặng Văn Lực',
      detail: 'Đặng Văn Lực, Phó Giám đốc Sở Y tế',
    });
    expect(find(walkIn.name)).toMatchObject({ walkIn: true, status: 'present', point: 'Huyện Đầm Dơi', markedAt: '04/01/2021 07:58' });
    expect(find(unmarked.name)).toMatchObject({ status: 'unmarked', statusLabel: 'Chưa điểm danh', markedBy: '', markedAt: '' });
    expect(report.walkIns.map((w) => w.name)).toEqual([walkIn.name]);
    // Marks are written in Asia/Ho_Chi_Minh: the first mark was at 07:45:02 local time.
    expect(rows(report)[0]?.markedAt).toBe('04/01/2021 07:45');
  });

  it('the quorum is computed like the core computes it', () => {
    const q = quorumStatus(replay(meeting.events));
    expect(report.quorum).toMatchObject({ required: q.required, attending: q.attending, met: q.met });
    expect(report.quorum.required).toBe(56);
    expect(report.quorum.label).toContain('đủ số lượng');
  });

  it('presence lists joins, a signal loss and its restoration, a drop and a return, with connected time', () => {
    const thoiBinh = report.presence.find((p) => p.name === 'Huyện Thới Bình');
    expect(thoiBinh?.moments.map((m) => `${m.time} ${m.label}`)).toEqual(['07:33 Kết nối', '08:50 Mất tín hiệu', '08:51 Có tín hiệu lại', '11:04 Ngắt kết nối']);
    expect(thoiBinh?.signalLost).toBe('1:30');
    expect(thoiBinh?.connected).toBe('3:31:00');
    const ngocHien = report.presence.find((p) => p.name === 'Huyện Ngọc Hiển');
    expect(ngocHien?.moments.map((m) => m.kind)).toEqual(['joined', 'left', 'joined', 'left']);
    // 07:40 → 09:40 and 09:44 → 11:11: 3 h 27 min.
    expect(ngocHien?.connectedMs).toBe((2 * 60 + 87) * 60_000);
  });

  it('reports the roll-call as it stood at an earlier seq', () => {
    const firstMark = meeting.events.findIndex((e) => e.type === 'attendanceMarked');
    const before = logUpTo(meeting.events, firstMark);
    if (!before.ok) throw new Error(before.message);
    const early = attendanceReport(before.log);
    expect(early.overall).toMatchObject({ invited: 111, unmarked: 111, present: 0, walkIns: 0 });
    expect(early.asOf.seq).toBe(firstMark);
    // Still connected at that moment: the open stretch counts up to the report's time.
    expect(early.presence.every((p) => p.onlineAtEnd)).toBe(true);
  });

  it('refuses a seq past the log and an empty log, with a code', () => {
    expect(logUpTo(meeting.events, meeting.events.length + 1)).toMatchObject({ ok: false, code: 'REPORT_SEQ_OUT_OF_RANGE' });
    expect(logUpTo(meeting.events, 0)).toMatchObject({ ok: false, code: 'REPORT_SEQ_OUT_OF_RANGE' });
    expect(logUpTo([])).toMatchObject({ ok: false, code: 'REPORT_NO_CONFERENCE' });
  });
});

describe('minutes', () => {
  it('opens with the national motto block, organiser, place and date', () => {
    expect(mins.nation).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(mins.motto).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(mins.authority).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH CÀ MAU']);
    expect(mins.placeDate).toBe('Cà Mau, ngày 04 tháng 01 năm 2021');
    expect(mins.timeLine).toBe('Vào lúc 08 giờ 00 phút, ngày 04 tháng 01 năm 2021');
    expect(mins.connectionPoints).toHaveLength(9);
    expect(mins.presidingPanel.map((p) => p.name).slice(0, 3)).toEqual(['Nguyễn Tiến Hải', 'Trần Văn Hiện', 'Lê Quân']);
    expect(mins.clerks).toEqual(['Đoàn Thị Thu Hà']);
    expect(mins.signatures).toEqual({ chair: { role: 'CHỦ TRÌ HỘI NGHỊ', name: 'Lê Quân' }, clerk: { role: 'THƯ KÝ HỘI NGHỊ', name: 'Đoàn Thị Thu Hà' } });
    expect(mins.closing).toBe('Hội nghị kết thúc vào lúc 11 giờ 00 phút cùng ngày.');
  });

  it('lists the agenda steps with their actual times and the speeches in order with durations', () => {
    expect(mins.steps.map((s) => [s.title, s.start, s.end, s.outcome])).toEqual([
      ['Tuyên bố lý do, giới thiệu đại biểu', '08:00', '08:12', 'done'],
      ['Báo cáo tình hình kinh tế - xã hội năm 2020, phương hướng, nhiệm vụ năm 2021', '08:12', '08:45', 'done'],
      ['Thảo luận', '08:45', '10:15', 'done'],
      ['Phát biểu chỉ đạo của đồng chí Bí thư Tỉnh ủy', '10:15', '10:42', 'done'],
      ['Kết luận, bế mạc hội nghị', '10:42', '11:00', 'done'],
    ]);
    const speeches = mins.steps.flatMap((s) => s.speeches.map((sp) => ({ step: s.no, ...sp })));
    expect(speeches.map((s) => ({ name: s.speaker, point: s.point, topic: s.topic, start: s.start, end: s.end, duration: s.duration }))).toEqual(
      meeting.cast.speakers,
    );
    expect(speeches.map((s) => s.step)).toEqual([3, 3, 4]);
    expect(speeches[0]).toMatchObject({ pauses: 1, spokenMs: 345_000, position: 'Chủ tịch HĐND huyện Thới Bình' });
    expect(mins.otherSpeeches).toEqual([]);
  });

  it('at a seq in the middle of a speech, that speech has no end and counts up to the report time', () => {
    const i = meeting.events.findIndex((e) => e.type === 'speechPaused');
    const mid = logUpTo(meeting.events, i + 1);
    if (!mid.ok) throw new Error(mid.message);
    const m = minutes(mid.log);
    const discussion = m.steps[2];
    expect(discussion?.outcome).toBe('running');
    expect(discussion?.end).toBe('');
    expect(discussion?.speeches).toHaveLength(1);
    expect(discussion?.speeches[0]).toMatchObject({ end: '', duration: '2:15' });
    expect(m.steps[3]?.outcome).toBe('pending');
    expect(m.closing).toContain('chưa kết thúc');
  });
});

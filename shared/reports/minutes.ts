import type { Id, MeetingEvent } from '../protocol/index.js';
import { replay } from '../meeting/evolve.js';
import type { AgendaStep, MeetingState, Speech } from '../meeting/state.js';
import { spokenMs } from '../meeting/selectors-floor.js';
import { recordingTimeOf } from '../meeting/selectors-recording.js';
import { notesOfStep } from '../meeting/selectors-notes.js';
import { authorityLines } from './authority.js';
import { asOf, conferenceFacts, type AsOf, type ConferenceFacts } from './facts.js';
import { NATIONAL_MOTTO, NATIONAL_NAME, SPEECH_KIND_LABELS, STEP_KIND_LABELS } from './labels.js';
import type { ReportLog } from './log.js';
import { quorumLine, type QuorumLine } from './quorum.js';
import { tallyOf, type ReportTally } from './tally.js';
import {
  formatClock,
  formatDate,
  formatDateTime,
  formatDuration,
  formatDurationWords,
  formatLongDateOf,
  formatTime,
  formatTimeSeconds,
  REPORT_TIME_ZONE,
} from './time.js';
import { entryOf } from '../meeting/buckets.js';
import { minutesFigures, type MinutesFigure } from './minutes-figures.js';

// The minutes (biên bản hội nghị) as data, in the order a Vietnamese administrative record is
// laid out: national motto block, organiser, title, time and place, presiding panel, clerk,
// attendance, each agenda step with its actual times and speeches, closing, signatures.
// Renderers (Markdown, PDF, DOCX) only lay this out; every word and time is decided here.
// Every time is the logged instant in the conference's time zone (R-CONF-9); a time on another
// calendar day than the opening carries its own date, so no time is ever read against a wrong day.

export interface MinutesSpeech {
  no: number;
  speechId: Id;
  kindLabel: string;
  speaker: string;
  position: string;
  point: string;
  topic: string;
  beginMs: number;
  endMs: number | null;
  /** 09:12:05 */
  start: string;
  /** 09:19:10, or empty while still speaking at the report's time. */
  end: string;
  spokenMs: number;
  /** 7:05 (paused time excluded) */
  duration: string;
  pauses: number;
  /**
   * Where the speech begins in the program recording of the run recording it ("0:03:12", with
   * the run's number when the conference has several: "lần 2, 0:03:12"); empty when not recorded.
   */
  inRecording: string;
}

export type StepOutcome = 'done' | 'running' | 'skipped' | 'pending';

export interface MinutesStep {
  no: number;
  stepId: Id;
  title: string;
  kindLabel: string;
  presenter: string;
  /** The presiding-panel member who leads this step, if one is named. */
  presiding: string;
  plannedMinutes: number;
  outcome: StepOutcome;
  startMs: number | null;
  endMs: number | null;
  start: string;
  end: string;
  duration: string;
  speeches: MinutesSpeech[];
  /** The clerk's notes on the step (R-NOTES-1), in the order written. */
  notes: string[];
  /** The stills chosen for the minutes taken during the step (R-STILL-4). */
  figures: MinutesFigure[];
}

/** Renders logged instants in the conference's zone, adding the date when it is not the opening day. */
interface Clock {
  time(ms: number): string;
  timeSeconds(ms: number): string;
}

function clockOf(zone: string, openedAt: number | null): Clock {
  const day = openedAt === null ? null : formatDate(openedAt, zone);
  const dated = (ms: number, text: string) => (day === null || formatDate(ms, zone) === day ? text : `${text} ngày ${formatDate(ms, zone)}`);
  return {
    time: (ms) => dated(ms, formatTime(ms, zone)),
    timeSeconds: (ms) => dated(ms, formatTimeSeconds(ms, zone)),
  };
}

export interface Signature {
  /** CHỦ TRÌ HỘI NGHỊ / THƯ KÝ HỘI NGHỊ */
  role: string;
  name: string;
}

export interface Minutes {
  conference: ConferenceFacts;
  asOf: AsOf;
  nation: string;
  motto: string;
  /** The organiser upper case, broken between whole words as the document's heading shows it. */
  authority: string[];
  /** "Cà Mau, ngày 04 tháng 01 năm 2021" */
  placeDate: string;
  title: string;
  subtitle: string;
  openedAt: number | null;
  closedAt: number | null;
  /** "Vào lúc 08 giờ 00 phút, ngày 04 tháng 01 năm 2021": the opening as logged, with its own date. */
  timeLine: string;
  /** The conference's IANA time zone every time is printed in. */
  timeZone: string;
  place: string;
  connectionPoints: string[];
  presidingPanel: { name: string; position: string }[];
  clerks: string[];
  attendance: {
    overall: ReportTally;
    byPoint: { name: string; tally: ReportTally }[];
    quorum: QuorumLine;
    summary: string;
  };
  steps: MinutesStep[];
  /** Speeches made outside every agenda step (before the agenda started, between steps). */
  otherSpeeches: MinutesSpeech[];
  /** Notes written while no agenda step ran (R-NOTES-1): the minutes' general section. */
  generalNotes: string[];
  /** Stills chosen for the minutes taken while no agenda step ran (R-STILL-4). */
  otherFigures: MinutesFigure[];
  closing: string;
  signatures: { chair: Signature; clerk: Signature };
}

/** "Ủy ban nhân dân tỉnh Cà Mau" → "Cà Mau": the place named on the date line. */
export function localityOf(organiser: string, fallback: string): string {
  const m = /(?:tỉnh|thành phố|huyện|thị xã|quận)\s+(.+)$/iu.exec(organiser.normalize('NFC'));
  return m?.[1]?.trim() || fallback;
}

function statusTimes(events: readonly MeetingEvent[]): { opened: number | null; closed: number | null } {
  let opened: number | null = null;
  let closed: number | null = null;
  for (const e of events) {
    if (e.type !== 'conferenceStatusChanged') continue;
    if (e.to === 'inSession') {
      opened ??= e.at;
      closed = null; // resumed after an adjournment: the closing time is the later one
    }
    if ((e.to === 'adjourned' || e.to === 'closed') && opened !== null) closed ??= e.at;
  }
  return { opened, closed };
}

function speechRow(state: MeetingState, sp: Speech, no: number, now: number, clock: Clock): MinutesSpeech {
  const point = state.points[sp.pointId]?.name ?? '';
  const member = sp.memberId ? state.panel[sp.memberId] : undefined;
  const spoken = spokenMs(sp, now);
  return {
    no,
    speechId: sp.id,
    kindLabel: SPEECH_KIND_LABELS[sp.kind],
    speaker: sp.speakerName ?? member?.name ?? (point ? `Đại diện ${point}` : ''),
    position: sp.speakerPosition ?? member?.position ?? '',
    point,
    topic: sp.topic ?? '',
    beginMs: sp.begin,
    endMs: sp.end,
    start: clock.timeSeconds(sp.begin),
    end: sp.end === null ? '' : clock.timeSeconds(sp.end),
    spokenMs: spoken,
    duration: formatDuration(spoken),
    pauses: sp.pauses.length,
    inRecording: recordedAt(state, sp.begin),
  };
}

function recordedAt(state: MeetingState, at: number): string {
  const place = recordingTimeOf(state, at);
  if (!place) return '';
  const total = Math.floor(place.offsetMs / 1000);
  // h:mm:ss always, as a video player shows a position
  const offset = `${Math.floor(total / 3600)}:${String(Math.floor((total % 3600) / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  return state.recordings.length > 1 ? `lần ${place.run}, ${offset}` : offset;
}

function outcomeOf(step: AgendaStep): StepOutcome {
  if (step.skipped) return 'skipped';
  if (step.runs.length === 0) return 'pending';
  return step.runs.some((r) => r.to === null) ? 'running' : 'done';
}

/** Within one of the step's runs (an open run lasts until the report's time). */
const speechInStep = (sp: Speech, step: AgendaStep, now: number): boolean =>
  step.runs.some((r) => sp.begin >= r.from && sp.begin < (r.to ?? now + 1));

function signatures(state: MeetingState, events: readonly MeetingEvent[]): { chair: string; clerks: string[] } {
  const chairNames: string[] = [];
  const clerks: string[] = [];
  for (const e of events) {
    const name = e.by.name;
    if (!name) continue;
    if (e.by.role === 'chair' && !chairNames.includes(name)) chairNames.push(name);
    if (e.by.role === 'clerk' && !clerks.includes(name)) clerks.push(name);
  }
  const panel = state.panelOrder.map((id) => state.panel[id]).filter((m) => m !== undefined);
  // The chair who ran the day signs; when no chair console gave a name, the panel's first member.
  const chair = chairNames.find((n) => panel.some((m) => m.name === n)) ?? chairNames[0] ?? panel[0]?.name ?? '';
  return { chair, clerks };
}

export function minutes(log: ReportLog): Minutes {
  return minutesFromState(replay(log.events), log);
}

export function minutesFromState(state: MeetingState, log: ReportLog): Minutes {
  const facts = conferenceFacts(state);
  const now = log.at;
  const zone = state.conference?.timeZone ?? REPORT_TIME_ZONE;
  const { opened, closed } = statusTimes(log.events);
  const firstStepStart = state.agenda.order.reduce<number | null>((min, id) => {
    const from = state.agenda.steps[id]?.runs[0]?.from;
    return from === undefined || (min !== null && min <= from) ? min : from;
  }, null);
  const openedAt = opened ?? firstStepStart;
  const clock = clockOf(zone, openedAt);
  const speeches = state.speechOrder.map((id) => entryOf(state.speeches, id)).filter((s) => s !== undefined);
  speeches.sort((a, b) => a.begin - b.begin);
  const placed = new Set<Id>();
  let speechNo = 0;
  const steps: MinutesStep[] = [];
  const figures = minutesFigures(state);
  for (const stepId of state.agenda.order) {
    const step = state.agenda.steps[stepId];
    if (!step) continue;
    const inStep = speeches.filter((sp) => !placed.has(sp.id) && speechInStep(sp, step, now));
    for (const sp of inStep) placed.add(sp.id);
    const first = step.runs[0];
    const last = step.runs[step.runs.length - 1];
    const startMs = first?.from ?? null;
    const endMs = last ? last.to : null;
    const ranMs = step.runs.reduce((sum, r) => sum + Math.max(0, (r.to ?? now) - r.from), 0);
    steps.push({
      no: steps.length + 1,
      stepId,
      title: step.title,
      kindLabel: STEP_KIND_LABELS[step.kind],
      presenter: step.presenter ?? '',
      presiding: step.presidingMemberId ? (state.panel[step.presidingMemberId]?.name ?? '') : '',
      plannedMinutes: step.plannedMinutes,
      outcome: outcomeOf(step),
      startMs,
      endMs,
      start: startMs === null ? '' : clock.time(startMs),
      end: endMs === null ? '' : clock.time(endMs),
      duration: step.runs.length ? formatDurationWords(ranMs) : '',
      speeches: inStep.map((sp) => speechRow(state, sp, ++speechNo, now, clock)),
      notes: notesOfStep(state, stepId).map((n) => n.text),
      figures: figures.byStep.get(stepId) ?? [],
    });
  }
  const otherSpeeches = speeches.filter((sp) => !placed.has(sp.id)).map((sp) => speechRow(state, sp, ++speechNo, now, clock));
  // Notes written between steps (R-NOTES-1); a step that ran keeps its own (R-AGENDA-8).
  const generalNotes = notesOfStep(state, null).map((n) => n.text);

  const attendees = state.attendeeOrder.map((id) => entryOf(state.attendees, id)).filter((a) => a !== undefined);
  const overall = tallyOf(attendees);
  const quorum = quorumLine(state.conference?.quorum ?? null, overall);
  const signers = signatures(state, log.events);
  // The clerk the conference names (R-CONF-9) signs; else whoever took notes from a clerk console.
  const clerkName = state.conference?.clerkName ?? null;
  const clerks = clerkName ? [clerkName] : signers.clerks;
  const openedDay = openedAt === null ? null : formatDate(openedAt, zone);
  const central = facts.central?.name ?? '';
  return {
    conference: facts,
    asOf: asOf(log, zone),
    nation: NATIONAL_NAME,
    motto: NATIONAL_MOTTO,
    authority: authorityLines(facts.organiser),
    placeDate: `${localityOf(facts.organiser, facts.venue)}, ${openedAt === null ? facts.longDate : formatLongDateOf(openedAt, zone)}`,
    title: 'BIÊN BẢN HỘI NGHỊ',
    subtitle: facts.title,
    openedAt,
    closedAt: closed,
    timeLine: openedAt === null ? `Ngày ${facts.date}` : `Vào lúc ${formatClock(openedAt, zone)}, ${formatLongDateOf(openedAt, zone)}`,
    timeZone: zone,
    place: [central, facts.venue].filter(Boolean).join(', '),
    connectionPoints: facts.connectionPoints.map((p) => p.name),
    presidingPanel: state.panelOrder
      .map((id) => state.panel[id])
      .filter((m) => m !== undefined)
      .map((m) => ({ name: m.name, position: m.position })),
    clerks,
    attendance: {
      overall,
      byPoint: state.pointOrder.map((pid) => ({
        name: state.points[pid]?.name ?? '',
        tally: tallyOf(attendees.filter((a) => a.pointId === pid)),
      })),
      quorum,
      summary:
        `Tổng số đại biểu được triệu tập: ${overall.invited}; có mặt: ${overall.present}; ` +
        `cử người dự thay: ${overall.substitutes}; vắng có lý do: ${overall.excused}; ` +
        `vắng không lý do: ${overall.absent}; khách mời bổ sung: ${overall.walkIns}.`,
    },
    steps,
    otherSpeeches,
    generalNotes,
    otherFigures: figures.other,
    closing:
      closed === null
        ? `Biên bản lập lúc ${formatDateTime(now, zone)}, khi hội nghị chưa kết thúc.`
        : `Hội nghị kết thúc vào lúc ${formatClock(closed, zone)}${formatDate(closed, zone) === openedDay ? ' cùng ngày' : `, ${formatLongDateOf(closed, zone)}`}.`,
    signatures: {
      chair: { role: 'CHỦ TRÌ HỘI NGHỊ', name: signers.chair },
      clerk: { role: 'THƯ KÝ HỘI NGHỊ', name: clerks[0] ?? '' },
    },
  };
}

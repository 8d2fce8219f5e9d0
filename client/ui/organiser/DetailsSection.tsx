import { useState } from 'preact/hooks';
import { TRANSITIONS } from '../../../shared/meeting/permissions.js';
import type { Conference, MeetingState } from '../../../shared/meeting/state.js';
import type { Command } from '../../../shared/protocol/index.js';
import { centralPoint } from '../../../shared/meeting/selectors.js';
import { CONFERENCE_KINDS, MICROPHONE_DISCIPLINES, type ConferenceKind, type MicrophoneDiscipline, type Quorum, type SpeakingLimits } from '../../../shared/protocol/values.js';
import { useT } from '../../i18n/index.js';
import { FieldError, useCommand, useEditable } from './useCommand.js';

// The conference's details: what the invitation says (title, kind, date, time and zone, place,
// organiser), the clerk, the technical contact, the microphone discipline, the central point, the
// quorum and the speaking limits, and its status (draft → scheduled …, as the core's status
// machine allows). Each group saves on its own; only changed fields are sent.

export function DetailsSection({ state }: { state: MeetingState }) {
  const t = useT();
  const conf = state.conference;
  if (!conf) return null;
  return (
    <section class="panel org-section" aria-labelledby="details-title" data-testid="details-section">
      <h2 id="details-title" class="panel__title">
        {t.organiser.details.title}
      </h2>
      <div class="details-grid">
        <FactsForm conf={conf} />
        <div class="details-side">
          <CentralPointChoice state={state} />
          <StatusBox conf={conf} />
          <QuorumForm quorum={conf.quorum} />
          <LimitsForm limits={conf.limits} />
        </div>
      </div>
    </section>
  );
}

type Facts = {
  title: string;
  kind: ConferenceKind;
  date: string;
  startTime: string;
  timeZone: string;
  venue: string;
  organiser: string;
  clerkName: string;
  technicalContact: string;
  microphoneDiscipline: MicrophoneDiscipline;
};

const factsOf = (c: Conference): Facts => ({
  title: c.title,
  kind: c.kind,
  date: c.date,
  startTime: c.startTime ?? '',
  timeZone: c.timeZone,
  venue: c.venue,
  organiser: c.organiser,
  clerkName: c.clerkName ?? '',
  technicalContact: c.technicalContact,
  microphoneDiscipline: c.microphoneDiscipline,
});

/** Fields the core keeps as null when empty (the others are text, possibly empty). */
const NULLABLE = new Set<keyof Facts>(['startTime', 'clerkName']);

/** The changed facts as one updateConference command (R-CONF-8: only what changes), or null. */
export function factsCommand(conf: Conference, f: Facts): Command | null {
  const before = factsOf(conf);
  const changes: Record<string, string | null> = {};
  for (const key of Object.keys(f) as (keyof Facts)[]) {
    const value = f[key].trim();
    if (value === before[key]) continue;
    changes[key] = NULLABLE.has(key) && value === '' ? null : value;
  }
  return Object.keys(changes).length === 0 ? null : ({ type: 'updateConference', ...changes } as Command);
}

/** Zones a Vietnamese office might need; any IANA zone may be typed. */
const ZONES = ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/Paris', 'UTC'];

function FactsForm({ conf }: { conf: Conference }) {
  const t = useT();
  const d = t.organiser.details;
  const editable = useEditable('updateConference');
  const cmd = useCommand();
  const [f, setF] = useState<Facts>(() => factsOf(conf));
  const [saved, setSaved] = useState(false);
  const command = factsCommand(conf, f);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!command) return;
    const ack = await cmd.run(command);
    setSaved(ack.ok);
  };
  const set = (key: keyof Facts, value: string) => {
    setSaved(false);
    setF({ ...f, [key]: value });
  };
  const field = (key: keyof Facts, label: string, type = 'text', list?: string) => (
    <label class={`field field--${key}`}>
      {label}
      <input name={`conf-${key}`} type={type} value={f[key]} disabled={!editable} {...(list ? { list } : {})} onInput={(e) => set(key, e.currentTarget.value)} />
    </label>
  );
  const choice = <K extends 'kind' | 'microphoneDiscipline'>(key: K, label: string, options: readonly Facts[K][], text: Record<Facts[K], string>) => (
    <label class={`field field--${key}`}>
      {label}
      <select name={`conf-${key}`} value={f[key]} disabled={!editable} onChange={(e) => set(key, e.currentTarget.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {text[o]}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form class="form details-facts" onSubmit={(e) => void save(e)} data-testid="details-facts">
      {field('title', d.conferenceTitle)}
      <div class="form__row">
        {choice('kind', d.kind, CONFERENCE_KINDS, t.organiser.conferenceKinds)}
        {field('date', d.date, 'date')}
        {field('startTime', d.startTime, 'time')}
        {field('timeZone', d.timeZone, 'text', 'time-zones')}
        <datalist id="time-zones">
          {ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      {field('venue', d.venue)}
      <div class="form__row">
        {field('organiser', d.organiser)}
        {field('clerkName', d.clerkName)}
      </div>
      <div class="form__row">
        {field('technicalContact', d.technicalContact)}
        {choice('microphoneDiscipline', d.microphones, MICROPHONE_DISCIPLINES, t.organiser.microphoneDisciplines)}
      </div>
      <div class="form__actions">
        <button type="submit" class="btn btn--primary" disabled={!editable || command === null || cmd.busy} data-testid="details-save">
          {t.organiser.save}
        </button>
        {saved && <span role="status" class="saved">{t.organiser.saved}</span>}
        <FieldError error={cmd.error} />
      </div>
    </form>
  );
}

/** The central point, chosen among the points (R-CONF-2: exactly one). */
function CentralPointChoice({ state }: { state: MeetingState }) {
  const t = useT();
  const cmd = useCommand();
  const editable = useEditable('updatePoint');
  const central = centralPoint(state);
  const choose = async (id: string) => {
    // The old central point becomes a district first: the core keeps one central point at a time.
    if (central) {
      const ack = await cmd.run({ type: 'updatePoint', pointId: central.id, kind: 'district' });
      if (!ack.ok) return;
    }
    if (id) await cmd.run({ type: 'updatePoint', pointId: id, kind: 'central' });
  };
  return (
    <label class="field">
      {t.organiser.details.centralPoint}
      <select name="central-point" value={central?.id ?? ''} disabled={!editable || cmd.busy} onChange={(e) => void choose(e.currentTarget.value)}>
        <option value="">{t.organiser.details.noCentralPoint}</option>
        {state.pointOrder.map((id) => (
          <option key={id} value={id}>
            {state.points[id]?.name ?? id}
          </option>
        ))}
      </select>
      <FieldError error={cmd.error} />
    </label>
  );
}

function StatusBox({ conf }: { conf: Conference }) {
  const t = useT();
  const cmd = useCommand();
  return (
    <div class="status-box" data-testid="status-box">
      <span>
        {t.organiser.details.status}: <strong>{t.status[conf.status]}</strong>
      </span>
      {TRANSITIONS[conf.status].map((to) => (
        <button key={to} type="button" class="btn btn--small" disabled={cmd.busy} data-testid={`to-${to}`} onClick={() => void cmd.run({ type: 'setConferenceStatus', status: to })}>
          {t.organiser.details.moveTo(t.status[to])}
        </button>
      ))}
      <FieldError error={cmd.error} />
    </div>
  );
}

function QuorumForm({ quorum }: { quorum: Quorum }) {
  const t = useT();
  const q = t.organiser.quorum;
  const cmd = useCommand();
  const editable = useEditable('setQuorum');
  const [kind, setKind] = useState<'none' | 'count' | 'percent'>(quorum?.kind ?? 'none');
  const [value, setValue] = useState(quorum === null ? '' : String(quorum.kind === 'count' ? quorum.present : quorum.percent));
  const save = (e: Event) => {
    e.preventDefault();
    const n = Number(value);
    void cmd.run({ type: 'setQuorum', quorum: kind === 'none' ? null : kind === 'count' ? { kind, present: n } : { kind, percent: n } });
  };
  return (
    <form class="form form--inline" onSubmit={save} data-testid="quorum-form">
      <label>
        {q.label}
        <select name="quorum-kind" value={kind} disabled={!editable} onChange={(e) => setKind(e.currentTarget.value as typeof kind)}>
          <option value="none">{q.none}</option>
          <option value="count">{q.count}</option>
          <option value="percent">{q.percent}</option>
        </select>
      </label>
      {kind !== 'none' && <input name="quorum-value" class="cell-input--num" type="number" min={1} value={value} aria-label={q.value} disabled={!editable} onInput={(e) => setValue(e.currentTarget.value)} />}
      <button type="submit" class="btn btn--small" disabled={!editable || cmd.busy}>
        {t.organiser.save}
      </button>
      <FieldError error={cmd.error} />
    </form>
  );
}

const LIMIT_KINDS = ['contribution', 'reply', 'pointOfOrder', 'directive'] as const;

function LimitsForm({ limits }: { limits: SpeakingLimits }) {
  const t = useT();
  const cmd = useCommand();
  const editable = useEditable('setSpeakingLimits');
  // Shown and typed in minutes (what the invitation says), sent in seconds (what the core keeps).
  const [minutes, setMinutes] = useState<Record<string, string>>(() =>
    Object.fromEntries(LIMIT_KINDS.map((k) => [k, limits[k] === null ? '' : String(Math.round((limits[k] as number) / 6) / 10)])),
  );
  const [warning, setWarning] = useState(String(limits.warningSeconds));
  const save = (e: Event) => {
    e.preventDefault();
    const secs = (k: (typeof LIMIT_KINDS)[number]) => (minutes[k]?.trim() ? Math.round(Number(minutes[k]) * 60) : null);
    void cmd.run({ type: 'setSpeakingLimits', limits: { contribution: secs('contribution'), reply: secs('reply'), pointOfOrder: secs('pointOfOrder'), directive: secs('directive'), warningSeconds: Number(warning) } });
  };
  return (
    <form class="form limits-form" onSubmit={save} data-testid="limits-form">
      <fieldset>
        <legend>{t.organiser.limits.title}</legend>
        {LIMIT_KINDS.map((k) => (
          <label key={k}>
            {t.requestKinds[k]}
            <input name={`limit-${k}`} class="cell-input--num" type="number" min={0} step="0.5" value={minutes[k]} placeholder={t.organiser.limits.none} disabled={!editable} onInput={(e) => setMinutes({ ...minutes, [k]: e.currentTarget.value })} />
          </label>
        ))}
        <label>
          {t.organiser.limits.warning}
          <input name="limit-warning" class="cell-input--num" type="number" min={0} value={warning} disabled={!editable} onInput={(e) => setWarning(e.currentTarget.value)} />
        </label>
      </fieldset>
      <span class="hint">{t.organiser.limits.hint}</span>
      <button type="submit" class="btn btn--small" disabled={!editable || cmd.busy}>
        {t.organiser.save}
      </button>
      <FieldError error={cmd.error} />
    </form>
  );
}

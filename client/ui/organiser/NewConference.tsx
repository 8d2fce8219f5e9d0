import { useState } from 'preact/hooks';
import { refusalText, useI18n } from '../../i18n/index.js';
import { copyConference, createConference, type ApiClient, type ConferenceSummary } from './api.js';

// A new conference: blank (title, date, time, place, organiser), or a copy of an earlier one —
// the same points, organisations, panel, agenda and settings, a new title and date (the monthly
// and quarterly conferences of a province are the same conference again).

export function NewConference(props: { api: ApiClient; conferences: ConferenceSummary[]; copyFrom: string; setCopyFrom: (id: string) => void; opened: (id: string) => void }) {
  const { api, conferences, copyFrom, setCopyFrom, opened } = props;
  const { t } = useI18n();
  const l = t.organiser.list;
  const d = t.organiser.details;
  const [form, setForm] = useState({ title: '', date: '', startTime: '', organiser: '', venue: '' });
  const [withInvitations, setWithInvitations] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const source = conferences.find((c) => c.conferenceId === copyFrom);
  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const time = form.startTime ? { startTime: form.startTime } : {};
    const r = source
      ? await copyConference(api, source.conferenceId, { title: form.title, date: form.date, ...time, invitationList: withInvitations })
      : await createConference(api, { title: form.title, date: form.date, organiser: form.organiser, venue: form.venue, ...time });
    setBusy(false);
    if (!r.ok) return setError(l.failed(refusalText(t, r.code)));
    opened(r.value.conferenceId);
  };
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <label>
      {label}
      <input name={`new-${key}`} type={type} value={form[key]} required={key !== 'startTime'} onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <section class="panel" aria-labelledby="new-title" data-testid="new-conference">
      <h2 id="new-title" class="panel__title">
        {l.create}
      </h2>
      <form class="form" onSubmit={(e) => void create(e)}>
        <label>
          {l.startFrom}
          <select name="copy-from" value={copyFrom} onChange={(e) => setCopyFrom(e.currentTarget.value)}>
            <option value="">{l.blank}</option>
            {conferences.map((c) => (
              <option key={c.conferenceId} value={c.conferenceId}>
                {l.copyOf(c.title ?? c.conferenceId, c.date ?? '')}
              </option>
            ))}
          </select>
        </label>
        {field('title', d.conferenceTitle)}
        <div class="form__row">
          {field('date', d.date, 'date')}
          {field('startTime', d.startTime, 'time')}
        </div>
        {source ? (
          <>
            <p class="hint">{l.copyCarries}</p>
            <label class="check">
              <input type="checkbox" name="copy-invitations" checked={withInvitations} onChange={(e) => setWithInvitations(e.currentTarget.checked)} /> {l.copyInvitations}
            </label>
          </>
        ) : (
          <>
            {field('venue', d.venue)}
            {field('organiser', d.organiser)}
          </>
        )}
        <button type="submit" class="btn btn--primary" disabled={busy} data-testid="create-conference">
          {source ? l.copyDo : l.createDo}
        </button>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

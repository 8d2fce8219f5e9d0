import { useEffect, useState } from 'preact/hooks';
import { refusalText, useI18n } from '../../i18n/index.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';
import { conferenceLink } from '../route.js';
import { apiClient, byPhase, listConferences, PHASES, type ApiClient, type ConferenceSummary, type ListQuery } from './api.js';
import { NewConference } from './NewConference.js';
import './organiser.css';
import { TableHead } from '../common/TableHead.js';

// What the server-admin link opens: every conference on this server, in progress, upcoming and
// ended, searched by title and date (the server does the search); and a new conference, blank or
// copied from an earlier one. A conference opens in its organiser console with the same link.

export function ConferenceList({ token, api = apiClient(token) }: { token: string; api?: ApiClient }) {
  const { t } = useI18n();
  const l = t.organiser.list;
  const [list, setList] = useState<ConferenceSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState<ListQuery>({ q: '', from: '', to: '' });
  const [copyFrom, setCopyFrom] = useState<string>('');
  useEffect(() => {
    let stale = false;
    // Typing waits a moment before the server is asked.
    const timer = setTimeout(async () => {
      const r = await listConferences(api, query);
      if (stale) return;
      if (r.ok) {
        setList(r.value.conferences);
        setError(null);
      } else setError(l.failed(refusalText(t, r.code)));
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query.q, query.from, query.to]);
  const groups = list ? byPhase(list) : null;
  const open = (id: string) => conferenceLink(token, id, location.pathname);
  return (
    <div class="shell shell--organiser">
      <header class="topbar">
        <div class="topbar__who">
          <span class="topbar__role" data-testid="role">
            {t.roles.admin}
          </span>
          <span class="topbar__title">{t.app.name}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main class="shell__main" id="main">
        <div class="conf-list" data-testid="conference-list">
          <section class="panel" aria-labelledby="list-title">
            <h1 id="list-title" class="panel__title">
              {l.title}
            </h1>
            <div class="conf-list__filters form form--inline" role="search">
              <label>
                {l.search}
                <input type="search" name="search" value={query.q} onInput={(e) => setQuery({ ...query, q: e.currentTarget.value })} />
              </label>
              <label>
                {l.from}
                <input type="date" name="from" value={query.from} onInput={(e) => setQuery({ ...query, from: e.currentTarget.value })} />
              </label>
              <label>
                {l.to}
                <input type="date" name="to" value={query.to} onInput={(e) => setQuery({ ...query, to: e.currentTarget.value })} />
              </label>
            </div>
            {error && (
              <p class="banner banner--bad" role="alert">
                {error}
              </p>
            )}
            {!groups && !error && <p class="empty">{l.loading}</p>}
            {groups &&
              PHASES.map((phase) => (
                <div key={phase} class="conf-group" data-testid={`group-${phase}`}>
                  <h2 class="panel__title">
                    {l[phase]} <span class="count">({groups[phase].length})</span>
                  </h2>
                  {groups[phase].length === 0 ? (
                    <p class="empty">{l.none}</p>
                  ) : (
                    <table class="table table--compact">
                      <TableHead columns={[l.date, l.conference, t.organiser.details.status]} />
                      <tbody>
                        {groups[phase].map((c) => (
                          <tr key={c.conferenceId} data-conference-id={c.conferenceId}>
                            <td class="nowrap">{formatDate(c.date, c.startTime)}</td>
                            <td>
                              <a class="conf-row__title" href={open(c.conferenceId)}>
                                {c.title ?? c.conferenceId}
                              </a>
                              <div class="hint">
                                {[c.venue, c.points !== undefined ? l.pointCount(c.points) : null].filter(Boolean).join(' · ')}
                              </div>
                            </td>
                            <td>{c.status ? t.status[c.status] : ''}</td>
                            <td>
                              <button type="button" class="btn btn--small" onClick={() => setCopyFrom(c.conferenceId)} data-testid="copy-conference">
                                {l.copy}
                              </button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
              ))}
          </section>
          <NewConference api={api} conferences={list ?? []} copyFrom={copyFrom} setCopyFrom={setCopyFrom} opened={(id) => location.assign(open(id))} />
        </div>
      </main>
    </div>
  );
}

/** 2026-12-05 and 08:00 → 05/12/2026 08:00, as Vietnamese documents write dates. */
export function formatDate(date: string | null | undefined, time: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}${time ? ` ${time}` : ''}`;
}

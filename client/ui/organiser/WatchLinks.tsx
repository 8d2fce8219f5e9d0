import { useEffect, useState } from 'preact/hooks';
import { MAX_WATCH_LINK_HOURS, TEXT_LIMITS } from '../../../shared/protocol/common.js';
import { refusalText, useI18n } from '../../i18n/index.js';
import { TableHead } from '../common/TableHead.js';
import { issueWatchLink, listWatchLinks, revokeWatchLink, type ApiClient, type WatchLinkView } from './api.js';

// The live stream's watch links beside the join links (LinksSection): each a read-only address of
// this conference's live stream — a page for the press's browsers (…/live/<token>/) and the
// playlist for VLC, a TV station or the provincial portal (…/live/<token>/index.m3u8) — issued
// with whom it is for and how long it lasts, copied, revoked. What such
// a link can and cannot reach: docs/SECURITY.md.

export function WatchLinks({ api, conferenceId }: { api: ApiClient; conferenceId: string }) {
  const { t } = useI18n();
  const k = t.liveWatch.links;
  const [links, setLinks] = useState<WatchLinkView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [hours, setHours] = useState('24');

  const answer = <T,>(r: { ok: true; value: T } | { ok: false; code: string }): T | null => {
    setError(r.ok ? null : refusalText(t, r.code));
    return r.ok ? r.value : null;
  };
  const reload = async () => {
    const v = answer(await listWatchLinks(api, conferenceId));
    if (v) setLinks(v.links);
  };
  useEffect(() => void reload(), [conferenceId]);
  const act = async (work: Promise<{ ok: true; value: unknown } | { ok: false; code: string }>) => {
    if (answer(await work) !== null) await reload();
  };
  const issue = () => {
    const ttlHours = Math.round(Number(hours));
    void act(issueWatchLink(api, conferenceId, { ...(label.trim() ? { label: label.trim() } : {}), ...(Number.isFinite(ttlHours) ? { ttlHours } : {}) }));
  };
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard (an http:// page on a LAN): the address is in its field, to copy by hand.
    }
  };
  const when = (ms: number) => new Date(ms).toLocaleString(t.locale, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <section class="panel org-section" aria-labelledby="watch-links-title" data-testid="watch-links">
      <div class="panel__head">
        <h2 id="watch-links-title" class="panel__title">
          {k.title}
        </h2>
      </div>
      <p class="hint">{k.hint}</p>
      <div class="form form--inline">
        <label>
          {k.label}
          <input name="watch-label" value={label} maxLength={TEXT_LIMITS.name} placeholder={k.labelPlaceholder} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <label class="inline-field">
          {k.validHours}
          <input name="watch-hours" class="cell-input--num" type="number" min={1} max={MAX_WATCH_LINK_HOURS} value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
        </label>
        <button type="button" class="btn btn--primary" onClick={issue} data-testid="issue-watch-link">
          {k.issue}
        </button>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {links === null ? (
        <p class="empty">{t.app.loading}</p>
      ) : links.length === 0 ? (
        <p class="empty">{k.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="table table--compact org-table" data-testid="watch-links-table">
            <TableHead columns={[k.label, t.organiser.links.link, t.organiser.links.expires]} />
            <tbody>
              {[...links].reverse().map((l) => (
                <tr key={l.id} data-watch-link-id={l.id}>
                  <th scope="row">
                    {l.label ?? '—'}
                    <div class="hint">{k.issuedBy(t.roles[l.issuedBy])}</div>
                  </th>
                  <td class="link-cell">
                    {l.live ? (
                      <>
                        <input class="cell-input link-url" readOnly value={l.page} aria-label={`${k.page}: ${l.label ?? l.id}`} onFocus={(e) => e.currentTarget.select()} data-testid="watch-page-url" />
                        <div class="hint">{k.page}</div>
                        <input class="cell-input link-url" readOnly value={l.url} aria-label={`${k.player}: ${l.label ?? l.id}`} onFocus={(e) => e.currentTarget.select()} data-testid="watch-link-url" />
                        <div class="hint">{k.player}</div>
                      </>
                    ) : (
                      <span class="badge badge--muted">{l.revokedAt !== null ? k.revoked : k.expired}</span>
                    )}
                  </td>
                  <td class="nowrap">{when(l.expiresAt)}</td>
                  <td class="row-actions">
                    {l.live && (
                      <>
                        <button type="button" class="btn btn--small" onClick={() => void copy(l.page)}>
                          {t.organiser.links.copy}
                        </button>
                        <button type="button" class="btn btn--small btn--danger" onClick={() => void act(revokeWatchLink(api, conferenceId, l.id))}>
                          {t.organiser.links.revoke}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

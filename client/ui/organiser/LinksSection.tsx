import { useEffect, useState } from 'preact/hooks';
import type { MeetingState } from '../../../shared/meeting/state.js';
import { MAX_LINK_DAYS } from '../../../shared/protocol/common.js';
import { refusalText, useI18n } from '../../i18n/index.js';
import { useSession } from '../session.js';
import { apiClient, documentPaths, issueLink, issuePointLinks, listLinks, revokeLink, type ApiClient, type LinkView } from './api.js';
import { DownloadButton } from './DownloadButton.js';
import { TableHead } from '../common/TableHead.js';
import { WatchLinks } from './WatchLinks.js';

// Inviting: the join links per role and per point (issue, copy, revoke, re-issue with a new
// expiry; who opened which link and when), the connection sheets to print (one A4 page per
// point with its link and QR code) and the invitation letter to edit and sign; the live stream's
// watch links for players without headers (WatchLinks.tsx).

const ROLE_ORDER: LinkView['role'][] = ['chair', 'clerk', 'observer', 'admin'];

export function LinksSection({ state }: { state: MeetingState }) {
  const { t } = useI18n();
  const k = t.organiser.links;
  const { token, conferenceId } = useSession();
  const [api] = useState(() => apiClient(token));
  const [links, setLinks] = useState<LinkView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [days, setDays] = useState('30');
  const [letter, setLetter] = useState({ number: '', signDate: '' });
  const ttlHours = Math.max(1, Math.round(Number(days) * 24)) || undefined;

  const answer = <T,>(r: { ok: true; value: T } | { ok: false; code: string; message: string }): T | null => {
    if (r.ok) {
      setError(null);
      return r.value;
    }
    setError(refusalText(t, r.code));
    return null;
  };
  const reload = async () => {
    const v = answer(await listLinks(api, conferenceId));
    if (v) setLinks(v.links);
  };
  useEffect(() => void reload(), [conferenceId]);
  const act = async (work: Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }>) => {
    if (answer(await work) !== null) await reload();
  };

  const live = (l: LinkView) => l.revokedAt === null && l.expiresAt > Date.now();
  const newest = (match: (l: LinkView) => boolean) => (links ?? []).filter((l) => match(l) && live(l)).sort((a, b) => b.createdAt - a.createdAt)[0];
  const rows: { key: string; who: string; role: LinkView['role']; pointId?: string; link: LinkView | undefined }[] = [
    ...ROLE_ORDER.map((role) => ({ key: role, who: t.roles[role], role, link: newest((l) => l.role === role) })),
    ...state.pointOrder.map((pointId) => ({ key: pointId, who: state.points[pointId]?.name ?? pointId, role: 'point' as const, pointId, link: newest((l) => l.role === 'point' && l.pointId === pointId) })),
  ];
  const missing = state.pointOrder.filter((id) => !newest((l) => l.role === 'point' && l.pointId === id)).length;

  return (
    <div class="org-links" data-testid="links-section">
      <section class="panel org-section" aria-labelledby="links-title">
        <div class="panel__head">
          <h2 id="links-title" class="panel__title">
            {k.title}
          </h2>
          <label class="inline-field">
            {k.validDays}
            <input name="link-days" class="cell-input--num" type="number" min={1} max={MAX_LINK_DAYS} value={days} onInput={(e) => setDays(e.currentTarget.value)} />
          </label>
          <button type="button" class="btn btn--primary" disabled={missing === 0} onClick={() => void act(issuePointLinks(api, conferenceId, ttlHours))} data-testid="issue-point-links">
            {k.issueMissing(missing)}
          </button>
        </div>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        {!links ? (
          <p class="empty">{t.app.loading}</p>
        ) : (
          <div class="table-wrap">
            <table class="table table--compact org-table" data-testid="links-table">
              <TableHead columns={[k.who, k.link, k.expires, k.opened]} />
              <tbody>
                {rows.map((r) => (
                  <LinkRow key={r.key} api={api} who={r.who} link={r.link} issue={() => void act(issueLink(api, conferenceId, { role: r.role, ...(r.pointId ? { pointId: r.pointId, label: r.who } : {}), ...(ttlHours ? { ttlHours } : {}) }))} revoke={(reissue) => r.link && void act(revokeLink(api, conferenceId, r.link.id, reissue, ttlHours))} pointId={r.pointId} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <WatchLinks api={api} conferenceId={conferenceId} />
      <section class="panel org-section" aria-labelledby="docs-title">
        <h2 id="docs-title" class="panel__title">
          {k.documents}
        </h2>
        <p class="hint">{k.sheetsHint}</p>
        <DownloadButton api={api} path={documentPaths.connectionSheets(conferenceId)} fileName="phieu-ket-noi.pdf" label={k.sheets} testId="download-sheets" primary />
        <div class="form form--inline">
          <label>
            {k.letterNumber}
            <input name="letter-number" value={letter.number} placeholder="…/GM-UBND" onInput={(e) => setLetter({ ...letter, number: e.currentTarget.value })} />
          </label>
          <label>
            {k.letterDate}
            <input name="letter-date" type="date" value={letter.signDate} onInput={(e) => setLetter({ ...letter, signDate: e.currentTarget.value })} />
          </label>
        </div>
        <DownloadButton api={api} path={documentPaths.invitation(conferenceId, letter.number, letter.signDate)} fileName="giay-moi.docx" label={k.letter} testId="download-letter" />
      </section>
    </div>
  );
}

function LinkRow(props: { api: ApiClient; who: string; link: LinkView | undefined; pointId: string | undefined; issue: () => void; revoke: (reissue: boolean) => void }) {
  const { link, who } = props;
  const { t, lang } = useI18n();
  const k = t.organiser.links;
  const [copied, setCopied] = useState(false);
  const when = (ms: number | null | undefined) => (ms ? new Date(ms).toLocaleString(t.locale, { dateStyle: 'short', timeStyle: 'short' }) : '');
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
    } catch {
      // No clipboard permission (an http:// page on a LAN): the link stays selected to copy by hand.
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <tr data-link-for={props.pointId ?? who} data-link-id={link?.id ?? ''} lang={lang}>
      <th scope="row">{who}</th>
      <td class="link-cell">
        {link ? <input class="cell-input link-url" readOnly value={link.url} aria-label={`${k.link}: ${who}`} onFocus={(e) => e.currentTarget.select()} data-testid="link-url" /> : <span class="badge badge--warn">{k.none}</span>}
      </td>
      <td class="nowrap">{link ? when(link.expiresAt) : ''}</td>
      <td class="nowrap" data-testid="link-opened">
        {link ? (link.opens ? k.openedAt(link.opens, when(link.firstOpenedAt), when(link.lastOpenedAt)) : <span class="badge badge--muted">{k.notOpened}</span>) : ''}
      </td>
      <td class="row-actions">
        {link ? (
          <>
            <button type="button" class="btn btn--small" onClick={() => void copy()}>
              {copied ? k.copied : k.copy}
            </button>
            <button type="button" class="btn btn--small" onClick={() => props.revoke(true)} title={k.reissueHint}>
              {k.reissue}
            </button>
            <button type="button" class="btn btn--small btn--danger" onClick={() => props.revoke(false)}>
              {k.revoke}
            </button>
          </>
        ) : (
          <button type="button" class="btn btn--small btn--primary" onClick={props.issue}>
            {k.issue}
          </button>
        )}
      </td>
    </tr>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { VIDEO_SOURCES, tileKey } from '../../../shared/media/layout-plan.js';
import { useT } from '../../i18n/index.js';
import { useMedia } from '../media.js';
import type { LiveMedia } from '../mediaAdapter.js';
import { useMeeting } from '../session.js';
import { AgendaSection } from './AgendaSection.js';
import { ArchiveSection } from './ArchiveSection.js';
import { DetailsSection } from './DetailsSection.js';
import { InvitationSection } from './InvitationSection.js';
import { LineTestBoard } from './LineTestBoard.js';
import { LinksSection } from './LinksSection.js';
import { OrganisationsSection } from './OrganisationsSection.js';
import { PanelSection } from './PanelSection.js';
import { PointsSection } from './PointsSection.js';
import './organiser.css';

// The organiser's console of one conference: preparing it (details, points, panel, agenda, the
// organisations per point, invitation list), inviting (links, sheets, letter), the line test, and the record afterwards.
// One section at a time beside a short menu, so each has the whole height at 1366×768.

export const SECTIONS = ['details', 'points', 'organisations', 'panel', 'agenda', 'invitations', 'links', 'lineTest', 'archive'] as const;
export type SectionKey = (typeof SECTIONS)[number];

export function OrganiserConsole({ backToList }: { backToList?: string }) {
  const t = useT();
  const state = useMeeting();
  const status = state.conference?.status;
  const [section, setSection] = useState<SectionKey>(status === 'adjourned' || status === 'closed' ? 'archive' : 'details');
  const [checking, setChecking] = useState<string | null>(null);
  usePrivateCheckView(state.pointOrder, section === 'lineTest' ? checking : null);
  return (
    <div class="organiser" data-testid="organiser-console">
      <nav class="organiser__nav" aria-label={t.organiser.menu}>
        {backToList && (
          <a class="organiser__back" href={backToList} data-testid="back-to-list">
            ← {t.organiser.list.title}
          </a>
        )}
        <ul>
          {SECTIONS.map((k) => (
            <li key={k}>
              <button type="button" class={`organiser__tab ${k === section ? 'is-current' : ''}`} aria-current={k === section ? 'page' : undefined} data-testid={`tab-${k}`} onClick={() => setSection(k)}>
                {t.organiser.sections[k]}
                {k === 'points' && <span class="count"> ({state.pointOrder.length})</span>}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div class="organiser__main">
        {section === 'details' && <DetailsSection state={state} />}
        {section === 'points' && <PointsSection state={state} />}
        {section === 'organisations' && <OrganisationsSection state={state} />}
        {section === 'panel' && <PanelSection state={state} />}
        {section === 'agenda' && <AgendaSection state={state} />}
        {section === 'invitations' && <InvitationSection state={state} />}
        {section === 'links' && <LinksSection state={state} />}
        {section === 'lineTest' && <LineTestBoard state={state} checking={checking} setChecking={setChecking} />}
        {section === 'archive' && <ArchiveSection state={state} />}
      </div>
    </div>
  );
}

/**
 * The organiser receives no program: every point's video is minimised at the SFU (its consumer
 * paused, no packets). The point being checked on the line-test board is consumed by the server
 * for this console alone (media:privateCheck), its microphone included even while the program
 * keeps it closed; leaving the board or choosing no point ends the check.
 */
function usePrivateCheckView(pointIds: readonly string[], checking: string | null): void {
  const media = useMedia() as Partial<LiveMedia>;
  const client = media.client;
  useEffect(() => {
    if (!client) return;
    const minimised = pointIds.flatMap((id) => VIDEO_SOURCES.map((s) => tileKey(id, s)));
    void client.setView({ page: 0, pageSize: 1, minimised }).catch(() => {});
  }, [client, pointIds.join(',')]);
  useEffect(() => {
    if (!client) return;
    void client.privateCheck(checking).catch(() => {});
  }, [client, checking]);
}

import { useState } from 'preact/hooks';
import type { Catalogue } from '../../i18n/index.js';
import { useT } from '../../i18n/index.js';
import { useMeeting, useSession } from '../session.js';
import { AgendaSection } from './AgendaSection.js';
import { DetailsSection } from './DetailsSection.js';
import { InvitationSection } from './InvitationSection.js';
import { PanelSection } from './PanelSection.js';
import { PointsSection } from './PointsSection.js';
import './organiser.css';

// The organiser's console of one conference: preparing it (details, points, panel, agenda, the
// invitation list), inviting (links, sheets, letter), the line test, and the record afterwards.
// One section at a time beside a short menu, so each has the whole height at 1366×768.

export const SECTIONS = ['details', 'points', 'panel', 'agenda', 'invitations'] as const;
export type SectionKey = (typeof SECTIONS)[number];

export function OrganiserConsole({ backToList }: { backToList?: string }) {
  const t = useT();
  const state = useMeeting();
  useSession();
  const [section, setSection] = useState<SectionKey>('details');
  const label = (k: SectionKey, c: Catalogue) => c.organiser.sections[k];
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
                {label(k, t)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div class="organiser__main">
        {section === 'details' && <DetailsSection state={state} />}
        {section === 'points' && <PointsSection state={state} />}
        {section === 'panel' && <PanelSection state={state} />}
        {section === 'agenda' && <AgendaSection state={state} />}
        {section === 'invitations' && <InvitationSection state={state} />}
      </div>
    </div>
  );
}

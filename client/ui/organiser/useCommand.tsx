import { useState } from 'preact/hooks';
import { allowedStatuses } from '../../../shared/meeting/permissions.js';
import type { Command, CommandType } from '../../../shared/protocol/index.js';
import type { Ack } from '../../../shared/protocol/socket.js';
import { refusalText, useT, type Catalogue } from '../../i18n/index.js';
import { useMeeting, useSession } from '../session.js';

// Commands of the organiser's editors, with their refusals shown where the edit was made (beside
// the field or the row), in the user's language, from the core's error code. Nothing is decided
// here: the command goes to the core, and the view shows what the core answered.

export interface CommandSlot {
  /** sends the command; the refusal (if any) is kept for `error` */
  run: (command: Command) => Promise<Ack>;
  /** the last refusal's text, or null */
  error: string | null;
  busy: boolean;
  clear: () => void;
}

export function useCommand(): CommandSlot {
  const t = useT();
  const { send } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (command: Command) => {
    setBusy(true);
    const ack = await send(command, { inPlace: true });
    setBusy(false);
    setError(ack.ok ? null : inPlaceText(t, ack.code, ack.message));
    return ack;
  };
  return { run, error, busy, clear: () => setError(null) };
}

/** Whether the core accepts this kind of command in the conference's status now (R-CONF-*). */
export function useEditable(type: CommandType): boolean {
  const status = useMeeting().conference?.status;
  return status !== undefined && allowedStatuses(type).includes(status);
}

/** The refusal beside an edit, announced to screen readers. */
export function FieldError({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null;
  return (
    <span class="field-error" role="alert" {...(id ? { id } : {})}>
      {error}
    </span>
  );
}

/**
 * A refusal in the user's language, keeping what the core named in it: the core appends the
 * names it refused in parentheses ("… (Xã An, Xã Bình)"), which the person needs to fix the list.
 */
export function inPlaceText(t: Catalogue, code: string, message: string): string {
  const text = refusalText(t, code);
  const named = /\(([^()]*)\)\s*$/.exec(message);
  return named ? `${text} (${named[1]})` : text;
}

// What /readyz asks: may this node take conferences now? Each part of the node that can fail on
// its own (the event log, the media workers; in cluster mode Redis and PostgreSQL) registers a
// check here, so the probe names what is down instead of a bare 503. A check that does not answer
// within its timeout counts as down: a hung database is as unready as a dead one.

export interface CheckOutcome {
  readonly ok: boolean;
  /** why it is down (or what it saw), for the operator; never a secret or a conference's data */
  readonly detail?: string;
}

export type ReadinessCheck = () => Promise<CheckOutcome>;

export interface ReadinessReport {
  readonly ready: boolean;
  /** every registered check by name: true when it passed */
  readonly checks: Record<string, boolean>;
  /** the checks that failed, each with its reason */
  readonly down: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 2_000;

export class Readiness {
  readonly #checks = new Map<string, { check: ReadinessCheck; timeoutMs: number }>();

  /** Adds a check under a name (store, media, redis …); a name is registered once. */
  register(name: string, check: ReadinessCheck, options: { timeoutMs?: number } = {}): void {
    if (this.#checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.#checks.set(name, { check, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  get names(): string[] {
    return [...this.#checks.keys()];
  }

  /** Runs every check at once, each bounded by its timeout. Never rejects. */
  async probe(): Promise<ReadinessReport> {
    const entries = [...this.#checks].map(async ([name, { check, timeoutMs }]) => [name, await bounded(check, timeoutMs)] as const);
    const results = await Promise.all(entries);
    const checks: Record<string, boolean> = {};
    const down: Record<string, string> = {};
    for (const [name, outcome] of results) {
      checks[name] = outcome.ok;
      if (!outcome.ok) down[name] = outcome.detail ?? 'down';
    }
    return { ready: results.every(([, o]) => o.ok), checks, down };
  }
}

async function bounded(check: ReadinessCheck, timeoutMs: number): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(check)
        .catch((error: unknown) => ({ ok: false, detail: `failed (${errorName(error)})` })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error's code or class, not its message: /readyz is public and a driver's message may name hosts or users. */
function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.name;
  }
  return typeof error;
}

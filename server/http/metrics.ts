// Prometheus text exposition, written by hand: four families do not justify a client library.
// Names follow Prometheus conventions (base units: seconds; counters end in _total).

const APPEND_BUCKETS_SECONDS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] as const;

export interface MetricsSnapshot {
  readonly socketsByRole: ReadonlyMap<string, number>;
  readonly activeConferences: number;
  readonly failedConferences: number;
}

export class Metrics {
  #eventsAppended = 0;
  #appendCount = 0;
  #appendSumSeconds = 0;
  readonly #appendBuckets = APPEND_BUCKETS_SECONDS.map(() => 0);
  #commandsAccepted = 0;
  #commandsRefused = 0;
  #joinsRefused = 0;

  recordAppend(events: number, ms: number): void {
    const seconds = ms / 1000;
    this.#eventsAppended += events;
    this.#appendCount++;
    this.#appendSumSeconds += seconds;
    APPEND_BUCKETS_SECONDS.forEach((le, i) => {
      if (seconds <= le) this.#appendBuckets[i] = (this.#appendBuckets[i] ?? 0) + 1;
    });
  }

  /** Commands of clients (sockets, HTTP); the server's own presence and media commands are not counted here. */
  recordCommand(accepted: boolean, source: 'socket' | 'http' | 'system' = 'socket'): void {
    if (source === 'system') return;
    if (accepted) this.#commandsAccepted++;
    else this.#commandsRefused++;
  }

  recordJoinRefused(): void {
    this.#joinsRefused++;
  }

  render(now: MetricsSnapshot): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

    family('hoinghi_connected_sockets', 'gauge', 'Sockets connected to a conference, by role.');
    for (const role of ['admin', 'chair', 'clerk', 'point', 'observer']) {
      lines.push(`hoinghi_connected_sockets{role="${role}"} ${now.socketsByRole.get(role) ?? 0}`);
    }
    family('hoinghi_active_conferences', 'gauge', 'Conferences loaded and open on this server.');
    lines.push(`hoinghi_active_conferences ${now.activeConferences}`);
    family('hoinghi_failed_conferences', 'gauge', 'Conferences whose log could not be replayed at start.');
    lines.push(`hoinghi_failed_conferences ${now.failedConferences}`);
    family('hoinghi_events_appended_total', 'counter', 'Events appended to the log since start.');
    lines.push(`hoinghi_events_appended_total ${this.#eventsAppended}`);
    family('hoinghi_append_duration_seconds', 'histogram', 'Time to make one batch of events durable.');
    APPEND_BUCKETS_SECONDS.forEach((le, i) => lines.push(`hoinghi_append_duration_seconds_bucket{le="${le}"} ${this.#appendBuckets[i] ?? 0}`));
    lines.push(`hoinghi_append_duration_seconds_bucket{le="+Inf"} ${this.#appendCount}`);
    lines.push(`hoinghi_append_duration_seconds_sum ${this.#appendSumSeconds}`);
    lines.push(`hoinghi_append_duration_seconds_count ${this.#appendCount}`);
    family('hoinghi_commands_total', 'counter', 'Commands received over sockets and HTTP, by outcome.');
    lines.push(`hoinghi_commands_total{outcome="accepted"} ${this.#commandsAccepted}`);
    lines.push(`hoinghi_commands_total{outcome="refused"} ${this.#commandsRefused}`);
    family('hoinghi_joins_refused_total', 'counter', 'Socket joins and API calls refused for their token.');
    lines.push(`hoinghi_joins_refused_total ${this.#joinsRefused}`);
    return `${lines.join('\n')}\n`;
  }
}

import type { types } from 'mediasoup';
import type { ProducerData } from './media-session.js';

/**
 * Who is talking, from measured audio (issue 12). mediasoup's ActiveSpeakerObserver names the
 * first audio producer dominant as soon as it is added, packets or not, and never lets go: the
 * first point to join was "talking" for good, muted, held, or with no media at all. An
 * AudioLevelObserver reports only producers whose packets carry a level above the threshold; of
 * those, the loudest point whose microphone the meeting keeps open (audible) and whose producer
 * is not paused talks. After HANGOVER_MS without such a level, nobody does.
 *
 * The numbers are measured, not guessed (docs/MEDIA.md): mediasoup averages the packets' levels
 * over each interval and skips a producer with fewer than 10 packets in it. Chromium's fake
 * microphone (a short beep twice a second) averages -72…-77 dBov per 500 ms window (-48…-102 per
 * 300 ms, windows with and without a beep); an open microphone in a silent room sends Opus DTX,
 * ~5 packets a second, so it is never counted. -85 dBov keeps 8 dB under the quietest measured
 * window; three windows of hangover ride over one without a beep.
 */
export const TALKING_THRESHOLD_DBOV = -85;
export const HANGOVER_MS = 1500;

export class TalkingTracker {
  readonly #observer: types.AudioLevelObserver;
  readonly #audible: (pointId: string) => boolean;
  readonly #report: (pointId: string | null) => void;
  readonly #timer: NodeJS.Timeout;
  #current: string | null = null;
  #heardAt = 0;

  private constructor(observer: types.AudioLevelObserver, audible: (pointId: string) => boolean, report: (pointId: string | null) => void, intervalMs: number) {
    this.#observer = observer;
    this.#audible = audible;
    this.#report = report;
    observer.on('volumes', (volumes) => this.#heard(volumes));
    this.#timer = setInterval(() => this.#expire(), intervalMs);
    this.#timer.unref();
    observer.observer.once('close', () => clearInterval(this.#timer));
  }

  static async create(router: types.Router, intervalMs: number, audible: (pointId: string) => boolean, report: (pointId: string | null) => void): Promise<TalkingTracker> {
    const observer = await router.createAudioLevelObserver({ maxEntries: 8, threshold: TALKING_THRESHOLD_DBOV, interval: intervalMs });
    return new TalkingTracker(observer, audible, report, intervalMs);
  }

  get current(): string | null {
    return this.#current;
  }

  async add(producer: types.Producer): Promise<void> {
    await this.#observer.addProducer({ producerId: producer.id }).catch(() => undefined);
  }

  /** The meeting's policy changed: a talker whose microphone is no longer open stops at once. */
  recheck(): void {
    if (this.#current !== null && !this.#audible(this.#current)) this.#set(null);
  }

  close(): void {
    clearInterval(this.#timer);
    if (!this.#observer.closed) this.#observer.close();
  }

  #heard(volumes: types.AudioLevelObserverVolume[]): void {
    // Loudest first, as mediasoup sorts them.
    const loudest = volumes.find(({ producer }) => !producer.paused && this.#audible((producer.appData as ProducerData).pointId));
    if (!loudest) return;
    this.#heardAt = Date.now();
    this.#set((loudest.producer.appData as ProducerData).pointId);
  }

  #expire(): void {
    if (this.#current !== null && Date.now() - this.#heardAt > HANGOVER_MS) this.#set(null);
    else this.recheck();
  }

  #set(pointId: string | null): void {
    if (pointId === this.#current) return;
    this.#current = pointId;
    this.#report(pointId);
  }
}

// What a fuzz run found: each kind of break once with how often it happened and its first
// example, so a long run's report stays readable and a finding can be replayed from its seed.

export interface Finding {
  readonly kind: string;
  readonly example: string;
  count: number;
  /** the step of the run (batch number) where it first showed, for replaying with the same seed */
  readonly firstStep: number;
}

export class Findings {
  readonly #byKind = new Map<string, Finding>();

  add(kind: string, example: string, step: number): void {
    const known = this.#byKind.get(kind);
    if (known) known.count++;
    else this.#byKind.set(kind, { kind, example: example.slice(0, 600), count: 1, firstStep: step });
  }

  get list(): Finding[] {
    return [...this.#byKind.values()];
  }

  get size(): number {
    return this.#byKind.size;
  }

  text(): string {
    return this.list.map((f) => `- ${f.kind} ×${f.count} (first at step ${f.firstStep}): ${f.example}`).join('\n');
  }
}

/** Quantiles of a sample, as every benchmark reports them. */
export interface Quantiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** The value at quantile `q` (0..1) of `sorted`, nearest rank. */
export function at(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function quantiles(samples: readonly number[]): Quantiles {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: at(s, 0.5), p99: at(s, 0.99), max: s.at(-1) ?? NaN };
}

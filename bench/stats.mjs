// Summaries that hold up on a noisy 2-core machine: medians and quartiles, not means.

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Median with its spread: the 25th and 75th percentiles, the 95th, and how many samples. */
export function summarize(values) {
  return {
    median: round(quantile(values, 0.5)),
    p25: round(quantile(values, 0.25)),
    p75: round(quantile(values, 0.75)),
    p95: round(quantile(values, 0.95)),
    n: values.length,
  };
}

export function ratio(value, baseline) {
  return baseline === 0 ? null : round(value / baseline, 2);
}

export function round(value, digits = 3) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

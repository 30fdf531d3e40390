/**
 * mulberry32: a tiny seeded PRNG, so a run can be replayed from its seed — the sandbox's simulated
 * Slack, the tests' generated inputs and faults, and the benchmarks' traffic mixes all use this one.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeScope, scopeHeadline, scopeInPlainWords, suggestedSeverity, unknownScope, type LabelledRate, type Scope } from '../../src/core/scope.js';
import { mulberry32 } from '../../src/sandbox/seeded-random.js';

const AT = '2026-11-23T10:02:00.000Z';
const rate = (region: string | null, service: string | null, value: number): LabelledRate => ({ region, service, value });
const scopeOf = (errors: LabelledRate[], requests: LabelledRate[], affectedAbove = 0.01): Scope => computeScope({ errors, requests, affectedAbove, source: 'prometheus', at: AT });
const scope = (over: Partial<Scope>): Scope => ({ classification: 'none', failingRatio: 0, regions: [], services: [], source: 'prometheus', at: AT, ...over });

void describe('computeScope: classification', () => {
  test('one failing region among healthy ones is regional', () => {
    const s = scopeOf(
      [rate('eu-west-1', 'checkout', 41), rate('us-east-1', 'checkout', 0.5)],
      [rate('eu-west-1', 'checkout', 100), rate('us-east-1', 'checkout', 100), rate('ap-south-1', 'checkout', 100)],
    );
    assert.equal(s.classification, 'regional', 'only eu-west-1 is above 1 %');
    assert.deepEqual(s.regions, [{ name: 'eu-west-1', failingRatio: 0.41 }], 'only the affected region is listed');
    assert.equal(s.failingRatio, 0.1383, 'overall = 41.5 / 300, rounded to 4 decimals');
    assert.deepEqual(s.services, [{ name: 'checkout', failingRatio: 0.1383 }], 'the service ratio is over all its regions');
    assert.equal(s.source, 'prometheus', 'the source is kept');
    assert.equal(s.at, AT, 'the time is kept');
  });

  test('several failing regions, not all, is multi-region', () => {
    const s = scopeOf([rate('eu-west-1', 'api', 20), rate('us-east-1', 'api', 5)], [rate('eu-west-1', 'api', 100), rate('us-east-1', 'api', 100), rate('ap-south-1', 'api', 100)]);
    assert.equal(s.classification, 'multi-region', 'two of three regions are affected');
    assert.deepEqual(s.regions.map((r) => r.name), ['eu-west-1', 'us-east-1'], 'worst region first');
  });

  test('every region with traffic failing is global', () => {
    const s = scopeOf([rate('eu-west-1', 'api', 50), rate('us-east-1', 'api', 54)], [rate('eu-west-1', 'api', 100), rate('us-east-1', 'api', 100)]);
    assert.equal(s.classification, 'global', 'both regions are affected');
    assert.equal(s.failingRatio, 0.52, 'overall = 104 / 200');
  });

  test('a single region with traffic that fails is global', () => {
    const s = scopeOf([rate('eu-west-1', 'api', 5)], [rate('eu-west-1', 'api', 100)]);
    assert.equal(s.classification, 'global', 'every region that has traffic is affected');
  });

  test('failing shares at or below affectedAbove are none', () => {
    const s = scopeOf([rate('eu-west-1', 'api', 1), rate('us-east-1', 'api', 0.2)], [rate('eu-west-1', 'api', 100), rate('us-east-1', 'api', 100)]);
    assert.equal(s.classification, 'none', 'exactly 1 % is not above 1 %');
    assert.equal(s.failingRatio, 0.006, 'the overall share is still measured');
    assert.deepEqual(s.regions, [], 'no region listed');
    assert.deepEqual(s.services, [], 'no service listed');
  });
});

void describe('computeScope: traffic and labels', () => {
  test('no traffic at all: none, failingRatio null', () => {
    for (const [errors, requests, what] of [
      [[], [], 'empty answers'],
      [[rate('eu-west-1', 'api', 3)], [rate('eu-west-1', 'api', 0)], 'zero requests'],
      [[rate('eu-west-1', 'api', 3)], [], 'errors only'],
    ] as const) {
      const s = scopeOf([...errors], [...requests]);
      assert.equal(s.classification, 'none', `${what}: none`);
      assert.equal(s.failingRatio, null, `${what}: no ratio without traffic`);
      assert.deepEqual([s.regions, s.services], [[], []], `${what}: empty lists`);
    }
  });

  test('a region without traffic has no ratio, is not listed and does not stop global', () => {
    const s = scopeOf([rate('eu-west-1', 'api', 10), rate('us-east-1', 'api', 4)], [rate('eu-west-1', 'api', 100), rate('us-east-1', 'api', 0)]);
    assert.deepEqual(s.regions, [{ name: 'eu-west-1', failingRatio: 0.1 }], 'us-east-1 has no traffic');
    assert.equal(s.classification, 'global', 'every region with traffic is affected');
    assert.equal(s.failingRatio, 0.1, 'errors of a pair without requests do not count');
  });

  test('NaN, infinite and negative values are ignored', () => {
    const s = scopeOf(
      [rate('eu-west-1', 'api', 10), rate('eu-west-1', 'api', Number.NaN), rate('eu-west-1', 'api', Number.POSITIVE_INFINITY), rate('eu-west-1', 'api', -5)],
      [rate('eu-west-1', 'api', 100), rate('eu-west-1', 'api', Number.NaN), rate('eu-west-1', 'api', -100), rate('us-east-1', 'api', Number.POSITIVE_INFINITY)],
    );
    assert.equal(s.failingRatio, 0.1, 'only the finite, non-negative values count');
    assert.equal(s.classification, 'global', 'us-east-1 has no usable traffic');
    const nanOnly = scopeOf([rate('eu-west-1', 'api', 10)], [rate('eu-west-1', 'api', Number.NaN)]);
    assert.equal(nanOnly.failingRatio, null, 'a NaN request rate is no traffic');
  });

  test('series sharing labels are summed first', () => {
    const s = scopeOf(
      [rate('eu-west-1', 'api', 10), rate('eu-west-1', 'api', 15)],
      [rate('eu-west-1', 'api', 50), rate('eu-west-1', 'api', 50), rate('us-east-1', 'api', 100)],
    );
    assert.deepEqual(s.regions, [{ name: 'eu-west-1', failingRatio: 0.25 }], '25 / 100 in eu-west-1');
    assert.equal(s.failingRatio, 0.125, '25 / 200 overall');
  });

  test('a missing region counts toward overall and services; a missing service toward overall and regions', () => {
    const s = scopeOf(
      [rate(null, 'checkout', 30), rate('eu-west-1', null, 20), rate('', 'search', 0)],
      [rate(null, 'checkout', 100), rate('eu-west-1', null, 100), rate('', 'search', 100), rate('us-east-1', '', 100)],
    );
    assert.equal(s.failingRatio, 0.125, '50 / 400 overall');
    assert.deepEqual(s.regions, [{ name: 'eu-west-1', failingRatio: 0.2 }], 'the region-less series is not a region; an empty label is missing');
    assert.deepEqual(s.services, [{ name: 'checkout', failingRatio: 0.3 }], 'the service-less series is not a service');
    assert.equal(s.classification, 'regional', 'us-east-1 has traffic and is healthy');
  });

  test('partial answers: an error series without a request series is ignored; a request series without errors has none', () => {
    const s = scopeOf([rate('eu-west-1', 'api', 50), rate('us-east-1', 'db', 7)], [rate('eu-west-1', 'api', 100), rate('us-east-1', 'api', 100)]);
    assert.equal(s.failingRatio, 0.25, '50 / 200: the us-east-1/db errors have no requests to compare with');
    assert.deepEqual(s.regions, [{ name: 'eu-west-1', failingRatio: 0.5 }], 'us-east-1 has no failing api requests');
    assert.deepEqual(s.services, [{ name: 'api', failingRatio: 0.25 }], 'db has no ratio');
  });

  test('errors above requests are capped at the requests: no ratio above 1', () => {
    const s = scopeOf([rate('eu-west-1', 'api', 120)], [rate('eu-west-1', 'api', 100), rate('us-east-1', 'api', 100)]);
    assert.deepEqual(s.regions, [{ name: 'eu-west-1', failingRatio: 1 }], 'capped at 100 %');
    assert.equal(s.failingRatio, 0.5, '100 / 200');
  });

  test('lists are sorted by failing ratio, then name, with ratios rounded to 4 decimals', () => {
    const s = scopeOf(
      [rate('b', 'x', 1), rate('a', 'y', 1), rate('c', 'z', 2)],
      [rate('b', 'x', 3), rate('a', 'y', 3), rate('c', 'z', 3), rate('d', 'w', 3)],
    );
    assert.deepEqual(
      s.regions,
      [
        { name: 'c', failingRatio: 0.6667 },
        { name: 'a', failingRatio: 0.3333 },
        { name: 'b', failingRatio: 0.3333 },
      ],
      'worst first, ties by name',
    );
    assert.deepEqual(s.services.map((n) => n.name), ['z', 'x', 'y'], 'services sorted likewise');
    assert.equal(s.classification, 'multi-region', 'three of four regions affected');
  });
});

void describe('unknownScope', () => {
  test('is unknown with no ratio and empty lists', () => {
    assert.deepEqual(unknownScope('datadog', AT), { classification: 'unknown', failingRatio: null, regions: [], services: [], source: 'datadog', at: AT }, 'the unknown scope');
  });
});

void describe('scopeHeadline', () => {
  const cases: [Scope, string][] = [
    [
      scope({ classification: 'regional', failingRatio: 0.183, regions: [{ name: 'eu-west-1', failingRatio: 0.41 }], services: [{ name: 'checkout', failingRatio: 0.35 }, { name: 'payments', failingRatio: 0.2 }] }),
      'Regional: eu-west-1 — 41.0 % of eu-west-1 requests failing (18.3 % of all requests); failing services: checkout, payments',
    ],
    [scope({ classification: 'global', failingRatio: 0.52, regions: [{ name: 'eu-west-1', failingRatio: 0.6 }, { name: 'us-east-1', failingRatio: 0.5 }], services: [{ name: 'api', failingRatio: 0.52 }] }), 'Global: every region — up to 60.0 % of eu-west-1 requests failing (52.0 % of all requests); failing services: api'],
    [scope({ classification: 'multi-region', failingRatio: 0.12, regions: [{ name: 'eu-west-1', failingRatio: 0.3 }, { name: 'us-east-1', failingRatio: 0.2 }] }), 'Multi-region: eu-west-1, us-east-1 — up to 30.0 % of eu-west-1 requests failing (12.0 % of all requests)'],
    [scope({ classification: 'none', failingRatio: 0.002 }), 'No region affected — 0.2 % of all requests failing'],
    [scope({ classification: 'none', failingRatio: 0 }), 'No region affected — 0.0 % of all requests failing'],
    [scope({ classification: 'none', failingRatio: 0.0001 }), 'No region affected — < 0.1 % of all requests failing'],
    [scope({ classification: 'none', failingRatio: null }), 'No region affected — no traffic measured'],
    [unknownScope('prometheus', AT), 'Scope unknown'],
    [
      scope({ classification: 'multi-region', failingRatio: 0.3, regions: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map((name) => ({ name, failingRatio: 0.3 })) }),
      'Multi-region: r1, r2, r3, r4, r5 and 2 more — up to 30.0 % of r1 requests failing (30.0 % of all requests)',
    ],
  ];
  for (const [s, expected] of cases) {
    test(expected, () => {
      assert.equal(scopeHeadline(s), expected, `headline of a ${s.classification} scope`);
    });
  }

  test('a computed scope reads as expected', () => {
    const s = scopeOf([rate('eu-west-1', 'checkout', 41), rate('eu-west-1', 'payments', 10)], [rate('eu-west-1', 'checkout', 100), rate('eu-west-1', 'payments', 100), rate('us-east-1', 'checkout', 100)]);
    assert.equal(scopeHeadline(s), 'Regional: eu-west-1 — 25.5 % of eu-west-1 requests failing (17.0 % of all requests); failing services: checkout, payments', 'headline from computeScope');
  });
});

void describe('scope measured for the incident\'s services', () => {
  const search = { services: ['search'], fallback: null } as const;
  const regional = scope({ classification: 'regional', failingRatio: 0.034, regions: [{ name: 'eu-west-1', failingRatio: 0.102 }], services: [{ name: 'search', failingRatio: 0.034 }] });

  test('the shares name the services measured', () => {
    assert.equal(
      scopeHeadline({ ...regional, measured: search }),
      'Regional: eu-west-1 — 10.2 % of eu-west-1 search requests failing (3.4 % of all search requests); failing services: search',
    );
    assert.equal(scopeHeadline({ ...regional, measured: { services: ['checkout', 'search'], fallback: null } }).split(' — ')[1]?.startsWith('10.2 % of eu-west-1 checkout and search requests'), true);
  });

  test('a fallback to all traffic speaks of all requests', () => {
    for (const fallback of ['no_services', 'no_data_for_services'] as const) {
      assert.match(scopeHeadline({ ...regional, measured: { services: ['search'], fallback } }), /10\.2 % of eu-west-1 requests failing \(3\.4 % of all requests\)/, fallback);
    }
  });
});

void describe('scopeInPlainWords', () => {
  const cases: [Scope, string][] = [
    [
      scope({ classification: 'regional', failingRatio: 0.034, regions: [{ name: 'eu-west-1', failingRatio: 0.102 }], measured: { services: ['checkout'], fallback: null } }),
      'About 10 % of checkout requests in eu-west-1 are failing.',
    ],
    [scope({ classification: 'regional', failingRatio: 0.034, regions: [{ name: 'eu-west-1', failingRatio: 0.183 }] }), 'About 18 % of requests in eu-west-1 are failing.'],
    [
      scope({ classification: 'multi-region', failingRatio: 0.05, regions: [{ name: 'eu-west-1', failingRatio: 0.12 }, { name: 'us-east-1', failingRatio: 0.08 }] }),
      'About 12 % of requests in eu-west-1 and 8 % in us-east-1 are failing.',
    ],
    [
      scope({ classification: 'multi-region', failingRatio: 0.3, regions: ['r1', 'r2', 'r3', 'r4', 'r5'].map((name) => ({ name, failingRatio: 0.3 })) }),
      'About 30 % of requests in r1, 30 % in r2, 30 % in r3 and 2 more regions are failing.',
    ],
    [scope({ classification: 'global', failingRatio: 0.52, regions: [{ name: 'eu-west-1', failingRatio: 0.6 }] }), 'About 52 % of requests are failing, in every region.'],
    [scope({ classification: 'none', failingRatio: 0.004 }), 'No region is affected; about 0.4 % of requests are failing.'],
    [scope({ classification: 'none', failingRatio: 0.0001 }), 'No region is affected; less than 0.1 % of requests are failing.'],
    [scope({ classification: 'none', failingRatio: null }), 'No requests were measured.'],
    [unknownScope('prometheus', AT), 'How many requests are failing is not known yet.'],
  ];
  for (const [s, expected] of cases) {
    test(expected, () => {
      assert.equal(scopeInPlainWords(s), expected, `sentence of a ${s.classification} scope`);
    });
  }
});

void describe('suggestedSeverity', () => {
  const cases: [Partial<Scope>, string | null, string][] = [
    [{ classification: 'global', failingRatio: 0.02 }, 'SEV1', 'global'],
    [{ classification: 'regional', failingRatio: 0.25 }, 'SEV1', '25 % overall'],
    [{ classification: 'multi-region', failingRatio: 0.02 }, 'SEV2', 'multi-region'],
    [{ classification: 'regional', failingRatio: 0.1 }, 'SEV2', '10 % overall'],
    [{ classification: 'regional', failingRatio: 0.0999 }, 'SEV3', 'regional under 10 %'],
    [{ classification: 'none', failingRatio: 0.005 }, null, 'none'],
    [{ classification: 'none', failingRatio: null }, null, 'no traffic'],
    [{ classification: 'none', failingRatio: 0.3 }, 'SEV1', '30 % failing on series without a region'],
    [{ classification: 'unknown', failingRatio: null }, null, 'unknown'],
  ];
  for (const [over, expected, what] of cases) {
    test(`${what} → ${String(expected)}`, () => {
      assert.equal(suggestedSeverity(scope(over)), expected, what);
    });
  }
});

void describe('computeScope: generated inputs', () => {
  const SEED = 0x5c0_9e;
  const random = mulberry32(SEED);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-south-1', null];
  const SERVICES = ['checkout', 'payments', 'search', null];
  const JUNK = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0.5];

  /** `total` split into `n` positive parts (several series with the same labels). */
  const split = (total: number, n: number): number[] => {
    const weights = Array.from({ length: n }, () => 0.1 + random());
    const sum = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => (total * w) / sum);
  };

  interface Model {
    errors: LabelledRate[];
    requests: LabelledRate[];
    affectedAbove: number;
    /** The truth the series were generated from: per (region, service), errors ≤ requests. */
    pairs: { region: string | null; service: string | null; errors: number; requests: number }[];
  }

  function generate(): Model {
    const errors: LabelledRate[] = [];
    const requests: LabelledRate[] = [];
    const pairs: Model['pairs'] = [];
    for (const region of REGIONS) {
      for (const service of SERVICES) {
        const shape = random();
        if (shape < 0.3) continue; // no series at all for this pair
        if (shape < 0.35) {
          errors.push(rate(region, service, random() * 50)); // errors without requests: ignored
          continue;
        }
        const total = random() < 0.1 ? 0 : random() * 1000;
        const failing = pick([0, random() * 0.005, random() * 0.05, random() * 0.5, random()]);
        for (const v of split(total, int(1, 3))) requests.push(rate(region, service, v));
        if (failing > 0 && total > 0) for (const v of split(total * failing, int(1, 3))) errors.push(rate(region, service, v));
        pairs.push({ region, service, errors: total * failing, requests: total });
      }
    }
    for (let i = int(0, 3); i > 0; i--) (random() < 0.5 ? errors : requests).push(rate(pick(REGIONS), pick(SERVICES), pick(JUNK)));
    // Shuffle, so that nothing depends on the order of the answer.
    for (const list of [errors, requests]) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = int(0, i);
        [list[i], list[j]] = [list[j] as LabelledRate, list[i] as LabelledRate];
      }
    }
    return { errors, requests, affectedAbove: pick([0.01, 0.05, 0.2]), pairs };
  }

  /** Σ errors / Σ requests over the model's pairs matching `keep`; null without traffic. */
  function truth(model: Model, keep: (p: Model['pairs'][number]) => boolean): number | null {
    let e = 0;
    let r = 0;
    for (const p of model.pairs) {
      if (!keep(p)) continue;
      e += p.errors;
      r += p.requests;
    }
    return r > 0 ? e / r : null;
  }

  const close = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) <= 0.00005 + 1e-9);

  test('500 generated answers: overall ratio and classification hold', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 500; n++) {
      const model = generate();
      const s = computeScope({ errors: model.errors, requests: model.requests, affectedAbove: model.affectedAbove, source: 'prometheus', at: AT });
      const where = `seed ${SEED}, case ${n}`;
      seen.add(s.classification);

      const overall = truth(model, () => true);
      assert.ok(close(s.failingRatio, overall), `${where}: overall ${String(s.failingRatio)} = Σerrors/Σrequests ${String(overall)}`);

      const names = [...new Set(model.pairs.map((p) => p.region))].filter((r): r is string => r !== null);
      const ratios = new Map(names.map((r) => [r, truth(model, (p) => p.region === r)]));
      const withTraffic = [...ratios.values()].filter((v) => v !== null);
      const affected = names.filter((r) => (ratios.get(r) ?? null) !== null && (ratios.get(r) as number) > model.affectedAbove).sort();
      assert.deepEqual(s.regions.map((r) => r.name).sort(), affected, `${where}: the listed regions are the affected ones`);
      for (const r of s.regions) assert.ok(close(r.failingRatio, ratios.get(r.name) ?? null), `${where}: ratio of ${r.name}`);

      const expected = affected.length === 0 ? 'none' : affected.length === withTraffic.length ? 'global' : affected.length === 1 ? 'regional' : 'multi-region';
      assert.equal(s.classification, expected, `${where}: classification from ${affected.length} affected of ${withTraffic.length} regions with traffic`);
      if (overall === null) assert.equal(s.classification, 'none', `${where}: no traffic is none`);

      const services = [...new Set(model.pairs.map((p) => p.service))].filter((x): x is string => x !== null);
      const affectedServices = services.filter((x) => {
        const ratio = truth(model, (p) => p.service === x);
        return ratio !== null && ratio > model.affectedAbove;
      });
      assert.deepEqual(s.services.map((x) => x.name).sort(), affectedServices.sort(), `${where}: the listed services are the affected ones`);

      for (const list of [s.regions, s.services]) {
        for (let i = 1; i < list.length; i++) {
          const [a, b] = [list[i - 1] as Scope['regions'][number], list[i] as Scope['regions'][number]];
          assert.ok(a.failingRatio > b.failingRatio || (a.failingRatio === b.failingRatio && a.name < b.name), `${where}: sorted by ratio, then name`);
        }
        for (const x of list) assert.ok(x.failingRatio >= 0 && x.failingRatio <= 1 && Math.abs(x.failingRatio * 10_000 - Math.round(x.failingRatio * 10_000)) < 1e-6, `${where}: ${x.name} is a ratio with 4 decimals`);
      }
    }
    assert.deepEqual([...seen].sort(), ['global', 'multi-region', 'none', 'regional'], 'the generator reaches every classification');
  });
});

// The failing-share chart: SVG built in code, rendered to PNG by resvg.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createChartRenderer } from '../../src/adapters/charts/failing-share-chart.js';
import { failingShareSvg, xmlText } from '../../src/adapters/charts/failing-share-svg.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const START = Date.UTC(2026, 2, 1, 12, 0, 0) / 1000;

/** 60 one-minute points of a failing ratio, with some deterministic wobble. */
function series(name: string, ratio: (i: number) => number): { name: string; points: [number, number][] } {
  return { name, points: Array.from({ length: 60 }, (_, i): [number, number] => [START + i * 60, ratio(i)]) };
}

const twoRegions = [
  series('eu-west-1', (i) => 0.02 + 0.3 * Math.max(0, Math.sin(i / 9)) + ((i * 7919) % 13) / 400),
  series('us-east-1', (i) => 0.01 + ((i * 104_729) % 17) / 800),
];

/** Width and height from the IHDR chunk, which must come first. */
function ihdrSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR', 'the first chunk of a PNG is IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function assertPng(png: Buffer, what: string): void {
  assert.ok(Buffer.isBuffer(png), `${what}: a Buffer`);
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${what}: starts with the PNG signature`);
  assert.deepEqual(ihdrSize(png), { width: 800, height: 400 }, `${what}: 800×400 in IHDR`);
}

describe('failing-share chart PNG', () => {
  const renderer = createChartRenderer();

  test('two series of 60 points render to an 800×400 PNG of real content', async () => {
    const png = await renderer.failingShare({ title: 'INC-42 checkout-api failing share', series: twoRegions, threshold: 0.05 });
    assertPng(png, 'two series');
    assert.ok(png.length > 5 * 1024, `two drawn series make more than 5 KB of PNG, got ${png.length} bytes`);
  });

  test('an empty series list and a series without points give a "no data" chart', async () => {
    assertPng(await renderer.failingShare({ title: 'INC-1', series: [], threshold: 0.05 }), 'no series');
    assertPng(await renderer.failingShare({ title: 'INC-1', series: [{ name: 'eu-west-1', points: [] }], threshold: 0.05 }), 'empty series');
    assertPng(
      await renderer.failingShare({ title: 'INC-1', series: [series('eu-west-1', () => Number.NaN)], threshold: 0.05 }),
      'all-NaN series',
    );
  });

  test('names and titles with XML special characters do not break rendering', async () => {
    const png = await renderer.failingShare({
      title: 'INC-7 <b>"checkout" & \'cart\'</b>',
      series: [series('eu-west-1 <script>&', (i) => i / 100), series('a]]>b\u0001\u0007', (i) => (60 - i) / 100)],
      threshold: 0.25,
    });
    assertPng(png, 'special characters');
    assert.ok(png.length > 5 * 1024, `the lines are drawn, got ${png.length} bytes`);
  });

  test('rendering does not need any font: text is left out, the lines still render', async () => {
    const png = await createChartRenderer({ loadSystemFonts: false }).failingShare({ title: 'INC-9', series: twoRegions, threshold: 0.05 });
    assertPng(png, 'without fonts');
    assert.ok(png.length > 5 * 1024, `the lines are drawn without fonts, got ${png.length} bytes`);
  });
});

describe('failing-share chart SVG', () => {
  test('untrusted text is escaped, control characters dropped', () => {
    const svg = failingShareSvg({ title: 'T <x> & "y"', series: [series('eu-west-1 <script>&\u0000', () => 0.1)], threshold: 0.05 });
    assert.ok(!svg.includes('<script>'), 'no raw <script> in the SVG');
    assert.ok(svg.includes('eu-west-1 &lt;script&gt;&amp;<'), 'the series name is in the legend, escaped');
    assert.ok(svg.includes('T &lt;x&gt; &amp; &quot;y&quot;'), 'the title is escaped');
    assert.ok(!svg.includes('\u0000'), 'no NUL, which XML forbids');
    assert.equal(xmlText(`${'a'.repeat(200)}<`, 10), `${'a'.repeat(9)}…`, 'long text is cut before escaping');
  });

  test('one polyline per series, distinct colours, a dashed threshold, HH:MM UTC labels, a percent scale', () => {
    const svg = failingShareSvg({ title: 'INC-42', series: twoRegions, threshold: 0.05 });
    const strokes = [...svg.matchAll(/<polyline points="[^"]*" fill="none" stroke="(#[0-9a-f]{6})" stroke-width="2"/g)].map((m) => m[1]);
    assert.equal(strokes.length, 2, 'one polyline per series');
    assert.notEqual(strokes[0], strokes[1], 'series have distinct colours');
    assert.match(svg, /<line [^>]*stroke-dasharray="8 5"\/>/, 'the threshold is a dashed line');
    assert.ok(svg.includes('>threshold 5 %<'), 'the threshold is labelled');
    assert.ok(svg.includes('>12:00<') && svg.includes('>12:50<'), 'time labels are HH:MM in UTC');
    assert.ok(svg.includes('>UTC<'), 'the time axis says UTC');
    assert.ok(svg.includes('>0 %<') && svg.includes('>50 %<'), 'the y axis runs from 0 % up to a round step above the highest value');
  });

  test('a value above 90 % gives the full 0–100 % scale; a gap splits the line', () => {
    const svg = failingShareSvg({ title: 'INC-3', series: [series('global', (i) => (i === 30 ? Number.NaN : 0.95))], threshold: 0.05 });
    assert.ok(svg.includes('>100 %<'), 'the scale reaches 100 %');
    assert.equal([...svg.matchAll(/<polyline points="[^"]*" fill="none" stroke="#[0-9a-f]{6}" stroke-width="2"/g)].length, 2, 'a NaN point splits the series in two segments');
  });

  test('no finite point at all says "no data"', () => {
    const svg = failingShareSvg({ title: 'INC-1', series: [series('eu', () => Number.NaN)], threshold: 0.05 });
    assert.ok(svg.includes('>no data<'), 'the chart says no data');
    assert.ok(!svg.includes('<polyline'), 'and draws no line');
  });
});

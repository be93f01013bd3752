// random-walk jobs draw: one legend entry per job, and the canvas holds each job's line colour.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { close, counts, fillForm, launch, rows, scenario, start, until } from './util.mjs';

describe('plot', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('plot-random-walks', () => browser, async (b) => {
    const blank = await canvasStats(b);
    await fillForm(b, 'random-walk', { steps: 400, step_ms: 5 }, 3);
    const jobs = await start(b, 3);
    await until(b, () => counts(b), (c) => c.succeeded === 3, { timeout: 20_000, what: '3 walks to finish' });

    const legend = await until(
      b,
      () => b.execute(() => [...document.querySelectorAll('[data-legend-job]')].map((e) => e.getAttribute('data-legend-job'))),
      (ids) => ids.length === 3,
      { what: 'three legend entries' },
    );
    assert.deepEqual([...legend].sort(), jobs.map((j) => j.id).sort(), 'one legend entry per job');

    // Let the plot draw its last frame, then read its pixels.
    await b.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const drawn = await canvasStats(b);
    assert.ok(drawn.canvases > 0, 'the plot has a canvas');
    assert.ok(drawn.inked > blank.inked + 500, `lines were drawn: ${blank.inked} → ${drawn.inked} inked pixels`);
    assert.ok(drawn.colours >= 3, `several colours: ${drawn.colours}`);
    const rowsNow = await rows(b);
    assert.equal(rowsNow.length, 3);

    // Each job's line is drawn in its own colour, the one its legend entry and table row show.
    const perJob = await lineColours(b);
    assert.equal(perJob.length, 3);
    for (const { id, legend, row, pixels } of perJob) {
      assert.equal(legend, row, `job ${id}: legend and row swatch share a colour`);
      assert.ok(pixels > 100, `job ${id}: ${pixels} canvas pixels in its colour ${legend}`);
    }
    assert.equal(new Set(perJob.map((j) => j.legend)).size, 3, 'three distinct colours');
  });
});

/**
 * Pixels of the plot's canvases: how many differ from the most common colour (the background),
 * and how many distinct saturated colours there are (lines; axes and text are grey).
 */
function canvasStats(b) {
  return b.execute(() => {
    let inked = 0;
    const colours = new Set();
    const canvases = [...document.querySelectorAll('#plot canvas')];
    for (const canvas of canvases) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const freq = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
        freq.set(key, (freq.get(key) ?? 0) + 1);
      }
      let background = 0;
      let most = -1;
      for (const [k, n] of freq) if (n > most) [background, most] = [k, n];
      for (const [k, n] of freq) {
        if (k === background) continue;
        inked += n;
        const r = (k >>> 24) & 255, g = (k >>> 16) & 255, bl = (k >>> 8) & 255, a = k & 255;
        const saturation = Math.max(r, g, bl) - Math.min(r, g, bl);
        // Quantise so anti-aliasing shades of one line count once.
        if (a > 200 && saturation > 80 && n > 20) colours.add(`${r >> 5},${g >> 5},${bl >> 5}`);
      }
    }
    return { canvases: canvases.length, inked, colours: colours.size };
  });
}

/** Per legend entry: its swatch colour, its table row's swatch colour, and canvas pixels near it. */
function lineColours(b) {
  return b.execute(() => {
    const rgb = (el) => el && getComputedStyle(el).backgroundColor;
    const parse = (c) => (c?.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const images = [...document.querySelectorAll('#plot canvas')]
      .filter((c) => c.width && c.height && c.getContext('2d'))
      .map((c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
    return [...document.querySelectorAll('[data-legend-job]')].map((entry) => {
      const id = entry.getAttribute('data-legend-job');
      const legend = rgb(entry.querySelector('.swatch'));
      const row = rgb(document.querySelector(`#jobs [data-job-id="${id}"] .swatch`));
      const [r, g, bl] = parse(legend);
      let pixels = 0;
      for (const data of images) {
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - bl) < 30) pixels++;
        }
      }
      return { id, legend, row, pixels };
    });
  });
}

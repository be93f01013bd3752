// The aggregate bar never jumps back while jobs end (the seed's bar did).

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { close, counts, fillForm, launch, scenario, setPoolLimit, shot, start, until } from './util.mjs';

describe('aggregate', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('aggregate-never-decreases', () => browser, async (b) => {
    await setPoolLimit(b, 3);
    // random-walk picks each job's step time (5..50 ms) when left out: the jobs end at different times.
    await fillForm(b, 'random-walk', { steps: 100 }, 8);
    await start(b, 8);
    // Sample aria-valuenow every 50 ms inside the page while the batch runs.
    await b.execute(() => {
      const bar = document.querySelector('#aggregate');
      const samples = (window.__e2eSamples = []);
      window.__e2eSampler = setInterval(() => {
        const text = document.querySelector('#aggregate-text')?.textContent ?? '';
        samples.push([Number(bar.getAttribute('aria-valuenow')), text]);
      }, 50);
    });
    await until(b, () => counts(b), (c) => c.succeeded >= 3, { timeout: 30_000, what: '3 jobs to succeed' });
    await shot(b, 'aggregate-mid-run');
    await until(b, () => counts(b), (c) => c.succeeded === 8, { timeout: 30_000, what: 'all 8 to succeed' });
    await until(b, () => b.$('#aggregate').getAttribute('aria-valuenow'), (v) => Number(v) === 100, {
      what: 'the bar at 100',
    });
    const samples = await b.execute(() => {
      clearInterval(window.__e2eSampler);
      return window.__e2eSamples;
    });
    // Only samples of this batch count (before the first batch arrives the bar may show the idle state).
    const first = samples.findIndex(([, text]) => /\/\s*8 jobs/.test(text));
    assert.ok(first >= 0, `the bar text shows 8 jobs: ${JSON.stringify(samples.slice(0, 5))}`);
    const values = samples.slice(first).map(([v]) => v);
    assert.ok(values.length >= 20, `enough samples: ${values.length}`);
    for (let i = 1; i < values.length; i++) {
      assert.ok(values[i] >= values[i - 1], `sample ${i} fell from ${values[i - 1]} to ${values[i]}`);
    }
    assert.ok(new Set(values).size >= 5, 'the bar moved in steps, not at once');
    assert.match(await (await b.$('#aggregate-text')).getText(), /8\s*\/\s*8 jobs/);
    const bar = await b.$('#aggregate');
    assert.equal(await bar.getAttribute('role'), 'progressbar');
    assert.equal(await bar.getAttribute('aria-label'), 'Batch progress');
  });
});

// `ratio` computes 2/(30-n) for n in 0..iterations: 40 iterations hit n = 30 and fail with the
// division-by-zero message; 20 succeed and show the result.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { close, fillForm, launch, rows, scenario, start, until } from './util.mjs';

describe('ratio', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('ratio-fails-at-30', () => browser, async (b) => {
    await fillForm(b, 'ratio', { iterations: 40, step_ms: 5 });
    const [job] = await start(b, 1);
    const row = await until(b, () => rows(b).then((r) => r.find((x) => x.id === job.id)),
      (r) => r?.state === 'failed', { what: 'the ratio job to fail' });
    assert.match(row.message, /division by zero at n = 30/);
  });

  scenario('ratio-succeeds-with-20', () => browser, async (b) => {
    await fillForm(b, 'ratio', { iterations: 20, step_ms: 5 });
    const [job] = await start(b, 1);
    const row = await until(b, () => rows(b).then((r) => r.find((x) => x.id === job.id)),
      (r) => r?.state === 'succeeded', { what: 'the ratio job to succeed' });
    assert.doesNotMatch(row.message, /division/);
    // The last value computed is 2 / (30 - 19) = 0.1818…
    assert.match(row.message, /0\.18/, `the result is shown: "${row.message}"`);
    assert.equal(row.progress, 100);
  });
});

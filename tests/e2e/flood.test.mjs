// The clock keeps ticking (and frames keep coming) while a flood of 64 fast jobs runs.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { close, counts, launch, scenario, until } from './util.mjs';

describe('flood', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('flood-clock-ticks', () => browser, async (b) => {
    // Sample the clock inside the page every 100 ms: a frozen main thread shows as a gap, and a
    // freeze longer than a second as a skipped second on the clock.
    await b.execute(() => {
      const clock = document.querySelector('#clock');
      const samples = (window.__e2eClock = []);
      window.__jobdeck?.resetFrames?.();
      window.__e2eClockTimer = setInterval(() => samples.push([performance.now(), clock.textContent.trim()]), 100);
    });
    await (await b.$('[data-demo="flood"]')).click();
    const c = await until(b, () => counts(b), (c) => c.succeeded + c.failed + c.cancelled >= 64, {
      timeout: 60_000, what: 'the 64 flood jobs to end',
    });
    assert.equal(c.succeeded, 64);
    // Keep sampling a little after the flood: the clock must still tick.
    await new Promise((r) => setTimeout(r, 2500));
    const { samples, frames } = await b.execute(() => {
      clearInterval(window.__e2eClockTimer);
      return { samples: window.__e2eClock, frames: window.__jobdeck?.frameStats?.() ?? null };
    });
    const toSeconds = (t) => t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
    const shown = samples.map(([, t]) => toSeconds(t)).filter((v, i, all) => i === 0 || v !== all[i - 1]);
    const span = (samples.at(-1)[0] - samples[0][0]) / 1000;
    let gap = 0;
    for (let i = 1; i < samples.length; i++) gap = Math.max(gap, samples[i][0] - samples[i - 1][0]);
    console.log(`flood: ${samples.length} clock samples over ${span.toFixed(1)} s, ${shown.length} clock values, ` +
      `longest gap between samples ${gap.toFixed(0)} ms, frames ${JSON.stringify(frames)}`);

    assert.ok(samples.length > 10, `samples: ${samples.length}`);
    for (const [, text] of samples) assert.match(text, /^\d\d:\d\d:\d\d$/);
    // The clock never skips a second: each new value is the previous one plus one.
    for (let i = 1; i < shown.length; i++) {
      assert.equal((shown[i] - shown[i - 1] + 86_400) % 86_400, 1, `the clock jumped from ${shown[i - 1]} to ${shown[i]}`);
    }
    assert.ok(shown.length >= Math.floor(span), `the clock showed ${shown.length} values over ${span.toFixed(1)} s`);
    // A stall shorter than a second need not skip the clock; one of two seconds surely would.
    assert.ok(gap < 2000, `the page never froze for two seconds (longest gap ${gap.toFixed(0)} ms)`);
  });
});

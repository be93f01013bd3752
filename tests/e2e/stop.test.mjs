// Stop ends a running job within a second and its bar stops; Stop all ends everything.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { clickByName, close, counts, fillForm, launch, rows, scenario, sleep, start, until } from './util.mjs';

describe('stop', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('stop-one', () => browser, async (b) => {
    await fillForm(b, 'progress', { steps: 100000, step_ms: 10 });
    const [job] = await start(b, 1);
    const find = () => rows(b).then((r) => r.find((x) => x.id === job.id));
    await until(b, find, (r) => r?.state === 'running' && r.progress > 0, { what: 'the job to make progress' });

    // Time the stop inside the page: from the click to the row showing `cancelled`.
    await b.execute((id) => {
      window.__e2eStop = { clicked: 0, ended: 0 };
      const button = document.querySelector(`#jobs [data-job-id="${id}"] button[aria-label^="Stop job"]`);
      button.addEventListener('click', () => { window.__e2eStop.clicked = performance.now(); }, { capture: true });
      const timer = setInterval(() => {
        const state = document.querySelector(`#jobs [data-job-id="${id}"]`)?.getAttribute('data-state');
        if (window.__e2eStop.clicked && state === 'cancelled') {
          window.__e2eStop.ended = performance.now();
          clearInterval(timer);
        }
      }, 5);
    }, job.id);
    await clickByName(b, `Stop job ${job.short}`);
    const stop = await until(b, () => b.execute(() => window.__e2eStop), (s) => s.ended > 0, {
      timeout: 5_000, what: 'the job to end',
    });
    const took = stop.ended - stop.clicked;
    assert.ok(took < 1000, `stopped in ${took.toFixed(0)} ms`);

    const stopped = await find();
    await sleep(500);
    const later = await find();
    assert.equal(later.state, 'cancelled');
    assert.equal(later.progress, stopped.progress, 'the bar does not move after the stop');
    assert.ok(later.progress < 100);
  });

  scenario('stop-all', () => browser, async (b) => {
    await fillForm(b, 'progress', { steps: 100000, step_ms: 10 }, 6);
    await start(b, 6);
    await until(b, () => counts(b), (c) => c.running >= 1 && c.queued >= 1, { what: 'running and queued jobs' });
    const t0 = Date.now();
    await (await b.$('#stop-all')).click();
    const c = await until(b, () => counts(b), (c) => c.running === 0 && c.queued === 0 && c.paused === 0, {
      timeout: 5_000, what: 'nothing left running or queued',
    });
    assert.ok(Date.now() - t0 < 2000, `Stop all took ${Date.now() - t0} ms`);
    assert.equal(c.cancelled, 7, 'the six new jobs and the one stopped before');
    const states = (await rows(b)).map((r) => r.state);
    assert.deepEqual([...new Set(states)], ['cancelled']);
  });
});

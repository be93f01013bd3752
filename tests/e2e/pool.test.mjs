// The pool bar shows the machine's default limit; a limit of 2 runs 2 jobs and queues the rest;
// a cancelled queued job never starts.

import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, describe } from 'node:test';

import { clickByName, close, counts, fillForm, launch, rows, scenario, setPoolLimit, shot, start, until } from './util.mjs';

describe('pool', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('pool-default', () => browser, async (b) => {
    const cores = availableParallelism();
    const limit = await (await b.$('#pool-limit')).getValue();
    assert.equal(Number(limit), cores, 'the limit starts at the machine default');
    const text = await (await b.$('#pool-default')).getText();
    assert.match(text, new RegExp(`\\b${cores}\\b`), `#pool-default says ${cores}`);
    assert.equal(await (await b.$('#pool-limit')).getAttribute('aria-label'), 'Concurrency limit');
  });

  scenario('pool-limit-2-queues', () => browser, async (b) => {
    await setPoolLimit(b, 2);
    // 300 steps of 10 ms: each job runs ~3 s, so the fifth cannot start before ~6 s.
    await fillForm(b, 'progress', { steps: 300, step_ms: 10 }, 5);
    const jobs = await start(b, 5);
    const c = await until(b, () => counts(b), (c) => c.running === 2 && c.queued === 3, {
      what: '2 running and 3 queued',
    });
    assert.equal(c.running + c.queued, 5);
    await shot(b, 'pool-limit-2-running-3-queued');

    // Watch the last queued job's state from inside the page, so no transition is missed.
    const current = await rows(b);
    const queued = current.filter((r) => r.state === 'queued');
    assert.equal(queued.length, 3);
    const victim = queued[queued.length - 1];
    await b.execute((id) => {
      const seen = (window.__e2eSeen = []);
      const record = () => {
        const s = document.querySelector(`#jobs [data-job-id="${id}"]`)?.getAttribute('data-state');
        if (s && seen[seen.length - 1] !== s) seen.push(s);
      };
      record();
      new MutationObserver(record).observe(document.querySelector('#jobs'), {
        subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'],
      });
      window.__e2eTimer = setInterval(record, 10);
    }, victim.id);

    await clickByName(b, `Cancel job ${victim.short}`);
    await until(b, () => rows(b), (r) => r.find((x) => x.id === victim.id)?.state === 'cancelled', {
      what: 'the cancelled job to show cancelled',
    });
    const done = await until(b, () => counts(b), (c) => c.succeeded === 4 && c.cancelled === 1, {
      timeout: 20_000, what: 'the other four to succeed',
    });
    assert.equal(done.running + done.queued, 0);
    const seen = await b.execute(() => window.__e2eSeen);
    assert.deepEqual(seen, ['queued', 'cancelled'], 'the cancelled job never ran');
    const row = (await rows(b)).find((x) => x.id === victim.id);
    assert.equal(row.progress, 0);
    assert.equal(jobs.length, 5);
  });
});

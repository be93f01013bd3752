// An invalid value is explained next to its field and nothing is submitted.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { close, counts, launch, rows, scenario, sleep, start, type, until } from './util.mjs';

describe('form', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('form-invalid-value', () => browser, async (b) => {
    await (await b.$('#job-kind')).selectByAttribute('value', 'progress');
    await type(b, '#param-steps', -5);
    const field = await b.$('#param-steps');
    const error = await b.$('#param-steps-error');
    await until(b, () => error.getText(), (t) => t.trim().length > 0, { what: 'an inline error for steps' });
    assert.equal(await field.getAttribute('aria-invalid'), 'true');

    await (await b.$('#start')).click();
    await sleep(700);
    assert.equal((await rows(b)).length, 0, 'no job row appeared');
    const c = await counts(b);
    assert.equal(c.running + c.queued + c.succeeded + c.failed + c.cancelled, 0, 'nothing was submitted');
    assert.ok((await error.getText()).trim().length > 0, 'the error is still shown');
  });

  scenario('form-fixed-value-submits', () => browser, async (b) => {
    await type(b, '#param-steps', 20);
    await type(b, '#param-step_ms', 1);
    const error = await b.$('#param-steps-error');
    await until(b, () => error.getText(), (t) => t.trim() === '', { what: 'the error to clear' });
    assert.notEqual(await (await b.$('#param-steps')).getAttribute('aria-invalid'), 'true');
    await start(b, 1);
    await until(b, () => counts(b), (c) => c.succeeded === 1, { what: 'the job to succeed' });
  });
});

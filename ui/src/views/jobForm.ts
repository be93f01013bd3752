// The new-job form, built from the chosen kind's parameter schema, and the demo buttons.
// Each parameter kind has its control: a text field (numbers too), a checkbox, a folder
// field with the native picker, a select for a choice, a textarea for lines. A text field
// named `command` offers the command lines submitted before (recentCommands.ts).
// A bad value is explained next to its field and nothing is submitted; errors the engine
// returns appear next to the field they name, or in #form-error.

import { byId, h, setAttr, setText } from '../dom';
import { errorText } from '../errors';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { JobId } from '../generated/JobId';
import type { JobSpec } from '../generated/JobSpec';
import type { KindInfo } from '../generated/KindInfo';
import type { ParamSpec } from '../generated/ParamSpec';
import type { Priority } from '../generated/Priority';
import type { JsonValue } from '../generated/serde_json/JsonValue';
import { groupDigits, initialText, validateCount, validateParam, type RawValue } from '../validate';
import { browserStorage, COMMAND_PARAM, RECENT_COMMANDS_LIST, RecentCommands } from './recentCommands';

export interface FormActions {
  submit(spec: JobSpec, count: number): Promise<JobId[]>;
  pickFolder(title: string): Promise<string | null>;
}

/** A parameter's form control. */
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The seed's demos, one click each (names and counts are the issue's). */
export const DEMOS: Record<string, { spec: JobSpec; count: number }> = {
  progress: { spec: { kind: 'progress', params: {}, priority: 'normal' }, count: 5 },
  ratio: { spec: { kind: 'ratio', params: {}, priority: 'normal' }, count: 4 },
  'random-walk': { spec: { kind: 'random-walk', params: {}, priority: 'normal' }, count: 4 },
  'monte-carlo-pi': { spec: { kind: 'monte-carlo-pi', params: {}, priority: 'normal' }, count: 1 },
  flood: { spec: { kind: 'random-walk', params: { steps: 10000, step_ms: 0 }, priority: 'normal' }, count: 64 },
};

interface Field {
  spec: ParamSpec;
  input: Control;
  error: HTMLElement;
}

export class JobForm {
  private readonly form = byId<HTMLFormElement>('job-form');
  private readonly kindSelect = byId<HTMLSelectElement>('job-kind');
  private readonly kindDesc = byId('job-kind-desc');
  private readonly fieldsEl = byId('param-fields');
  private readonly count = byId<HTMLInputElement>('job-count');
  private readonly countError = byId('job-count-error');
  private readonly priority = byId<HTMLSelectElement>('job-priority');
  private readonly start = byId<HTMLButtonElement>('start');
  private readonly formError = byId('form-error');
  private readonly formStatus = byId('form-status');
  private readonly demoError = byId('demo-error');
  private readonly demos: HTMLElement = byId('demos');
  private readonly recent = new RecentCommands(browserStorage());
  private readonly recentList = byId<HTMLDataListElement>(RECENT_COMMANDS_LIST);
  private kinds: KindInfo[] = [];
  private fields: Field[] = [];
  // What the user typed per kind and field, so switching kinds back and forth keeps it.
  private readonly typed = new Map<string, RawValue>();
  private busy = false;

  constructor(private readonly actions: FormActions) {
    this.form.addEventListener('submit', this.onSubmit);
    this.kindSelect.addEventListener('change', this.onKind);
    this.count.addEventListener('input', this.onCountInput);
    this.count.addEventListener('change', this.onCountChange);
    this.demos.addEventListener('click', this.onDemo);
    this.fieldsEl.addEventListener('click', this.onBrowse);
  }

  /** Fills the kind list (from `list_kinds`) and builds the first kind's form. */
  setKinds(kinds: KindInfo[]): void {
    this.kinds = kinds;
    const current = this.kindSelect.value;
    this.kindSelect.replaceChildren(
      ...kinds.map((k) =>
        h('option', { value: k.name }, k.title && k.title !== k.name ? `${k.title} (${k.name})` : k.name),
      ),
    );
    if (kinds.some((k) => k.name === current)) this.kindSelect.value = current;
    this.kindSelect.disabled = kinds.length === 0;
    this.start.disabled = kinds.length === 0;
    this.buildFields();
  }

  /** Shows that the kinds could not be loaded. */
  showLoadError(e: ErrorPayload): void {
    setText(this.formError, `Could not load the job kinds: ${errorText(e)}`);
  }

  destroy(): void {
    this.form.removeEventListener('submit', this.onSubmit);
    this.kindSelect.removeEventListener('change', this.onKind);
    this.count.removeEventListener('input', this.onCountInput);
    this.count.removeEventListener('change', this.onCountChange);
    this.demos.removeEventListener('click', this.onDemo);
    this.fieldsEl.removeEventListener('click', this.onBrowse);
  }

  private kind(): KindInfo | undefined {
    return this.kinds.find((k) => k.name === this.kindSelect.value);
  }

  private buildFields(): void {
    const kind = this.kind();
    setText(this.kindDesc, kind?.description ?? '');
    this.fields = [];
    const nodes: HTMLElement[] = [];
    this.fillRecent();
    for (const spec of kind?.params ?? []) {
      const id = `param-${spec.name}`;
      const key = `${kind?.name}/${spec.name}`;
      const raw = this.typed.get(key) ?? initialText(spec);
      const helpId = `${id}-help`;
      const errorId = `${id}-error`;
      const input = controlFor(spec, raw, {
        id,
        name: spec.name,
        'aria-label': spec.label,
        'aria-describedby': `${errorId} ${helpId}`,
        'data-key': key,
        autocomplete: 'off',
        spellcheck: 'false',
      });
      if (spec.required) input.setAttribute('aria-required', 'true');
      const error = h('p', { id: errorId, class: 'field-error' });
      const label = h(
        'label',
        { for: id },
        spec.label,
        spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
      );
      const control =
        spec.kind === 'folder'
          ? h(
              'div',
              { class: 'with-button' },
              input,
              h(
                'button',
                { type: 'button', class: 'browse', 'data-browse': spec.name, 'aria-label': `Browse for ${spec.label}` },
                'Browse…',
              ),
            )
          : input;
      const help = h('p', { id: helpId, class: 'help' }, helpText(spec));
      const wrap = h(
        'div',
        { class: spec.kind === 'boolean' ? 'field field-check' : 'field' },
        label,
        control,
        error,
        help,
      );
      input.addEventListener('input', () => this.onFieldInput(field));
      input.addEventListener('change', () => this.onFieldChange(field));
      const field: Field = { spec, input, error };
      this.fields.push(field);
      nodes.push(wrap);
    }
    this.fieldsEl.replaceChildren(...nodes);
  }

  private rawOf(f: Field): RawValue {
    return f.spec.kind === 'boolean' && f.input instanceof HTMLInputElement ? f.input.checked : f.input.value;
  }

  /** Offers the command lines submitted before (most recent first) to a `command` field. */
  private fillRecent(): void {
    this.recentList.replaceChildren(...this.recent.list().map((c) => h('option', { value: c })));
  }

  /** Checks one field and shows or clears its error; true when it is fine. */
  private check(f: Field): boolean {
    const r = validateParam(f.spec, this.rawOf(f));
    showFieldError(f.input, f.error, r.ok ? '' : r.error);
    return r.ok;
  }

  private onFieldInput(f: Field): void {
    this.typed.set(f.input.dataset.key ?? '', this.rawOf(f));
    // While an error shows, re-check on every key so it goes as soon as the value is fine.
    if (f.input.getAttribute('aria-invalid') === 'true') this.check(f);
  }

  private onFieldChange(f: Field): void {
    this.check(f);
  }

  private readonly onKind = () => {
    setText(this.formError, '');
    this.buildFields();
  };

  private readonly onCountInput = () => {
    if (this.count.getAttribute('aria-invalid') === 'true') this.checkCount();
  };

  private readonly onCountChange = () => {
    this.checkCount();
  };

  private checkCount(): number | null {
    const r = validateCount(this.count.value);
    showFieldError(this.count, this.countError, r.ok ? '' : r.error);
    return r.ok ? r.value : null;
  }

  private readonly onBrowse = (e: Event) => {
    const btn = (e.target as Element).closest<HTMLButtonElement>('button[data-browse]');
    if (!btn) return;
    const field = this.fields.find((f) => f.spec.name === btn.dataset.browse);
    if (!field) return;
    this.actions.pickFolder(`Choose a folder for ${field.spec.label}`).then(
      (path) => {
        if (path == null) return;
        field.input.value = path;
        this.typed.set(field.input.dataset.key ?? '', path);
        this.check(field);
        field.input.focus();
      },
      (err: ErrorPayload) => showFieldError(field.input, field.error, `The folder picker failed: ${errorText(err)}`),
    );
  };

  private readonly onSubmit = (e: Event) => {
    e.preventDefault();
    if (this.busy) return;
    setText(this.formError, '');
    setText(this.formStatus, '');
    const kind = this.kind();
    if (!kind) {
      setText(this.formError, 'Choose a job kind first.');
      return;
    }
    let firstBad: HTMLElement | null = null;
    const params: Record<string, JsonValue> = {};
    for (const f of this.fields) {
      const r = validateParam(f.spec, this.rawOf(f));
      showFieldError(f.input, f.error, r.ok ? '' : r.error);
      if (!r.ok) firstBad ??= f.input;
      else if (r.value !== undefined) params[f.spec.name] = r.value;
    }
    const count = this.checkCount();
    if (count == null) firstBad ??= this.count;
    if (firstBad) {
      // Nothing is submitted; take the user to the first thing to fix.
      firstBad.focus();
      return;
    }
    const spec: JobSpec = { kind: kind.name, params, priority: this.priority.value as Priority };
    this.busy = true;
    this.start.setAttribute('aria-busy', 'true');
    this.actions
      .submit(spec, count as number)
      .then(
        (ids) => {
          setText(this.formStatus, `Started ${ids.length} ${kind.name} ${ids.length === 1 ? 'job' : 'jobs'}.`);
          const command = params[COMMAND_PARAM];
          if (typeof command === 'string' && this.fields.some(offersRecent)) {
            this.recent.remember(command);
            this.fillRecent();
          }
        },
        (err: ErrorPayload) => this.showSubmitError(err),
      )
      .finally(() => {
        this.busy = false;
        this.start.removeAttribute('aria-busy');
      });
  };

  private showSubmitError(err: ErrorPayload): void {
    const field = err.field ? this.fields.find((f) => f.spec.name === err.field) : undefined;
    if (field) {
      showFieldError(field.input, field.error, errorText(err));
      field.input.focus();
    } else if (err.field === 'count') {
      showFieldError(this.count, this.countError, errorText(err));
    } else setText(this.formError, errorText(err));
  }

  private readonly onDemo = (e: Event) => {
    const btn = (e.target as Element).closest<HTMLButtonElement>('button[data-demo]');
    if (!btn) return;
    const demo = DEMOS[btn.dataset.demo ?? ''];
    if (!demo) return;
    setText(this.demoError, '');
    this.actions.submit(demo.spec, demo.count).then(
      () => undefined,
      (err: ErrorPayload) => setText(this.demoError, `${btn.textContent?.trim() ?? 'Demo'}: ${errorText(err)}`),
    );
  };
}

function showFieldError(input: HTMLElement, errorEl: HTMLElement, text: string): void {
  setText(errorEl, text);
  setAttr(input, 'aria-invalid', text ? 'true' : null);
}

/** True for the field that offers the recent command lines: a text parameter named `command`. */
function offersRecent(f: { spec: ParamSpec }): boolean {
  return f.spec.kind === 'string' && f.spec.name === COMMAND_PARAM;
}

/** The control for `spec`, holding `raw`, with the field's common attributes. */
function controlFor(spec: ParamSpec, raw: RawValue, attrs: Record<string, string>): Control {
  const text = typeof raw === 'string' ? raw : '';
  switch (spec.kind) {
    case 'boolean': {
      const input = h('input', { ...attrs, type: 'checkbox' });
      input.checked = raw === true;
      return input;
    }
    case 'choice': {
      const select = h('select', attrs);
      // An optional choice without a default can be left out: an empty first option.
      const blank = !spec.required && spec.default == null;
      const options = spec.options ?? [];
      select.replaceChildren(
        ...(blank ? [h('option', { value: '' }, 'kind chooses')] : []),
        ...options.map((o) => h('option', { value: o }, o)),
      );
      select.value = options.includes(text) ? text : blank ? '' : (options[0] ?? '');
      return select;
    }
    case 'lines': {
      const area = h('textarea', { ...attrs, rows: 3, placeholder: placeholder(spec) });
      area.value = text;
      return area;
    }
    default: {
      // Text, not type=number: a number input hides what was typed when it is not a
      // number ("abc" reads as ""), and then the form could not say what is wrong.
      const input = h('input', { ...attrs, type: 'text' });
      if (spec.kind === 'integer' || spec.kind === 'number') {
        input.inputMode = spec.kind === 'integer' ? 'numeric' : 'decimal';
      }
      if (offersRecent({ spec })) input.setAttribute('list', RECENT_COMMANDS_LIST);
      input.value = text;
      input.placeholder = placeholder(spec);
      return input;
    }
  }
}

function placeholder(spec: ParamSpec): string {
  if (spec.kind === 'folder') return '/path/to/folder';
  if (spec.kind === 'lines') return 'one per line';
  if (spec.default != null) {
    return `default ${typeof spec.default === 'number' ? groupDigits(spec.default) : String(spec.default)}`;
  }
  return spec.required ? 'required' : 'optional';
}

function helpText(spec: ParamSpec): string {
  const range =
    spec.min != null && spec.max != null
      ? ` (${groupDigits(spec.min)}–${groupDigits(spec.max)})`
      : spec.min != null
        ? ` (≥ ${groupDigits(spec.min)})`
        : spec.max != null
          ? ` (≤ ${groupDigits(spec.max)})`
          : '';
  return `${spec.help}${range}`;
}

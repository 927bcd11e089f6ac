/**
 * The side panel every view shares: the scenario picker and its description, the seed, the
 * parameter form (generated from the scenario's schema; the worker resolves its starting values)
 * and the share link. A change of scenario, seed or parameter reloads the run.
 */
import { $, banner, h, setLinkNotice } from './dom.js';
import { buildForm, type FormHandle } from './form.js';
import type { Sim } from './pool.js';
import { NAMES, request, state, updateHash } from './state.js';
import { SCENARIO_GUIDE } from './teaching.js';

let sim: Sim;
let form: FormHandle | null = null;
let reload: () => Promise<unknown>;

/** Build the form of the page's scenario (its starting values come from the worker). */
export async function buildForms(): Promise<void> {
  const name = state.name;
  const f = await sim.describe(request(name, {}));
  if (name !== state.name) return; // another scenario was picked meanwhile
  form = buildForm(f.schema as Parameters<typeof buildForm>[0], f.resolved, state.overrides, (o) => {
    state.overrides = o;
    void reload();
  });
  $('#form-host').replaceChildren(form.el);
  $('#scenario-description').textContent = f.description;
  // What to look at and what to change, for the shipped scenarios that have a guide.
  const guide = SCENARIO_GUIDE[name];
  $('#scenario-guide').replaceChildren(
    ...(guide ? [h('p', {}, h('b', {}, 'Things to notice: '), guide.notice), h('p', {}, h('b', {}, 'Things to try: '), guide.tryThis)] : []),
  );
}

/** Show a scenario's errors beside their fields. */
export function showErrors(errors: { path: string; message: string }[]): void {
  form?.showErrors(errors);
}

export function initSidebar(worker: Sim, loadScenario: () => Promise<unknown>): void {
  sim = worker;
  reload = loadScenario;
  const picker = $('#scenario') as HTMLSelectElement;
  for (const n of NAMES) picker.append(new Option(n, n));
  picker.value = state.name;
  picker.addEventListener('change', async () => {
    setLinkNotice(null);
    state.name = picker.value;
    state.overrides = {};
    await buildForms();
    void reload();
  });
  const seedInput = $('#seed') as HTMLInputElement;
  seedInput.value = String(state.seed);
  seedInput.addEventListener('change', () => {
    const v = Number(seedInput.value);
    if (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
      $('#seed-error').textContent = 'expected a non-negative integer';
      return;
    }
    $('#seed-error').textContent = '';
    state.seed = v;
    void reload();
  });
  $('#share').addEventListener('click', async () => {
    updateHash();
    try {
      await navigator.clipboard.writeText(location.href);
      banner('Link copied: it reproduces this run exactly.', 'info');
    } catch {
      banner(`Link: ${location.href}`, 'info');
    }
  });
}

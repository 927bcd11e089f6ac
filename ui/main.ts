/**
 * The page's bootstrap. Views: one tumor (views/run.ts), cohort, compare and about; the side
 * panel (sidebar.ts); the page state a share link carries (state.ts); the workers (pool.ts). The
 * simulation and every statistic run in workers behind ui/protocol.ts; this thread only draws.
 */
import './styles.css';
import { $, banner, setLinkNotice } from './dom.js';
import { newWorker } from './pool.js';
import { buildForms, initSidebar, showErrors } from './sidebar.js';
import { SCENARIOS, state, testHooks, updateHash, type View } from './state.js';
import { decodeShare } from './url.js';
import { buildAbout } from './views/about.js';
import { initCohortView, runCohort } from './views/cohort.js';
import { initCompareView, runCompare } from './views/compare.js';
import { initRunView, loadScenario, play } from './views/run.js';
import { initBranchView } from './views/branch.js';

(window as unknown as { __netevo: typeof testHooks }).__netevo = testHooks;

function showView(v: View | 'about'): void {
  if (v !== 'about') state.view = v;
  for (const id of ['run', 'cohort', 'compare', 'about']) {
    $(`#view-${id}`).hidden = id !== v;
    $(`#tab-${id}`).setAttribute('aria-selected', String(id === v));
  }
  if (v !== 'about') updateHash();
}

async function start(): Promise<void> {
  // The link the page was opened with, if any: a bad one gets a notice and the default scenario.
  const decoded = decodeShare(location.hash);
  if (decoded && !decoded.ok) setLinkNotice(`${decoded.error}. Showing the default scenario instead.`);
  if (decoded?.ok) {
    if (!SCENARIOS[decoded.share.scenario]) setLinkNotice(`This link names a scenario this page does not have ("${decoded.share.scenario.slice(0, 60)}"). Showing the default scenario instead.`);
    else {
      state.name = decoded.share.scenario;
      state.overrides = decoded.share.overrides;
      state.seed = decoded.share.seed;
      state.view = decoded.share.view;
      state.patients = decoded.share.patients ?? state.patients;
      state.speed = decoded.share.speed ?? null;
    }
  }
  const sim = newWorker().api; // the run's worker; cohorts and comparisons take their own
  initSidebar(sim, loadScenario);
  initRunView(sim, showErrors);
  initBranchView(sim);
  initCohortView(sim);
  initCompareView(sim);
  for (const v of ['run', 'cohort', 'compare', 'about'] as const) $(`#tab-${v}`).addEventListener('click', () => showView(v));
  buildAbout();
  showView(state.view);
  await buildForms();
  const loaded = await loadScenario();
  if (loaded) banner(null);
  if (loaded && decoded?.ok && state.view === 'run') play();
  // A link starts a cohort by itself only when it is small; a large one waits for a click.
  if (decoded?.ok && state.view === 'cohort') {
    if (state.patients <= LINK_AUTORUN_PATIENTS) void runCohort();
    else banner(`This link asks for a cohort of ${state.patients.toLocaleString('en')} patients: press Run cohort to start it.`, 'info');
  }
  if (decoded?.ok && state.view === 'compare') void runCompare(sim).catch((e) => banner(`The comparison stopped: ${e.message}`));
}

/** The largest cohort a shared link starts without a click. */
const LINK_AUTORUN_PATIENTS = 2000;

window.addEventListener('error', (e) => banner(`Something went wrong: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => banner(`Something went wrong: ${(e.reason as Error)?.message ?? e.reason}`));
void start();

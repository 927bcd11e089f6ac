/**
 * The page's bootstrap. Views: one tumor (views/run.ts, with its what-if branch), cohort, compare, fit and about; the side
 * panel (sidebar.ts); the page state a share link carries (state.ts); the workers (pool.ts). The
 * simulation and every statistic run in workers behind ui/protocol.ts; this thread only draws.
 */
import './styles.css';
import { $, banner, setLinkNotice } from './dom.js';
import { newWorker } from './pool.js';
import { buildForms, initSidebar, showErrors } from './sidebar.js';
import { SCENARIOS, state, testHooks, updateHash } from './state.js';
import { decodeShare } from './url.js';
import { buildAbout } from './views/about.js';
import { initCohortView, runCohort } from './views/cohort.js';
import { initCompareView, runCompare } from './views/compare.js';
import { initRunView, loadScenario, play } from './views/run.js';
import { initBranchView } from './views/branch.js';
import { fitScenarioChanged, initFitView } from './views/fit.js';

(window as unknown as { __netevo: typeof testHooks }).__netevo = testHooks;

const TABS = ['run', 'cohort', 'compare', 'fit', 'about'] as const;
type Tab = (typeof TABS)[number];

/** Show one view; its tab is selected and the only one in the Tab order (arrow keys move among them). */
function showView(v: Tab): void {
  if (v !== 'about' && v !== 'fit') state.view = v;
  // The one-tumour controls (play, speed, saved runs) only where they act.
  document.body.dataset.view = v;
  for (const id of TABS) {
    $(`#view-${id}`).hidden = id !== v;
    const tab = $(`#tab-${id}`);
    tab.setAttribute('aria-selected', String(id === v));
    tab.tabIndex = id === v ? 0 : -1;
  }
  if (v !== 'about' && v !== 'fit') updateHash();
}

/** The tab list's keys (WAI-ARIA tabs): left and right arrows, Home and End move and select. */
function tabKeys(e: KeyboardEvent): void {
  const i = TABS.findIndex((t) => `tab-${t}` === (e.target as HTMLElement).id);
  if (i < 0) return;
  const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
  if (to < 0) return;
  e.preventDefault();
  showView(TABS[to]);
  $(`#tab-${TABS[to]}`).focus();
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
  initSidebar(sim, async () => {
    fitScenarioChanged();
    return loadScenario();
  });
  initRunView(sim, showErrors);
  initBranchView(sim);
  initCohortView(sim);
  initCompareView(sim);
  initFitView();
  for (const v of TABS) $(`#tab-${v}`).addEventListener('click', () => showView(v));
  $('nav[role="tablist"]').addEventListener('keydown', tabKeys);
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

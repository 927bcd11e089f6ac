/**
 * The page's state: which shipped scenario, the user's overrides, the seed, the view and the
 * cohort size — what a share link carries — and the hooks the browser tests read.
 */
import { encodeShare, type Share } from './url.js';
import type { Frame, ScenarioRequest } from './protocol.js';

// The shipped scenarios, bundled with the page (the picker lists them; a share link names one).
const files = import.meta.glob('../scenarios/*.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;
export const SCENARIOS: Record<string, Record<string, unknown>> = Object.fromEntries(
  Object.entries(files).map(([path, data]) => [path.replace(/^.*\//, '').replace(/\.json$/, ''), data]),
);
export const NAMES = Object.keys(SCENARIOS).sort();
const DEFAULT_SCENARIO = 'teaching-lung-lattice';
/** The page opens on a run that tells the whole teaching story: a tumor arises, meets its niche
 *  and is diagnosed (seed 1: an A1 tumor in a myeloid-centric DC1 niche, the pairing the review
 *  suggests). Other seeds are one keystroke away; some are never diagnosed in the window. */
const DEFAULT_SEED = 1;

/** The views a link can open (About is not one: it has no state to share). */
export type View = Share['view'];

export interface State {
  name: string;
  overrides: Record<string, unknown>;
  seed: number;
  view: View;
  patients: number;
  /** The speed slider's position, once a user or a link chose it (null: the scenario's default). */
  speed: number | null;
}
export const state: State = { name: DEFAULT_SCENARIO, overrides: {}, seed: DEFAULT_SEED, view: 'run', patients: 300, speed: null };

/** A shipped scenario as the workers take it; with the page's overrides unless asked otherwise. */
export function request(name = state.name, overrides: Record<string, unknown> = state.overrides): ScenarioRequest {
  return { base: SCENARIOS[name], overrides, source: `${name}.json` };
}

function share(): Share {
  return {
    v: 1, scenario: state.name, overrides: state.overrides, seed: state.seed, view: state.view,
    ...(state.view === 'cohort' ? { patients: state.patients } : {}),
    ...(state.speed !== null ? { speed: state.speed } : {}),
  };
}
export function updateHash(): void {
  history.replaceState(null, '', encodeShare(share()));
}

/** Hooks the browser tests read (window.__netevo). */
export const testHooks = {
  status: 'idle' as string,
  frames: 0,
  /** The simulated day of the last frame drawn. */
  lastT: 0,
  /** The run's speed asked for and reached (in the slider's unit per second; null: not measured yet). */
  speed: { asked: 0, reached: null as number | null },
  chartPoints: {} as Record<string, number>,
  /** The age each run chart marks as the diagnosis (null: none yet). */
  marks: {} as Record<string, number | null>,
  /** Set by the run view: the drawn fraction of its lattice. */
  latticeProbe: (): number => 0,
  /** Set by the run view: a hash of its lattice's pixels. */
  latticeHashProbe: (): number => 0,
  get latticeHash(): number {
    return this.latticeHashProbe();
  },
  /** Computed when read (a pass over every pixel: not paid per frame). */
  get latticeFraction(): number {
    return this.latticeProbe();
  },
  lastPatient: null as Frame['patient'] | null,
  cohortDone: 0,
  /** The last trial's hazard ratios (null while none, or one is running). */
  trial: null as { arm: string; endpoint: string; stratum: string; hr: number | null }[] | null,
  compareDone: 0,
  /** A frame has been asked of the run worker and has not landed yet. */
  busy: false,
  /** The scrubber's position: the x asked for and the x of the lattice frame shown (null: live). */
  scrub: null as { asked: number; shown: number | null } | null,
  /** The last fit's posterior (fit.json's keys) and the files it offers (null while none). */
  fit: null as { posterior: Record<string, number>; files: string[] } | null,
  /** The "what if" branch's chart data: the largest lesion by age, as it ran and with the change. */
  branch: null as { change: string[]; atYears: number; ages: number[]; run: (number | null)[]; branch: (number | null)[] } | null,
  /** The longest main-thread time one frame took, by part (ms). */
  frameMs: { charts: 0, muller: 0, lattice: 0, frame: 0 },
};

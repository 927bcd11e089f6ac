/**
 * The model's pace: how many ticks of `time.dtDays` the next step spans.
 *
 * Most of a life is quiet: normal NE tissue turning over for decades, small lesions growing for
 * years. Every process is exact, or nearly, over a longer step while nothing changes fast: the
 * clone engine draws the exact law of a linear birth–death process over any step with its rates
 * held (core/space/linear-bd.ts), the niche's immigration–death transition is exact for any step
 * (net/niche.ts), dissemination and death are hazards per day × the step. So while the patient is
 * quiet, one step spans several ticks, as a tick already spans many divisions. What a longer step
 * coarsens is what a tick coarsens: rates (and the niche's effects, drawn at its start) are held
 * over it, the clones mutant daughters found join at its end, thresholds are read at its end.
 *
 * A step spans k > 1 ticks only when
 * - the engine is the clone engine (the lattice is event by event; its agents move each tick);
 * - no therapy has started or starts now (a therapy's courses and effects are read tick by tick;
 *   one that starts at an age, or days after diagnosis, ends the step before at its first tick, so
 *   it starts when it would tick by tick; one that starts at an event starts at the tick after
 *   it, as tick by tick) and no metastasis has been found (the metastatic burden's progression
 *   and the tumour's hazard are read tick by tick from then on: a trial's arms, which start at
 *   metastasis, share every step up to enrolment);
 * - no lesion is within THRESHOLD_MARGIN of a size read at a threshold: the largest primary
 *   lesion of `progression.diagnosisCells` (diagnosis, or surgery of a second primary), the
 *   largest metastasis of `progression.metastasisDetectCells` (imaging);
 * and then k is the largest number of ticks such that
 * - the fastest-growing tumour clone grows by at most QUIET_GROWTH in expectation
 *   (e^{(b − d)·k·dt}: its rates, held over the step, stay close to a tick's; the dissemination
 *   flux reads the clone's mean over the step, processes/metastasis.ts), and a lesion growing as
 *   fast would still end the step THRESHOLD_MARGIN short of its threshold (so a lesion is read at
 *   the tick it reaches it, as tick by tick);
 * - the step spans at most `time.maxStepDays` (at most one tick when it is `dtDays` or less: the
 *   model steps tick by tick, as before pacing);
 * - it ends no later than the next recording time (a multiple of `recordEveryDays`, so a
 *   recorded run's rows fall where they would tick by tick; a fit records nothing and puts that
 *   grid past its story, study/fit/priors.ts), the end of the story (the first tick
 *   at or after `maxAgeYears`, or after `followupYears` of follow-up), and after diagnosis the
 *   next blood draw of the liquid biopsy.
 * The step's length reads only the patient's state, never who runs it (a recorded run, a cohort,
 * a checkpoint resumed, a page advancing in chunks), so it is part of the model: the same
 * scenario and seed give the same patient whatever runs it.
 */
import type { NetModel } from './model.js';
import { startDay, starts } from './processes/therapy.js';

/** The most a step of several ticks lets a tumour clone grow, in expectation. */
export const QUIET_GROWTH = 3;
const LOG_QUIET_GROWTH = Math.log(QUIET_GROWTH);
/** How close (a factor) a lesion comes to a size read at a threshold before the model steps tick
 *  by tick. */
export const THRESHOLD_MARGIN = 1.5;

/** Ticks the next step spans (≥ 1). */
export function stepTicks(m: NetModel): number {
  const s = m.scenario;
  const t = s.time;
  const dt = t.dtDays;
  let k = Math.floor(t.maxStepDays / dt + 1e-9);
  if (k <= 1 || m.engine.kind !== 'clone' || m.death || m.metastasisDays !== null) return 1;
  const xs = s.interventions;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isNaN(m.therapyStart[i]) || starts(m, xs[i])) return 1;
    k = Math.min(k, Math.ceil((startDay(m, xs[i]) - m.tDays) / dt - 1e-9));
  }
  const p = s.progression;
  const primary = m.largestLineageCells * m.scale;
  if (primary * THRESHOLD_MARGIN >= p.diagnosisCells) return 1;
  const L = m.metastases;
  const met = L.size > 0 ? Math.max(L.largest(false), L.largest(true)) : 0;
  if (met * THRESHOLD_MARGIN >= p.metastasisDetectCells) return 1;
  // The next recording time, the end of the story and, after diagnosis, the next blood draw.
  const every = t.recordEveryDays;
  const nextRecord = (Math.floor(m.tDays / every + 1e-9) + 1) * every;
  k = Math.min(k, Math.ceil((nextRecord - m.tDays) / dt - 1e-9));
  const d = m.diagnosis;
  k = Math.min(k, Math.ceil((m.endDays() - m.tDays) / dt - 1e-9));
  if (d && s.liquidBiopsy.everyDays > 0) k = Math.min(k, Math.ceil((d.tDays + m.ctdnaNextDays - m.tDays) / dt - 1e-9));
  if (k <= 1) return 1;
  // The fastest-growing tumour clone, at its rates as last set (a held population does not grow).
  const c = m.clones;
  let r = 0;
  for (const id of c.alive) if (c.neoplastic[id] && c.b[id] - c.d[id] > r && c.n[id] + c.nMet[id] > 0) r = c.b[id] - c.d[id];
  if (r > 0) {
    let room = LOG_QUIET_GROWTH;
    if (primary > 0) room = Math.min(room, Math.log(p.diagnosisCells / (THRESHOLD_MARGIN * primary)));
    if (met > 0) room = Math.min(room, Math.log(p.metastasisDetectCells / (THRESHOLD_MARGIN * met)));
    k = Math.min(k, Math.floor(room / (r * dt)));
  }
  return Math.max(1, k);
}

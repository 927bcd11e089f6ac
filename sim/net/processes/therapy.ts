/**
 * Therapies (the scenario's `interventions`, biology/therapies.ts): each starts when its condition
 * is met — an age, some days after diagnosis, or an event (diagnosis; metastasis found; relapse,
 * a metastasis found after diagnosis) — and is active during its courses. While active it acts on
 * the rates of the tumour cells it reaches (wiring.ts reads `therapyWeight` and the effects), in
 * the primary and in the metastases alike; it draws no random number, so a patient given a
 * therapy shares every draw with the same patient untreated until the therapy changes a rate.
 *
 * Progression is read here too, as a trial reads it: once metastases are found, the metastatic
 * burden after that tick's surgery is the baseline, and progression is the first tick it reaches
 * 1.2³ ≈ 1.73 times that (RECIST: a 20 % increase of the diameters), or imaging size again when
 * surgery removed it all.
 */
import { HIT_INDEX, MARKER_INDEX, PROGRAMS } from '../../biology/biology.js';
import type { ResolvedIntervention } from '../../scenario/scenario.js';
import { metastaticCells } from '../lesions.js';
import type { NetModel } from '../model.js';
import { CALLABLE_GENOME_MB } from '../sequencing.js';
import type { Process } from './index.js';
import { DAYS_PER_YEAR } from '../../core/time.js';

/** RECIST progression: the diameters 20 % larger, the volume 1.2³ times. */
export const PROGRESSION_FACTOR = 1.2 ** 3;

/** Whether intervention x's start condition holds now. */
export function starts(m: NetModel, x: ResolvedIntervention): boolean {
  const s = x.start;
  if (s.ageYears !== undefined) return m.ageYears() >= s.ageYears;
  if (!m.diagnosis) return false;
  if (s.daysAfterDiagnosis !== undefined) return m.tDays - m.diagnosis.tDays >= s.daysAfterDiagnosis - 1e-9;
  if (s.onEvent === 'diagnosis') return true;
  if (s.onEvent === 'metastasis') return m.metastasisDays !== null;
  return m.metastasisDays !== null && m.metastasisDays > m.diagnosis.tDays;
}

/** The day intervention x starts at the latest if its condition is a time (an age, or days after
 *  a diagnosis made), else Infinity (an event: it starts at the tick after the event). */
export function startDay(m: NetModel, x: ResolvedIntervention): number {
  const s = x.start;
  if (s.ageYears !== undefined) return (s.ageYears - m.scenario.time.startAgeYears) * DAYS_PER_YEAR;
  if (s.daysAfterDiagnosis !== undefined && m.diagnosis) return m.diagnosis.tDays + s.daysAfterDiagnosis;
  return Infinity;
}

/** Whether an intervention that started at day t0 is within one of its courses at day t. */
function inCourse(x: ResolvedIntervention, t0: number, t: number): boolean {
  const e = t - t0;
  const course = x.repeatEveryDays > 0 ? Math.floor(e / x.repeatEveryDays) : 0;
  return course < x.courses && e - course * x.repeatEveryDays < x.durationDays;
}

/** How much of intervention x reaches clone id (0–1): the product of its target's parts. */
export function therapyWeight(m: NetModel, x: ResolvedIntervention, id: number): number {
  const c = m.clones;
  const t = x.target;
  const program = PROGRAMS[c.program[id]];
  if (t.program !== undefined && program.id !== t.program) return 0;
  if (t.hit !== undefined && !(c.hits[id] & (1 << HIT_INDEX[t.hit]))) return 0;
  if (t.alt && !c.alt[id]) return 0;
  let w = 1;
  if (t.marker) w *= program.markers[MARKER_INDEX[t.marker]];
  if (t.markerLow) w *= 1 - program.markers[MARKER_INDEX[t.markerLow]];
  if (t.tmbPerMb) w *= Math.min(1, c.founderPassengers[id] / CALLABLE_GENOME_MB / t.tmbPerMb);
  return w;
}

export const therapy: Process = {
  name: 'therapy',
  step(m) {
    const xs = m.scenario.interventions;
    if (xs.length) {
      m.therapyActive.length = 0;
      xs.forEach((x, k) => {
        if (Number.isNaN(m.therapyStart[k]) && starts(m, x)) m.therapyStart[k] = m.tDays;
        if (!Number.isNaN(m.therapyStart[k]) && inCourse(x, m.therapyStart[k], m.tDays)) m.therapyActive.push(k);
      });
    }
    // Progression of the metastatic disease (read whether or not a therapy is given), in real
    // cells (metastases count real cells on either engine).
    if (m.metastasisDays === null || m.progressionDays !== null) return;
    const burden = metastaticCells(m);
    if (m.metastaticBaseline === null) {
      m.metastaticBaseline = burden;
      return;
    }
    const threshold = m.metastaticBaseline > 0 ? PROGRESSION_FACTOR * m.metastaticBaseline : m.scenario.progression.metastasisDetectCells;
    if (burden >= threshold) m.progressionDays = m.tDays;
  },
};

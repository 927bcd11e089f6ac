/**
 * What is recorded of a patient, declared once (Mesa's DataCollector): each reporter is a name
 * and how to read it from the model. The timeseries columns, the patient record (patients.csv,
 * summary.json) and the page's patient view are all built from these lists, so a new column is
 * one line here.
 */
import { AGENT_TYPES, HITS, MARKER_INDEX, PROGRAMS, type Marker } from '../biology/biology.js';
import { gradeOf, type TumorReadout } from './classifier.js';
import { readLineage } from './lesions.js';
import { expectedMitoses } from './pathology.js';
import type { NetModel } from './model.js';
import { CALLABLE_GENOME_MB, type SequencingResult } from './sequencing.js';
import { DAYS_PER_YEAR } from '../core/time.js';

const round = (x: number, digits = 6) => Number(x.toPrecision(digits));

// ------------------------------------------------------------------------------ timeseries

/** One pass over the clones per recorded row; the reporters read from it. */
export interface Tally {
  m: NetModel;
  normal: number;
  neoplastic: number;
  metastatic: number;
  /** Neoplastic cells (primary and metastatic) per program index. */
  byProgram: Map<number, number>;
  /** The largest lesion read as a pathologist would, or null without one. */
  lesion: TumorReadout | null;
}

export function tally(m: NetModel): Tally {
  const c = m.clones;
  const t: Tally = { m, normal: 0, neoplastic: 0, metastatic: 0, byProgram: new Map(), lesion: null };
  for (const id of c.alive) {
    t.metastatic += c.nMet[id];
    if (c.neoplastic[id]) {
      t.neoplastic += c.n[id];
      t.byProgram.set(c.program[id], (t.byProgram.get(c.program[id]) ?? 0) + c.n[id] + c.nMet[id]);
    } else t.normal += c.n[id];
  }
  const r = m.largestLineage >= 0 ? readLineage(m, m.largestLineage) : null;
  t.lesion = r && r.cells > 0 ? r : null;
  return t;
}

export interface Reporter<C> {
  name: string;
  value(ctx: C): number | string;
}

/** Timeseries reporters of a site; program_* are neoplastic cells per program, immune_* agent counts. */
export function timeseriesReporters(site: string): Reporter<Tally>[] {
  return [
    { name: 't_days', value: (t) => round(t.m.tDays) },
    { name: 'age_years', value: (t) => round(t.m.ageYears()) },
    { name: 'cells', value: (t) => t.normal + t.neoplastic + t.metastatic },
    { name: 'normal_ne_cells', value: (t) => t.normal },
    { name: 'neoplastic_cells', value: (t) => t.neoplastic },
    { name: 'tumor_cells', value: (t) => t.m.largestLineageCells },
    { name: 'metastatic_cells', value: (t) => t.metastatic },
    { name: 'births', value: (t) => t.m.counters.births },
    { name: 'deaths', value: (t) => t.m.counters.deaths },
    { name: 'resected', value: (t) => t.m.counters.resected },
    { name: 'clones_alive', value: (t) => t.m.clones.alive.length },
    { name: 'ki67', value: (t) => round(t.lesion ? t.lesion.ki67 : 0) },
    // The grade of the lesion's mean proliferation (no hot spot, no counting noise).
    { name: 'grade', value: (t) => (t.lesion ? gradeOf(t.m.site, t.lesion.ki67, expectedMitoses(t.lesion.ki67, t.m.scenario.pathology, t.m.scenario.progression.cycleDays)) : '') },
    ...PROGRAMS.flatMap((p, i) => (p.site === site ? [{ name: `program_${p.id}`, value: (t: Tally) => t.byProgram.get(i) ?? 0 }] : [])),
    ...AGENT_TYPES.map((a, j) => ({ name: `immune_${a.id}`, value: (t: Tally) => t.m.immune.counts[j] })),
  ];
}

export const timeseriesColumns = (site: string): string[] => timeseriesReporters(site).map((r) => r.name);

// ------------------------------------------------------------------------------ the patient

const years = (days: number) => round(days / DAYS_PER_YEAR);
const markerAtMetastasis = (m: NetModel, marker: Marker): number | null => (m.metastasisMarkers ? round(m.metastasisMarkers[MARKER_INDEX[marker]], 4) : null);
const endDays = (m: NetModel) => (m.death ? m.death.tDays : m.tDays);

/**
 * One patient's record, field by field, in patients.csv's column order (before the hit_* flags).
 * Empty cells where an event did not happen; years count from diagnosis.
 */
export const PATIENT_REPORTERS = {
  patient: (_m: NetModel, index: number) => index,
  site: (m: NetModel) => m.site as string,
  engine: (m: NetModel) => m.engine.kind as string,
  sex: (m: NetModel): 'F' | 'M' => (m.female ? 'F' : 'M'),
  germline_MEN1: (m: NetModel): 0 | 1 => (m.germlineMEN1 ? 1 : 0),
  germline_VHL: (m: NetModel): 0 | 1 => (m.germlineVHL ? 1 : 0),
  archetype: (m: NetModel) => m.archetype,
  cell_of_origin: (m: NetModel) => m.diagnosis?.origin ?? '',
  location: (m: NetModel) => m.diagnosis?.location ?? '',
  hits: (m: NetModel) => m.diagnosis?.hits.join(';') ?? '',
  subgroup: (m: NetModel) => m.diagnosis?.subgroup ?? '',
  diagnosed: (m: NetModel): 0 | 1 => (m.diagnosis ? 1 : 0),
  age_at_diagnosis_years: (m: NetModel) => (m.diagnosis ? round(m.diagnosis.ageYears) : null),
  ki67_at_diagnosis: (m: NetModel) => (m.diagnosis ? round(m.diagnosis.ki67 * 100) : null),
  grade_at_diagnosis: (m: NetModel) => (m.diagnosis?.grade ?? '') as string,
  // Mitotic figures per 2 mm² in the hot spot (lung: what the grade reads).
  mitoses_per_2mm2: (m: NetModel) => (m.diagnosis ? m.diagnosis.mitoses : null),
  // The site's IHC panel: its call beside the expression-based subgroup, and each stain's score.
  ihc_subgroup: (m: NetModel) => m.diagnosis?.panel?.call ?? '',
  ihc: (m: NetModel) => (m.diagnosis?.panel ? Object.entries(m.diagnosis.panel.scores).map(([k, v]) => `${k}:${v}`).join(';') : ''),
  // The mutations every cell of the diagnosed tumour carries (its founding cell's: clock-like and
  // division-driven passengers), per callable megabase: what whole-genome sequencing of a clonal
  // tumour mostly calls (--sequencing counts the called ones, subclonal included).
  clonal_tmb_per_mb: (m: NetModel) => (m.diagnosis ? Number((m.clones.founderPassengers[m.diagnosis.lineage] / CALLABLE_GENOME_MB).toPrecision(4)) : null),
  // Hits detected in the metastases when first found (a biopsy), and the microadenomas the
  // pathologist found in the resected organ: their number and each one's hits (';' within one,
  // '|' between them).
  metastasis_hits: (m: NetModel): string | null => (m.metastasisHits ? m.metastasisHits.join(';') : null),
  microadenomas: (m: NetModel) => (m.diagnosis ? m.diagnosis.microadenomas.length : null),
  microadenoma_hits: (m: NetModel) => (m.diagnosis ? m.diagnosis.microadenomas.map((h) => h.join(';')).join('|') : null),
  metastasis_years: (m: NetModel) => (m.diagnosis && m.metastasisDays !== null ? years(m.metastasisDays - m.diagnosis.tDays) : null),
  // The metastatic disease's RECIST progression (processes/therapy.ts), and the therapy targets'
  // levels in the metastases when found (a biopsy's IHC; a trial's strata).
  progression_years: (m: NetModel) => (m.diagnosis && m.progressionDays !== null ? years(m.progressionDays - m.diagnosis.tDays) : null),
  metastasis_SSTR2: (m: NetModel) => markerAtMetastasis(m, 'SSTR2'),
  metastasis_MGMT: (m: NetModel) => markerAtMetastasis(m, 'MGMT'),
  metastasis_DLL3: (m: NetModel) => markerAtMetastasis(m, 'DLL3'),
  // The first positive liquid biopsy after diagnosis (processes/liquid-biopsy.ts).
  ctdna_positive_years: (m: NetModel) => (m.diagnosis && m.ctdnaPositiveDays !== null ? years(m.ctdnaPositiveDays - m.diagnosis.tDays) : null),
  // The interventions that started, with the age each did (id@age;…).
  therapies: (m: NetModel) => m.scenario.interventions.flatMap((x, k) => (Number.isNaN(m.therapyStart[k]) ? [] : [`${x.id}@${round(m.scenario.time.startAgeYears + m.therapyStart[k] / DAYS_PER_YEAR, 4)}`])).join(';'),
  death_years: (m: NetModel) => (m.diagnosis && m.death ? years(m.death.tDays - m.diagnosis.tDays) : null),
  death_cause: (m: NetModel) => (m.death?.cause ?? '') as string,
  followup_years: (m: NetModel) => (m.diagnosis ? years(endDays(m) - m.diagnosis.tDays) : null),
  age_at_end_years: (m: NetModel) => round(m.scenario.time.startAgeYears + endDays(m) / DAYS_PER_YEAR),
};
type PatientFields = { [K in keyof typeof PATIENT_REPORTERS]: ReturnType<(typeof PATIENT_REPORTERS)[K]> };

export interface PatientRecord extends PatientFields {
  /** 0/1 per hit, detected in the diagnosed tumor. */
  hitFlags: Record<string, 0 | 1>;
  /** Simulated sequencing of the diagnosed tumor (when asked for). */
  sequencing?: SequencingResult;
}

const REPORTERS = Object.entries(PATIENT_REPORTERS) as [string, (m: NetModel, index: number) => unknown][];

export function patientRecord(m: NetModel, index: number): PatientRecord {
  const r: Record<string, unknown> = {};
  for (const [k, f] of REPORTERS) r[k] = f(m, index);
  const d = m.diagnosis;
  const hitFlags: Record<string, 0 | 1> = {};
  for (const h of HITS) hitFlags[h.id] = d && d.hits.includes(h.id) ? 1 : 0;
  r.hitFlags = hitFlags;
  return r as unknown as PatientRecord;
}

/** Column order of patients.csv (mutation_burden and tmb_per_mb columns follow when sequenced). */
export const PATIENT_COLUMNS = [...Object.keys(PATIENT_REPORTERS), ...HITS.map((h) => `hit_${h.id}`)];

/** A record as a patients.csv row. */
export function patientRow(r: PatientRecord): (string | number)[] {
  const fields = Object.keys(PATIENT_REPORTERS).map((k) => r[k as keyof PatientFields] ?? '');
  const seq = r.sequencing ? (r.diagnosed ? [r.sequencing.burden, r.sequencing.tmbPerMb] : ['', '']) : [];
  return [...fields, ...HITS.map((h) => r.hitFlags[h.id]), ...seq];
}

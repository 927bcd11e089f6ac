/**
 * The core's public API: the one module the command line (cli/), the page (ui/) and the
 * benchmarks (bench/) import. Grouped as a reader meets the model: the biology, scenarios, one
 * patient, cohorts and studies, the files they write.
 */

// --- The biology (data): sites, programs, hits, agents and the hypotheses' vocabulary.
export { DAYS_PER_YEAR } from './core/time.js';
export { SITES, SUBGROUPS, type Site } from './biology/sites/index.js';
export { MARKERS } from './biology/markers.js';
export { PROGRAMS } from './biology/programs.js';
export { ORIGINS } from './biology/origins.js';
export { HITS } from './biology/hits.js';
export { THERAPIES, THERAPY_IDS, type TherapyDef } from './biology/therapies.js';
export { AGENT_TYPES, ARCHETYPES } from './biology/agents.js';
export { HYPOTHESES, HYPOTHESIS_KEYS, HYPOTHESIS_SLUGS, pureWeights, shippedScenarioName, type HypothesisKey, type HypothesisSlug, type HypothesisWeights } from './biology/hypotheses.js';
export { wiringOf, type Wiring } from './net/hypothesis.js';

// --- Scenarios: schema, errors, resolution over the site defaults.
export { NetScenarioSchema, BirthDeathScenarioSchema, scenarioJsonSchema, type NetScenarioInput, type BirthDeathInput } from './scenario/schema.js';
export { ScenarioError, parseJsonText, jsonPath, type ScenarioIssue } from './scenario/errors.js';
export { parseScenario, parseScenarioText, deepMerge, overDefaults, paramsToOverrides, type Scenario, type ResolvedNet, type ResolvedBirthDeath } from './scenario/resolve.js';

// --- One patient (and the plain birth–death model): runs in chunks, what is recorded of them.
export { PatientSimulation, simulatePatient, sequence, cloneRows, patientSeed, type PatientRun } from './net/patient.js';
export { PATIENT_COLUMNS, patientRecord, patientRow, timeseriesColumns, type PatientRecord } from './net/reporters.js';
export { parseSequencing, type Sequencing } from './net/sequencing.js';
export { panelStains } from './net/pathology.js';
export { STREAMS_VERSION, STREAM_NAMES } from './core/streams.js';
export { BD_COLUMNS, BirthDeathSimulation, simulateBirthDeath, sequenceBirthDeath, type BirthDeathRun } from './birth-death/model.js';
export { REPLICATE_COLUMNS, replicateSeed, simulateReplicate, summariseReplicates, type ReplicateRecord, type ReplicateSummary } from './birth-death/replicates.js';
export { LatticeEngine } from './core/space/lattice.js';

// --- Cohorts and studies: blocks, statistics, comparison, sweeps, the fit.
export { cohortBlocks, simulateBlock, simulateRows, inThreadRunner, Interrupted, COHORT_BLOCK, type Block, type CohortRow, type CohortRunner, type CohortScenario, type ScenarioSource } from './study/blocks.js';
export { ctdnaLead, panelAgreement, runCohort, summariseCohort, type CohortSummary, type CtdnaLead, type PanelAgreement } from './study/cohort.js';
export { CONTROL, STRATA, STRATUM_CUTOFF, TRIAL_COLUMNS, TRIAL_STRATA, analyseTrial, armInput, armIntervention, trialRows, type HazardRatio, type TrialAnalysis, type TrialRow, type TrialStratum } from './study/trial.js';
export { coxBinary, interactionP, type CoxFit } from './study/cox.js';
export { chiSquare, cohortStatistics, contingency, cramersV, cramersVCorrected, cumulativeIncidence, kaplanMeier, kmMedian, median, quantile, type CohortStatistics, type KaplanMeier } from './study/stats.js';
export { wilson, chiSquareSurvival, fisherExact, kmIntervals, logRank, survivalAt } from './study/inference.js';
export { endpointDef, subgroupCurves, SURVIVAL_ENDPOINTS, type Endpoint } from './study/endpoints.js';
export { COMPARISON_COLUMNS, comparisonCohorts, comparisonRows, comparisonStats, type ComparisonStats } from './study/compare.js';
export { planSweep, resultsCsv, shardTasks, taskRow, taskScenario } from './study/sweep.js';
export { createRng, type Rng } from './core/rng.js';
export { SimulationError, MAX_CLONES, DEFAULT_LIMITS, type RunLimits } from './core/limits.js';
export { branchRun, checkpointText, resumeRun, setOverrides, type Checkpoint } from './io/checkpoint.js';
export { estimateWork, exceedsLimits, LATTICE_BYTES_PER_SITE, type WorkEstimate } from './scenario/work.js';
export { FIT_HUBER_Z, TARGET_COLUMNS, distance, measure, parseTarget, parseTargetCsv, syntheticTarget, targetFromCohort, type Measured, type TargetRow } from './study/fit/targets.js';
export { parseGroup, type Group } from './study/fit/groups.js';
export { APPROXIMATE_N, evaluate, medianSe, type Evaluation } from './study/fit/measures.js';
export { CHECK_NOTES, checkCsv, checkMarkdown, checkSummary, checkTable, type CheckRow, type CheckStatus, type CheckSummary } from './study/check.js';
export { fitHypotheses, fitIdentity, memoryStore, mixtureBase, type FitProblem, type FitResult, type Simulation, type SimulationStore, type Stage } from './study/fit/abc.js';
export { abcSmc, sampleQuantile, type SmcResult, type ParamSpace } from './study/fit/smc.js';
export { fitFollowup, mixtureSpace, priors, scenarioWith, type Prior } from './study/fit/priors.js';
export { fitFiles } from './study/fit/report.js';
export {
  referenceIdentity, referenceTable, validateMixture, validatePure,
  type MixtureValidation, type PureValidation, type ReferenceProblem, type ReferenceSim, type ReferenceStage,
} from './study/fit/crossval.js';
export { candidateRows, power, tableSize, type PowerResult } from './study/fit/power.js';

// --- The files of a run or a cohort (CSV/JSON text: the same bytes from the CLI and the page).
export { recordsToCsv, toCsv } from './core/csv.js';
export { birthDeathRunFiles, cohortFiles, patientRunFiles, patientsCsv, replicateFiles } from './io/outputs.js';
export { VERSION } from './core/version.js';

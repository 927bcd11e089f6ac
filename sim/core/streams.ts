/**
 * Named random substreams. Each biological process draws from its own stream, derived from the
 * patient's seed and the process's name (`seed/patient/i/growth`, …), so that changing one
 * process's parameters moves only that process's draws: common random numbers hold across the
 * fit's candidate models, therapy arms and counterfactual branches of the same patient.
 */
import type { Rng } from './rng.js';

/**
 * Version of the stream layout, recorded in every summary.json: outputs of two netevo builds are
 * comparable draw for draw only when it is equal. 1: one stream per patient shared by every
 * process; 2: one named substream per process (STREAM_NAMES); 3: the same substreams drawn by a
 * paced model (net/pace.ts: a quiet step spans several ticks, so fewer draws); 4: the niche drawn
 * once per step (not once per tick inside it) and metastases' divisions no longer counted; 5:
 * exponential times by the ziggurat (rng.ts; only the lattice draws them: lattice runs differ,
 * well-mixed ones do not); 6: longer quiet steps (net/pace.ts: a clone may grow 3× over one, not
 * 1.5×; yearly recording times by default), and dissemination at the clone's mean cells over the
 * step rather than its end's.
 */
export const STREAMS_VERSION = 6;

/** The processes that draw random numbers, each from its own stream. */
export const STREAM_NAMES = ['demography', 'tempo', 'tissue', 'immune', 'agents', 'growth', 'genotype', 'metastasis', 'death', 'pathology', 'ihc', 'ctdna'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];
export type Streams = Readonly<Record<StreamName, Rng>>;

/**
 * One child stream per process, forked from the patient's stream by name when a process first
 * draws from it (a fork depends only on the patient's seed and the name, never on other draws, so
 * forking late gives the same stream; a patient never diagnosed never forks pathology's).
 */
export function createStreams(patient: Rng): Streams {
  return new LazyStreams(patient) as unknown as Streams;
}

/** The streams of one patient, each forked on first use (a class: checkpoints save it). */
export class LazyStreams {
  readonly forked: (Rng | undefined)[] = new Array(STREAM_NAMES.length).fill(undefined);
  constructor(readonly patient: Rng) {}
}
STREAM_NAMES.forEach((name, k) =>
  Object.defineProperty(LazyStreams.prototype, name, {
    get(this: LazyStreams) {
      return (this.forked[k] ??= this.patient.fork(name));
    },
    enumerable: true,
  }),
);

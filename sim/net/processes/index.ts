/**
 * A process is one biological step over the patient's state. The model runs them in this order
 * each step (a tick, or several: pace.ts); a new mechanism (a therapy, say) is one more file here and one more entry below.
 */
import type { NetModel } from '../model.js';
import { census } from './census.js';
import { death } from './death.js';
import { diagnosis } from './diagnosis.js';
import { growth } from './growth.js';
import { immune } from './immune.js';
import { metastasis } from './metastasis.js';
import { liquidBiopsy } from './liquid-biopsy.js';
import { therapy } from './therapy.js';
import { wiring } from './wiring.js';

export interface Process {
  readonly name: string;
  /** Once, after the tissue is laid down, before the first tick. */
  start?(m: NetModel): void;
  /** One step of dt days: a tick, or several while the patient is quiet (pace.ts). */
  step(m: NetModel, dt: number): void;
}

export const NET_PROCESSES: readonly Process[] = [immune, therapy, wiring, growth, metastasis, census, diagnosis, liquidBiopsy, death];

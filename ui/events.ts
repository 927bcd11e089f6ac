/**
 * The clone events of a run, read from the clone table a frame carries: a hit gained (in a clone
 * whose parent lacked it) or a program changed (reprogramming, convergence), with the age it
 * happened at. Passenger sub-clones (same hits and program as their parent) are not events.
 */
import type { CloneMeta } from './protocol.js';

export interface CloneEvent {
  ageYears: number;
  clone: number;
  text: string;
}

export function cloneEvents(c: CloneMeta, hitIds: readonly string[], programIds: readonly string[]): CloneEvent[] {
  const out: CloneEvent[] = [];
  for (let i = 0; i < c.parent.length; i++) {
    const p = c.parent[i];
    if (p < 0) continue;
    const gained = c.hits[i] & ~c.hits[p];
    for (let k = 0; k < hitIds.length; k++) if ((gained >> k) & 1) out.push({ ageYears: c.bornYears[i], clone: i, text: `${hitIds[k]} in clone ${i}` });
    if (c.program[i] !== c.program[p]) out.push({ ageYears: c.bornYears[i], clone: i, text: `${programIds[c.program[i]] ?? c.program[i]} program in clone ${i}` });
  }
  return out.sort((a, b) => a.ageYears - b.ageYears || a.clone - b.clone);
}

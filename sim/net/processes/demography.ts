/**
 * Who the patient is, drawn once at birth of the scenario's window: sex, germline MEN1 and VHL status,
 * the tissue's immune archetype, and the tempo of any tumor they will grow.
 */
import type { ResolvedNet } from '../../scenario/scenario.js';
import type { Streams } from '../../core/streams.js';

export interface PatientTraits {
  female: boolean;
  germlineMEN1: boolean;
  /** Von Hippel–Lindau disease (a germline VHL allele lost). */
  germlineVHL: boolean;
  archetype: string;
  /** e^(σz), z standard normal: multiplies the tumor cells' intrinsic division and death rates. */
  tempo: number;
}

export function drawPatient(s: ResolvedNet, streams: Streams): PatientTraits {
  const rng = streams.demography;
  const female = rng.next() < s.population.femaleFraction;
  const germlineMEN1 = rng.next() < s.population.germlineMEN1;
  const archIds = Object.keys(s.archetypes);
  const archetype = archIds[rng.pick(archIds.map((a) => s.archetypes[a]))];
  // Its own stream, so that the other draws do not move when σ changes.
  const tempo = Math.exp(s.progression.tempoSdLog * streams.tempo.normal());
  // Drawn last, and only where a scenario has carriers, so that no other draw of a scenario
  // without them moves.
  const germlineVHL = s.population.germlineVHL > 0 && rng.next() < s.population.germlineVHL;
  return { female, germlineMEN1, germlineVHL, archetype, tempo };
}

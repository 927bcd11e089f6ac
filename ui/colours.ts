/** The page's colours, in one place: the chart palette, one colour per program (charts, lattice
 *  and legend agree) and one per immune agent type. */
import { PROGRAMS } from '../sim/api.js';

export const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#1f78b4', '#b2df8a', '#fb9a99', '#cab2d6'];

export const AGENT_COLOURS: Record<string, string> = {
  CD8_T: '#d7191c', CD4_T: '#fdae61', Treg: '#a6611a', macrophage: '#2c7bb6', monocyte: '#abd9e9',
  cDC1: '#7b3294', neutrophil: '#008837', CAF: '#404040',
};

/** Fixed colours for the programs readers compare across views; others take the palette. */
const PROGRAM_COLOURS: Record<string, string> = {
  lung_NE_generic: '#9e9e9e', lung_NE_peripheral: '#1b9e77', lung_NE_central: '#7570b3', lung_NE_solitary: '#d95f02', lung_NEC_like: '#e7298a',
  pancreas_islet_generic: '#9e9e9e', pancreas_alpha: '#1f78b4', pancreas_beta: '#e6ab02', si_EC_generic: '#9e9e9e', si_EC: '#66a61e',
};

export const programColour = (p: number): string => PROGRAM_COLOURS[PROGRAMS[p]?.id ?? ''] ?? PALETTE[p % PALETTE.length];

/** The page's colours, in one place: the chart palette, one colour per program (charts, lattice
 *  and legend agree) and one per immune agent type. */
import { PROGRAMS } from '../sim/api.js';

/** Okabe & Ito's colour-blind-safe set (Color Universal Design, 2008) first, in the order the
 *  subgroups take it (A1 bluish green, A2 orange, B blue, supra-carcinoid reddish purple), then
 *  further distinct colours for charts with more series. */
export const PALETTE = ['#009E73', '#E69F00', '#0072B2', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#F0E442', '#999999', '#882255', '#44AA99', '#117733'];

export const AGENT_COLOURS: Record<string, string> = {
  CD8_T: '#d7191c', CD4_T: '#fdae61', Treg: '#a6611a', macrophage: '#2c7bb6', monocyte: '#abd9e9',
  cDC1: '#7b3294', neutrophil: '#008837', CAF: '#404040',
};

/** The lattice coloured by one hit: cells carrying it (Okabe–Ito yellow: no agent's colour), other
 *  neoplastic cells, normal NE cells; and the states that are not NE cells. */
export const HIT_RGB = [240, 228, 66];
export const NEOPLASTIC_RGB = [120, 120, 120];
export const NORMAL_NE_RGB = [190, 190, 190];
export const EMPTY_RGB = [255, 255, 255];
export const EPITHELIUM_RGB = [228, 224, 216];
export const rgbCss = (c: readonly number[]) => `rgb(${c.join(',')})`;

/** Fixed colours for the programs readers compare across views; others take the palette. */
const PROGRAM_COLOURS: Record<string, string> = {
  lung_NE_generic: '#999999', lung_NE_peripheral: '#009E73', lung_NE_central: '#E69F00', lung_NE_solitary: '#0072B2', lung_NEC_like: '#CC79A7',
  pancreas_islet_generic: '#999999', pancreas_alpha: '#56B4E9', pancreas_beta: '#D55E00', si_EC_generic: '#999999', si_EC: '#009E73',
};

export const programColour = (p: number): string => PROGRAM_COLOURS[PROGRAMS[p]?.id ?? ''] ?? PALETTE[p % PALETTE.length];

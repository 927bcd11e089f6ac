/**
 * The lattice view's plane of a 3D lattice (ui/lattice.ts planeOf), on a synthetic 3 × 2 × 3
 * states array: a z-slice is that layer; the projection keeps, along each column, the most
 * neoplastic state (the lowest z among equals); a 2D lattice is drawn from its own array.
 */
import { describe, expect, it } from 'vitest';
import { planeOf } from '../ui/lattice.js';

const E = -1; // empty
const P = -2; // epithelium
// Clones 0 and 1 are normal, 2 and 3 neoplastic.
const neoplastic = Uint8Array.from([0, 0, 1, 1]);
// x fastest, then y, then z: three layers of 3 × 2.
const states = Int32Array.from([
  /* z = 0 */ E, P, 0, E, E, 1,
  /* z = 1 */ P, 0, E, 2, E, 3,
  /* z = 2 */ 1, 2, 3, E, E, 2,
]);

describe('the lattice view draws a 3D lattice', () => {
  it('shows one z-slice', () => {
    expect([...planeOf(states, 3, 2, 3, 'slice', 0, neoplastic)]).toEqual([E, P, 0, E, E, 1]);
    expect([...planeOf(states, 3, 2, 3, 'slice', 1, neoplastic)]).toEqual([P, 0, E, 2, E, 3]);
    expect([...planeOf(states, 3, 2, 3, 'slice', 2, neoplastic)]).toEqual([1, 2, 3, E, E, 2]);
  });

  it('projects the most neoplastic state along z', () => {
    // column 0: E, P, 1 → normal clone 1; column 1: P, 0, 2 → neoplastic 2; column 2: 0, E, 3 → 3;
    // column 3: E, 2, E → 2; column 4: all empty; column 5: 1, 3, 2 → 3 (lowest z of the neoplastic).
    expect([...planeOf(states, 3, 2, 3, 'projection', 0, neoplastic)]).toEqual([1, 2, 3, 2, E, 3]);
    // Epithelium outranks empty space.
    expect([...planeOf(Int32Array.from([E, P]), 1, 1, 2, 'projection', 0, neoplastic)]).toEqual([P]);
  });

  it('reuses the output array it is given, and draws a 2D lattice from its own states', () => {
    const out = new Int32Array(6);
    expect(planeOf(states, 3, 2, 3, 'slice', 2, neoplastic, out)).toBe(out);
    const flat = states.subarray(0, 6);
    expect(planeOf(flat, 3, 2, 1, 'projection', 0, neoplastic)).toBe(flat);
  });

  it('refuses states of the wrong size', () => {
    expect(() => planeOf(states, 3, 2, 2, 'slice', 0, neoplastic)).toThrow(/3 × 2 × 2/);
  });
});

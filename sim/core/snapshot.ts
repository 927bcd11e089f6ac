/**
 * A run's whole state as text, and back: the object graph of a simulation (its clones, engine,
 * lattice, agents, niche, metastases, random streams and recorded rows) encoded as JSON, so a run
 * can be checkpointed and resumed and write the same bytes an uninterrupted run writes.
 *
 * The encoding keeps what JSON drops: shared references and cycles (each object once, then
 * `{"$r": id}`), class instances (by the name they are registered under, not `constructor.name`,
 * which minification changes), Maps, Sets, typed arrays (their bytes in base64), −0, NaN and the
 * infinities. What is not state — the resolved scenario with its compiled expressions, the
 * processes, the reporters — is named as an *external* and supplied again on restore. A function
 * anywhere else is an error, so nothing is silently lost.
 */

type Ctor = abstract new (...args: never[]) => object;
type Enc = unknown;

const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray } as const;
type TypedName = keyof typeof TYPED;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Encode `root`; `classes` names every class the graph may hold, `externals` the objects left out. */
export function encodeState(root: unknown, classes: Record<string, Ctor>, externals: Map<object, string>): Enc {
  const names = new Map<unknown, string>(Object.entries(classes).map(([n, c]) => [c, n]));
  const ids = new Map<object, number>();
  const enc = (v: unknown, path: string): Enc => {
    if (v === undefined) return { $u: 1 };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $n: Object.is(v, -0) ? '-0' : String(v) };
    if (typeof v !== 'object') throw new Error(`cannot save the state: a ${typeof v} at ${path}`);
    const ext = externals.get(v);
    if (ext !== undefined) return { $x: ext };
    const seen = ids.get(v);
    if (seen !== undefined) return { $r: seen };
    const id = ids.size;
    ids.set(v, id);
    if (ArrayBuffer.isView(v)) {
      const t = v.constructor.name as TypedName;
      if (!(t in TYPED)) throw new Error(`cannot save the state: a ${t} at ${path}`);
      return { $id: id, $t: t, d: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    }
    if (Array.isArray(v)) return { $id: id, $a: v.map((x, i) => enc(x, `${path}[${i}]`)) };
    if (v instanceof Map) return { $id: id, $m: [...v].map(([k, x], i) => [enc(k, `${path}<key ${i}>`), enc(x, `${path}<${String(k)}>`)]) };
    if (v instanceof Set) return { $id: id, $s: [...v].map((x, i) => enc(x, `${path}{${i}}`)) };
    const proto = Object.getPrototypeOf(v);
    const name = proto === Object.prototype || proto === null ? undefined : names.get(proto.constructor);
    if (proto !== Object.prototype && proto !== null && name === undefined) throw new Error(`cannot save the state: an instance of an unregistered class at ${path}`);
    const f: Record<string, Enc> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'function') throw new Error(`cannot save the state: a function at ${path}.${k}`);
      f[k] = enc(x, `${path}.${k}`);
    }
    return name === undefined ? { $id: id, f } : { $id: id, $c: name, f };
  };
  return enc(root, '$');
}

/** Rebuild what `encodeState` encoded, with the same classes and the externals by name. */
export function decodeState(data: Enc, classes: Record<string, Ctor>, externals: Record<string, unknown>): unknown {
  const objs: unknown[] = [];
  const bad = (why: string): never => {
    throw new Error(`not a saved state: ${why}`);
  };
  const dec = (e: Enc): unknown => {
    if (e === null || typeof e === 'string' || typeof e === 'boolean' || typeof e === 'number') return e;
    if (typeof e !== 'object' || Array.isArray(e)) return bad('unexpected value');
    const o = e as Record<string, unknown>;
    if ('$u' in o) return undefined;
    if ('$n' in o) return o.$n === '-0' ? -0 : Number(o.$n);
    if ('$x' in o) return o.$x as string in externals ? externals[o.$x as string] : bad(`unknown external "${String(o.$x).slice(0, 40)}"`);
    if ('$r' in o) return typeof o.$r === 'number' && o.$r < objs.length ? objs[o.$r] : bad('a reference to nothing');
    if (o.$id !== objs.length) bad('objects out of order');
    if ('$t' in o) {
      const T = TYPED[o.$t as TypedName] ?? bad(`unknown typed array ${String(o.$t).slice(0, 40)}`);
      const bytes = fromBase64(String(o.d));
      const arr = new T(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / T.BYTES_PER_ELEMENT);
      objs.push(arr);
      return arr;
    }
    if ('$a' in o) {
      const arr: unknown[] = [];
      objs.push(arr);
      for (const x of o.$a as Enc[]) arr.push(dec(x));
      return arr;
    }
    if ('$m' in o) {
      const m = new Map();
      objs.push(m);
      for (const [k, x] of o.$m as [Enc, Enc][]) m.set(dec(k), dec(x));
      return m;
    }
    if ('$s' in o) {
      const s = new Set();
      objs.push(s);
      for (const x of o.$s as Enc[]) s.add(dec(x));
      return s;
    }
    const C = o.$c === undefined ? undefined : (classes[o.$c as string] ?? bad(`unknown class "${String(o.$c).slice(0, 40)}"`));
    const obj: Record<string, unknown> = C ? Object.create(C.prototype) : {};
    objs.push(obj);
    for (const [k, x] of Object.entries((o.f as Record<string, Enc>) ?? bad('an object without fields'))) obj[k] = dec(x);
    return obj;
  };
  return dec(data);
}

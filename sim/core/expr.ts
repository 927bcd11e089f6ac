/**
 * Rates that scenarios may write as mathjs expressions ("0.004 * (1 + MEN1)"). They are parsed on
 * a number-only mathjs instance whose dangerous functions (import, createUnit, evaluate, parse,
 * simplify, derivative, compile, resolve, reviver) are disabled, and only a listed set of
 * functions and variables may appear. An expression is compiled once and evaluated per genotype
 * or per tick, never per agent per tick.
 */
import { create } from 'mathjs/number';
import * as dependencies from './mathjs-deps.js';

/** Operators an expression may use (the parser's names for them). */
const OPERATORS = [
  'add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'mod',
  'smaller', 'larger', 'equal', 'unequal', 'smallerEq', 'largerEq', 'and', 'or', 'not', 'xor',
];
// A minimal instance: only what sim/core/mathjs-deps.ts lists (nothing that could define units,
// evaluate strings or import code).
const math = create(dependencies, {});
const compileExpression = math.compile;
const parseExpression = math.parse;
const disabled = (name: string) => () => {
  throw new Error(`function ${name} is disabled in scenario expressions`);
};
math.import(
  Object.fromEntries(
    ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve', 'reviver', 'chain'].map(
      (n) => [n, disabled(n)],
    ),
  ),
  { override: true },
);

/** Functions a scenario expression may call. */
export const ALLOWED_FUNCTIONS = new Set([
  'exp', 'log', 'log10', 'log2', 'sqrt', 'pow', 'abs', 'min', 'max', 'floor', 'ceil', 'round',
  'sin', 'cos', 'tanh', 'sign',
]);
const CONSTANTS = new Set(['pi', 'e']);

export interface CompiledExpr {
  readonly source: string;
  readonly variables: readonly string[];
  eval(scope: Record<string, number>): number;
}

export class ExprError extends Error {}

/** Longest expression accepted: a rate law is a line, not a program (and deep nesting would
 *  exhaust the parser's stack). */
export const MAX_EXPRESSION_CHARS = 2000;

/** The expression as a message quotes it: at most 80 characters. */
const quote = (source: string) => `"${source.length <= 80 ? source : `${source.slice(0, 80)}…`}"`;

/** A constant or an expression over `allowedVars`; throws ExprError with a reason on misuse. */
export function compileRate(source: number | string, allowedVars: readonly string[]): CompiledExpr {
  if (typeof source === 'number') {
    const v = source;
    return { source: String(v), variables: [], eval: () => v };
  }
  if (source.length > MAX_EXPRESSION_CHARS) throw new ExprError(`expression of ${source.length} characters: at most ${MAX_EXPRESSION_CHARS}`);
  let node;
  try {
    node = parseExpression(source);
  } catch (e) {
    const why = e instanceof RangeError ? 'nested too deeply' : (e as Error).message;
    throw new ExprError(`cannot parse expression ${quote(source)}: ${why}`);
  }
  const allowed = new Set(allowedVars);
  const used = new Set<string>();
  node.traverse((n: any, _path: string, parent: any) => {
    if (n.type === 'FunctionNode') {
      const fname = n.fn?.name ?? n.name;
      if (!ALLOWED_FUNCTIONS.has(fname)) throw new ExprError(`function "${fname}" is not allowed in ${quote(source)} (allowed: ${[...ALLOWED_FUNCTIONS].join(', ')})`);
    } else if (n.type === 'SymbolNode') {
      if (parent && parent.type === 'FunctionNode' && parent.fn === n) return;
      if (CONSTANTS.has(n.name)) return;
      if (!allowed.has(n.name)) {
        throw new ExprError(`unknown variable "${n.name}" in ${quote(source)} (known here: ${allowedVars.join(', ') || 'none'})`);
      }
      used.add(n.name);
    } else if (n.type === 'OperatorNode') {
      if (!OPERATORS.includes(n.fn)) throw new ExprError(`operator "${n.op}" is not allowed in ${quote(source)} (only arithmetic, comparisons and logic)`);
    } else if (!['ConstantNode', 'ParenthesisNode', 'ConditionalNode'].includes(n.type)) {
      throw new ExprError(`${quote(source)} uses a ${n.type}, which is not allowed (only arithmetic, comparisons, conditionals and listed functions)`);
    }
  });
  const code = compileExpression(source);
  return {
    source,
    variables: [...used],
    eval(scope: Record<string, number>): number {
      const v = code.evaluate({ ...scope });
      return typeof v === 'boolean' ? Number(v) : (v as number);
    },
  };
}

import { describeValue } from '../time.js';
import { builtIn, isBuiltIn, requireCombineFn, type CombineFn } from './combineFn.js';
import { fieldsCoder } from '../state/accumulatorCoders.js';

/**
 * A CombineFn over `In` with any accumulator and output.
 *
 * @category Combiners
 */
export type AnyCombineFn<In> = CombineFn<In, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The output of `combineFields`: one field per CombineFn.
 *
 * @category Combiners
 */
export type FieldsOutput<F> = { [P in keyof F]: F[P] extends CombineFn<any, any, infer O> ? O : never }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Runs several CombineFns over the same values in one pass and returns their outputs as one object.
 * Beam: `CombineFns.compose()`. This is how "count per key" and "sum per key" become one step
 * instead of two groupings joined by CoGroupByKey.
 *
 * @param fields - The CombineFns by output field name.
 *
 * @example combineFields({ count: Combine.count(), sum_amount: sum((e: Event) => e.amount) })
 *
 * @category Combiners
 */
export function combineFields<In, F extends Record<string, AnyCombineFn<In>>>(fields: F): CombineFn<In, unknown[], FieldsOutput<F>> {
  if (typeof fields !== 'object' || fields === null) {
    throw new TypeError(`combineFields: fields must be an object of CombineFns, got ${describeValue(fields)}`);
  }
  const names = Object.keys(fields);
  if (names.length === 0) throw new RangeError('combineFields: needs at least one field, got none');
  const fns = names.map((name) => {
    const fn = fields[name];
    requireCombineFn(`combineFields (field ${JSON.stringify(name)})`, fn);
    return fn;
  });
  const n = fns.length;
  const combined: CombineFn<In, unknown[], FieldsOutput<F>> = {
    createAccumulator: () => {
      const acc = new Array<unknown>(n);
      for (let i = 0; i < n; i++) acc[i] = fns[i].createAccumulator();
      return acc;
    },
    addInput: addInputs(fns),
    mergeAccumulators: (accs) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = fns[i].mergeAccumulators(accs.map((a) => a[i]));
      return out;
    },
    extractOutput: (acc) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[names[i]] = fns[i].extractOutput(acc[i]);
      return out as FieldsOutput<F>;
    },
    compact: (acc) => {
      for (let i = 0; i < n; i++) {
        const f = fns[i];
        if (f.compact !== undefined) acc[i] = f.compact(acc[i]);
      }
      return acc;
    },
    accumulatorCoder: fieldsCoder(names, fns),
  };
  // Retractions are taken back field by field, so only when every field can take one back.
  if (fns.every((f) => f.retractInput !== undefined)) {
    combined.retractInput = (acc, value) => {
      for (let i = 0; i < n; i++) acc[i] = fns[i].retractInput!(acc[i], value);
      return acc;
    };
  }
  // Built in when every field is: then no field runs user code outside its own checks.
  return fns.every(isBuiltIn) ? builtIn(combined) : combined;
}

/**
 * The per-element step. For up to three fields each field's CombineFn gets a call site of its own (the
 * common `{ count, sum }` pair then costs two direct calls); more fields share a loop.
 */
function addInputs<In>(fns: readonly AnyCombineFn<In>[]): (acc: unknown[], value: In) => unknown[] {
  const [f0, f1, f2] = fns;
  switch (fns.length) {
    case 1:
      return (acc, value) => {
        acc[0] = f0.addInput(acc[0], value);
        return acc;
      };
    case 2:
      return (acc, value) => {
        acc[0] = f0.addInput(acc[0], value);
        acc[1] = f1.addInput(acc[1], value);
        return acc;
      };
    case 3:
      return (acc, value) => {
        acc[0] = f0.addInput(acc[0], value);
        acc[1] = f1.addInput(acc[1], value);
        acc[2] = f2.addInput(acc[2], value);
        return acc;
      };
    default:
      return (acc, value) => {
        for (let i = 0; i < fns.length; i++) acc[i] = fns[i].addInput(acc[i], value);
        return acc;
      };
  }
}

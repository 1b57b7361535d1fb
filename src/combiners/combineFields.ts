import { describeValue } from '../time.js';
import { builtIn, isBuiltIn, requireCombineFn, type CombineFn } from './combineFn.js';
import { exactMergeOf, withExactMerge, type ExactMerge } from './exactMerge.js';
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
 * The accumulator of {@link combineFields}: each field's accumulator, in the order of the fields.
 * Opaque: read and write it only through the CombineFn's methods (its coder writes it as an array).
 *
 * @category Combiners
 */
export type FieldsAccumulator = object;

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
export function combineFields<In, F extends Record<string, AnyCombineFn<In>>>(fields: F): CombineFn<In, FieldsAccumulator, FieldsOutput<F>> {
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
  const layout = layoutOf(fns);
  const { get, set } = layout;
  const combined: CombineFn<In, FieldsAccumulator, FieldsOutput<F>> = {
    createAccumulator: layout.create,
    addInput: layout.add,
    mergeAccumulators: (accs) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = fns[i].mergeAccumulators(accs.map((a) => get(a, i)));
      return layout.fromList(out);
    },
    extractOutput: (acc) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[names[i]] = fns[i].extractOutput(get(acc, i));
      return out as FieldsOutput<F>;
    },
    compact: (acc) => {
      for (let i = 0; i < n; i++) {
        const f = fns[i];
        if (f.compact !== undefined) set(acc, i, f.compact(get(acc, i)));
      }
      return acc;
    },
    accumulatorCoder: fieldsCoder(names, fns, layout.toList, layout.fromList),
  };
  // Retractions are taken back field by field, so only when every field can take one back.
  if (fns.every((f) => f.retractInput !== undefined)) {
    combined.retractInput = (acc, value) => {
      for (let i = 0; i < n; i++) set(acc, i, fns[i].retractInput!(get(acc, i), value));
      return acc;
    };
  }
  // Merged exactly when every field is (see exactMerge.ts).
  const merges = fns.map((f) => exactMergeOf<In, unknown>(f));
  if (merges.every((m) => m !== undefined)) withExactMerge(combined, fieldsMerge(merges as ExactMerge<In, unknown>[], layout));
  // Built in when every field is: then no field runs user code outside its own checks.
  return fns.every(isBuiltIn) ? builtIn(combined) : combined;
}

/**
 * The exact merge of fields that each merge exactly: field by field, in place. Written out for two
 * fields (the common `{ count, sum }`), whose `accepts` runs for every element of sliding windows.
 */
function fieldsMerge<In>(merges: readonly ExactMerge<In, unknown>[], layout: Layout<In>): ExactMerge<In, FieldsAccumulator> {
  const n = merges.length;
  if (n === 2) {
    const [m0, m1] = merges;
    return {
      accepts: (input) => m0.accepts(input) && m1.accepts(input),
      exact: (acc) => m0.exact((acc as Fields).f0) && m1.exact((acc as Fields).f1),
      mergeInto: (target, source) => {
        const t = target as Fields;
        const s = source as Fields;
        t.f0 = m0.mergeInto(t.f0, s.f0);
        t.f1 = m1.mergeInto(t.f1, s.f1);
        return t;
      },
    };
  }
  const { get, set } = layout;
  return {
    accepts: (input) => {
      for (let i = 0; i < n; i++) if (!merges[i].accepts(input)) return false;
      return true;
    },
    exact: (acc) => {
      for (let i = 0; i < n; i++) if (!merges[i].exact(get(acc, i))) return false;
      return true;
    },
    mergeInto: (target, source) => {
      for (let i = 0; i < n; i++) set(target, i, merges[i].mergeInto(get(target, i), get(source, i)));
      return target;
    },
  };
}

/** Up to three fields: one property per field. */
interface Fields {
  f0: unknown;
  f1: unknown;
  f2: unknown;
}

/** How the accumulator of a number of fields is laid out, made and read. */
interface Layout<In> {
  readonly create: () => FieldsAccumulator;
  /** The per-element step. */
  readonly add: (acc: FieldsAccumulator, value: In) => FieldsAccumulator;
  readonly get: (acc: FieldsAccumulator, i: number) => unknown;
  readonly set: (acc: FieldsAccumulator, i: number, value: unknown) => void;
  readonly toList: (acc: FieldsAccumulator) => unknown[];
  readonly fromList: (list: readonly unknown[]) => FieldsAccumulator;
}

/**
 * Up to three fields the accumulator is an object with a property per field, and each field's CombineFn
 * gets a call site of its own (the common `{ count, sum }` pair then costs two direct calls): the state
 * of a (key, window) then reaches a field's value in one load fewer than through an array and its
 * elements, which the sliding-window and main benchmark rows show. More fields share an array and a loop.
 */
function layoutOf<In>(fns: readonly AnyCombineFn<In>[]): Layout<In> {
  const [f0, f1, f2] = fns;
  const get = (acc: FieldsAccumulator, i: number): unknown => {
    const a = acc as Fields;
    return i === 0 ? a.f0 : i === 1 ? a.f1 : a.f2;
  };
  const set = (acc: FieldsAccumulator, i: number, value: unknown): void => {
    const a = acc as Fields;
    if (i === 0) a.f0 = value;
    else if (i === 1) a.f1 = value;
    else a.f2 = value;
  };
  switch (fns.length) {
    case 1:
      return {
        create: () => ({ f0: f0.createAccumulator() }),
        add: (acc, value) => {
          const a = acc as Fields;
          a.f0 = f0.addInput(a.f0, value);
          return a;
        },
        get,
        set,
        toList: (acc) => [(acc as Fields).f0],
        fromList: (list) => ({ f0: list[0] }),
      };
    case 2:
      return {
        create: () => ({ f0: f0.createAccumulator(), f1: f1.createAccumulator() }),
        add: (acc, value) => {
          const a = acc as Fields;
          a.f0 = f0.addInput(a.f0, value);
          a.f1 = f1.addInput(a.f1, value);
          return a;
        },
        get,
        set,
        toList: (acc) => [(acc as Fields).f0, (acc as Fields).f1],
        fromList: (list) => ({ f0: list[0], f1: list[1] }),
      };
    case 3:
      return {
        create: () => ({ f0: f0.createAccumulator(), f1: f1.createAccumulator(), f2: f2.createAccumulator() }),
        add: (acc, value) => {
          const a = acc as Fields;
          a.f0 = f0.addInput(a.f0, value);
          a.f1 = f1.addInput(a.f1, value);
          a.f2 = f2.addInput(a.f2, value);
          return a;
        },
        get,
        set,
        toList: (acc) => [(acc as Fields).f0, (acc as Fields).f1, (acc as Fields).f2],
        fromList: (list) => ({ f0: list[0], f1: list[1], f2: list[2] }),
      };
    default:
      return {
        create: () => fns.map((f) => f.createAccumulator() as unknown),
        add: (acc, value) => {
          const a = acc as unknown[];
          for (let i = 0; i < fns.length; i++) a[i] = fns[i].addInput(a[i], value);
          return a;
        },
        get: (acc, i) => (acc as unknown[])[i],
        set: (acc, i, value) => {
          (acc as unknown[])[i] = value;
        },
        toList: (acc) => [...(acc as unknown[])],
        fromList: (list) => [...list],
      };
  }
}

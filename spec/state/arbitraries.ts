import fc from 'fast-check';

/** A leaf of a user value: JSON leaves plus what JSON cannot hold (-0, NaN, ±Infinity, bigint, Date, undefined). */
const leaf = fc.oneof(
  fc.string({ maxLength: 4, unit: 'binary' }),
  fc.double(),
  fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);

/** Property names, among them names shaped like the coder's tags, so that user objects like a tag are covered. */
const name = fc.oneof(fc.constantFrom('$number', '$date', '$object', '$undefined', '$', '__proto__', 'a', ''), fc.string({ maxLength: 3 }));

/** Any value the JSON value coder accepts: leaves, arrays and plain objects of them, nested. */
export const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(name, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
}));

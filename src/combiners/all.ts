/**
 * The built-in CombineFns under one name, so that `count`, `min`, `max` and `toArray` (RxJS operator
 * names too) never shadow RxJS imports: `Combine.count()`, `Combine.sum((e) => e.amount)`,
 * `Combine.mean(...)`, `Combine.top(3)`, `Combine.fields({...})`. Beam: the `Combine` transforms and
 * the `Count`, `Sum`, `Mean`, `Min`, `Max`, `Top`, `Latest`, `ApproximateUnique`, `ApproximateQuantiles` CombineFns.
 * Rollup and webpack bundle only the members a program uses; esbuild bundles them all, so with esbuild
 * the combiners exported under their own names (`sum`, `mean`, `top`, `latest`, ...) give smaller bundles.
 *
 * @example combinePerKey((r) => r.sensor, Combine.fields({ avg: Combine.mean((r) => r.c), hottest: Combine.max((r) => r.c) }))
 *
 * @category Combiners
 * @module
 */
export { count } from './count.js';
export { sum } from './sum.js';
export { toList } from './toList.js';
export { combineFields as fields } from './combineFields.js';
export { mean } from './mean.js';
export { min } from './min.js';
export { max } from './max.js';
export { top } from './top.js';
export { latest } from './latest.js';
export { toArray } from './toArray.js';
export { countDistinct } from './countDistinct.js';
export { approxCountDistinct } from './approxCountDistinct.js';
export { approxQuantiles } from './approxQuantiles.js';

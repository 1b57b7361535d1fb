import { combineFields } from './combineFields.js';
import { count } from './count.js';
import { sum } from './sum.js';
import { toList } from './toList.js';

/**
 * The built-in CombineFns under one name, so that `count` (an RxJS operator name too) never shadows
 * RxJS imports: `Combine.count()`, `Combine.sum((e) => e.amount)`, `Combine.fields({...})`.
 */
export const Combine = Object.freeze({ count, sum, toList, fields: combineFields });

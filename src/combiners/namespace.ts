import { combineFields } from './combineFields';
import { count } from './count';
import { sum } from './sum';
import { toList } from './toList';

/**
 * The built-in CombineFns under one name, so that `count` (an RxJS operator name too) never shadows
 * RxJS imports: `Combine.count()`, `Combine.sum((e) => e.amount)`, `Combine.fields({...})`.
 */
export const Combine = Object.freeze({ count, sum, toList, fields: combineFields });

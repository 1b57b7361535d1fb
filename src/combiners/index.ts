export * from './combineFn.js';
export { combineFields, type FieldsOutput } from './combineFields.js';
export { count } from './count.js';
export { sum } from './sum.js';
export { toList } from './toList.js';

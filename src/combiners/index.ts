export * from './combineFn';
export { combineFields, type FieldsOutput } from './combineFields';
export { count } from './count';
export { sum } from './sum';
export { toList } from './toList';

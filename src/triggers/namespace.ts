// A module namespace rather than a frozen object: bundlers that follow member accesses on a
// namespace keep only the triggers a program builds. Its documentation is the module comment of all.ts.
export * as Trigger from './all.js';

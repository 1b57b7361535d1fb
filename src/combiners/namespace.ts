// A module namespace rather than a frozen object: bundlers that follow member accesses on a
// namespace keep only the combiners a program calls. Its documentation is the module comment of all.ts.
export * as Combine from './all.js';

/**
 * How large a snapshot's accumulators are as JSON, against V8's binary serialiser as a reference point:
 * `npx tsx bench/coders.ts`. For 1e5 accumulators of `combineFields({ count, sum, mean })` (amounts of
 * the benchmark workload, integers 1 to 100, and prices with cents) and of `toList` holding five small
 * records each, it prints bytes per accumulator of the JSON text, of that text gzipped, of
 * `v8.serialize` of the live accumulators and of the encoded form, and the time to encode and decode.
 * The figures and the choice they led to are in docs/durable-state.md ("Coders").
 */
import { performance } from 'node:perf_hooks';
import { serialize, deserialize } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { Combine, combineFields, sum, mean, toList, type CombineFn } from '../src/index.js';
import { accumulatorCoderOf } from '../src/state/index.js';
import { random } from './workload.js';

const N = 100_000;

interface Row {
  readonly name: string;
  readonly json: number;
  readonly gzip: number;
  readonly v8Live: number;
  readonly v8Encoded: number;
  readonly encodeMs: number;
  readonly stringifyMs: number;
  readonly parseMs: number;
  readonly decodeMs: number;
  readonly v8Ms: number;
  readonly v8BackMs: number;
}

function measure<In, Acc>(name: string, fn: CombineFn<In, Acc, unknown>, inputsOf: (i: number) => readonly In[]): Row {
  const accs: Acc[] = [];
  for (let i = 0; i < N; i++) {
    let acc = fn.createAccumulator();
    for (const v of inputsOf(i)) acc = fn.addInput(acc, v);
    accs.push(acc);
  }
  const coder = accumulatorCoderOf(fn, 'bench');
  let t = performance.now();
  const encoded = accs.map((a) => coder.encode(a));
  const encodeMs = performance.now() - t;
  t = performance.now();
  const text = JSON.stringify(encoded);
  const stringifyMs = performance.now() - t;
  t = performance.now();
  const parsed = JSON.parse(text) as typeof encoded;
  const parseMs = performance.now() - t;
  t = performance.now();
  const back = parsed.map((e) => coder.decode(e));
  const decodeMs = performance.now() - t;
  t = performance.now();
  const live = serialize(accs);
  const v8Ms = performance.now() - t;
  t = performance.now();
  // The binary reference must hold the same data: read it back once.
  if ((deserialize(live) as unknown[]).length !== N) throw new Error('v8 round trip failed');
  const v8BackMs = performance.now() - t;
  if (back.length !== N) throw new Error('lost accumulators');
  return {
    name,
    json: Buffer.byteLength(text) / N,
    gzip: gzipSync(text).length / N,
    v8Live: live.length / N,
    v8Encoded: serialize(encoded).length / N,
    encodeMs,
    stringifyMs,
    parseMs,
    decodeMs,
    v8Ms,
    v8BackMs,
  };
}

const next = random(42);
const amount = () => 1 + Math.floor(next() * 100);
const price = () => Math.round(next() * 100_000) / 100;

interface Purchase {
  readonly user: string;
  readonly amount: number;
  readonly at: number;
}
const purchase = (i: number): Purchase => ({ user: `u${Math.floor(next() * 10_000)}`, amount: price(), at: 1_704_067_200_000 + i * 1000 + Math.floor(next() * 1000) });

const rows = [
  measure('combineFields({ count, sum, mean }), 1-20 integer amounts', combineFields({ count: Combine.count<number>(), sum: sum(), mean: mean() }), () =>
    Array.from({ length: 1 + Math.floor(next() * 20) }, amount),
  ),
  measure('combineFields({ count, sum, mean }), 1-20 prices with cents', combineFields({ count: Combine.count<number>(), sum: sum(), mean: mean() }), () =>
    Array.from({ length: 1 + Math.floor(next() * 20) }, price),
  ),
  measure('toList of 5 records { user, amount, at }', toList<Purchase>(), (i) => Array.from({ length: 5 }, () => purchase(i))),
];

const f = (x: number) => x.toFixed(1).padStart(9);
console.log(`${N} accumulators: bytes per accumulator`);
console.log(`${'accumulator'.padEnd(58)}     JSON  JSON.gz v8(live)  v8(enc)`);
for (const r of rows) console.log(`${r.name.padEnd(58)}${f(r.json)}${f(r.gzip)}${f(r.v8Live)}${f(r.v8Encoded)}`);
console.log(`\nms for all ${N}: encode + JSON.stringify, JSON.parse + decode; v8.serialize, v8.deserialize of the live accumulators`);
console.log(`${'accumulator'.padEnd(58)}   encode stringify   parse   decode v8 write  v8 read`);
for (const r of rows) console.log(`${r.name.padEnd(58)}${f(r.encodeMs)}${f(r.stringifyMs)}${f(r.parseMs)}${f(r.decodeMs)}${f(r.v8Ms)}${f(r.v8BackMs)}`);

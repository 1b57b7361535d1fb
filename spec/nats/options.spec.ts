/** Bad options of the scale-out entry are refused when built, naming the function, the rule and the value. */
import { createProducer, ensureStream, KeyGroupBatcher, keyGroupSource, panePublisher, runWorker } from '../../src/nats/index';
import { decodeMessage } from '../../src/nats/wireFormat';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';

const js = { publish: () => Promise.resolve(), consumers: { get: () => Promise.resolve() } } as unknown as JetStreamClient;
interface E { readonly k: string; readonly t: number }
const key = (e: E) => e.k;
const eventTime = (e: E) => e.t;

describe('scale-out options', () => {
  it('createProducer names the rule and the value', () => {
    expect(() => createProducer(js, { subjectPrefix: 'in.>', key, eventTime })).toThrow(
      new TypeError("createProducer: subjectPrefix must be a NATS subject of dot-separated tokens of letters, digits, '-' and '_', got \"in.>\""),
    );
    expect(() => createProducer(js, { subjectPrefix: 'in', key, eventTime, batchSize: 0 })).toThrow(new RangeError('createProducer: batchSize must be a positive integer, got 0'));
    expect(() => createProducer(js, { subjectPrefix: 'in', key, eventTime, watermark: -1 })).toThrow(
      new RangeError('createProducer: watermark must be a non-negative finite number of ms (the allowed out-of-orderness), got -1'),
    );
    expect(() => createProducer(js, { subjectPrefix: 'in', key, eventTime, keyGroups: 0 })).toThrow(
      new RangeError('createProducer: keyGroups must be an integer number of key groups from 1 to 65536, got 0'),
    );
    expect(() => createProducer({} as JetStreamClient, { subjectPrefix: 'in', key, eventTime })).toThrow(TypeError);
  });

  it('an event with a bad event time is refused when added, naming the rule', () => {
    const batcher = new KeyGroupBatcher<{ k: string; t: unknown }>('createProducer', { key: (e) => e.k, eventTime: (e) => e.t as number }, () => undefined);
    expect(() => batcher.add({ k: 'a', t: 'noon' })).toThrow(new TypeError('createProducer: event time must be a finite number of epoch ms within ±8.64e15, got "noon"'));
  });

  it('keyGroupSource, panePublisher, runWorker and ensureStream refuse bad options', () => {
    expect(() => keyGroupSource(js, { stream: 'IN', subjectPrefix: 'in', keyGroup: -1 })).toThrow(new RangeError('keyGroupSource: keyGroup must be a non-negative integer, got -1'));
    expect(() => keyGroupSource(js, { stream: 'IN', subjectPrefix: 'in', keyGroup: 0, until: 'never' as 'end' })).toThrow(
      new RangeError("keyGroupSource: until must be 'live' or 'end', got \"never\""),
    );
    expect(() => panePublisher(js, { subject: 'out', maxInFlight: 0 })).toThrow(new RangeError('panePublisher: maxInFlight must be a positive integer, got 0'));
    const input = { stream: 'IN', subjectPrefix: 'in' };
    const output = { subject: 'out' };
    expect(() => runWorker(js, { input, output, keyGroups: [1, 1], pipeline: () => undefined as never })).toThrow(
      new TypeError('runWorker: keyGroups must be distinct non-negative integers, got 1 at index 1'),
    );
    expect(() => runWorker(js, { input, output, keyGroups: [0], pipeline: 'x' as never })).toThrow(new TypeError('runWorker: pipeline must be a function, got "x"'));
    return expect(ensureStream({ streams: { add: () => undefined } } as unknown as JetStreamManager, { name: 'a b', subjectPrefix: 'in' })).rejects.toThrow(
      new TypeError("ensureStream: name must be letters, digits, '-' and '_', got \"a b\""),
    );
  });

  it('a malformed message of a key group is refused, naming where it is', () => {
    expect(() => decodeMessage('{"n":1,"e":[[1,"a"],["x","b"]]}', 'message 7 of in.3')).toThrow(
      new TypeError('keyGroupSource: message 7 of in.3 holds an event that is not an [eventTime, value] pair with a valid event time, got an array of length 2'),
    );
    expect(() => decodeMessage('nope', 'message 7 of in.3')).toThrow(new TypeError('keyGroupSource: message 7 of in.3 is not a JSON message of the producer, got "nope"'));
  });
});

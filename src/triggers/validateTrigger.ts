/**
 * Checks a whole trigger tree before it is used: every node a known kind with valid fields, the
 * once-only rule of `afterFirst`, `afterAll` and `orFinally`, and bounds on depth and size. Triggers
 * are plain data, so one written by hand (or read from a configuration) gets the same checks as one
 * built by the factories, and a mistake is reported when the pipeline is built, not at garbage
 * collection time.
 */
import { describeValue } from '../time.js';
import { requireFiniteMs, requireNonNegativeDuration, requirePositiveDuration, requirePositiveInteger } from '../internal/checks.js';
import { describeTrigger, isOnceTrigger, type Trigger } from './trigger.js';

/**
 * How deep a trigger tree may nest. The state machine, `describeTrigger` and the continuation walk the
 * tree recursively, as Beam's runner does; a real trigger has a handful of levels, and refusing a
 * tree thousands of levels deep when it is built is better than a stack overflow when it is used.
 *
 * @category Triggers
 */
export const MAX_TRIGGER_DEPTH = 100;

/**
 * How many nodes a trigger tree may have, counting a sub-trigger used twice twice (as the compiled
 * tree does): each node has state in every open window, and a shared sub-tree nested n deep doubles n
 * times.
 *
 * @category Triggers
 */
export const MAX_TRIGGER_NODES = 10_000;

/** The size of a checked tree: its depth (a leaf is 1) and its node count. */
export interface TriggerShape {
  readonly depth: number;
  readonly nodes: number;
}

const KINDS: readonly Trigger['kind'][] = [
  'default',
  'afterWatermark',
  'afterProcessingTime',
  'afterSynchronizedProcessingTime',
  'afterCount',
  'repeatedly',
  'afterEach',
  'afterFirst',
  'afterAll',
  'orFinally',
  'never',
];

const ONCE_RULE = 'must fire at most once (a count, processing-time, watermark, afterFirst, afterAll or never trigger)';

/** Trees already checked: every node the factories made (they check their arguments), with its shape. */
const checked = new WeakMap<object, TriggerShape>();

function limitError(op: string, name: string, shape: { depth: number; nodes: number }, exact: boolean): RangeError {
  if (shape.depth > MAX_TRIGGER_DEPTH) {
    return new RangeError(`${op}: ${name} must nest at most ${MAX_TRIGGER_DEPTH} levels deep, got ${exact ? shape.depth : `more than ${MAX_TRIGGER_DEPTH}`}`);
  }
  return new RangeError(`${op}: ${name} must have at most ${MAX_TRIGGER_NODES} nodes, got ${exact ? shape.nodes : `more than ${MAX_TRIGGER_NODES}`}`);
}

/**
 * Registers a node a factory has just built from checked parts, after checking the limits. The factory
 * returns what this returns.
 */
export function madeTrigger<T extends Trigger>(op: string, trigger: T, parts: readonly TriggerShape[] = []): T {
  let depth = 0;
  let nodes = 1;
  for (const p of parts) {
    if (p.depth > depth) depth = p.depth;
    nodes += p.nodes;
  }
  const shape = { depth: depth + 1, nodes };
  if (shape.depth > MAX_TRIGGER_DEPTH || shape.nodes > MAX_TRIGGER_NODES) throw limitError(op, 'the trigger', shape, true);
  checked.set(trigger, shape);
  return trigger;
}

/** A child of a node to check, with where it is in the tree and whether it must fire at most once. */
interface Pending {
  readonly node: unknown;
  readonly path: string;
  readonly depth: number;
  readonly once: boolean;
}

/** Checks one node's kind and own fields, and lists its children. */
function checkNode(op: string, path: string, node: unknown, depth: number, out: Pending[]): Trigger {
  const kind = (node as { kind?: unknown } | null)?.kind;
  if (typeof node !== 'object' || node === null || typeof kind !== 'string') {
    throw new TypeError(`${op}: ${path} must be a trigger (built by a Trigger factory), got ${describeValue(node)}`);
  }
  if (!KINDS.includes(kind as Trigger['kind'])) {
    throw new TypeError(`${op}: ${path}.kind must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${describeValue(kind)}`);
  }
  const t = node as Trigger;
  const child = (value: unknown, name: string, once = false) => out.push({ node: value, path: `${path}.${name}`, depth: depth + 1, once });
  const list = (value: unknown, once: boolean) => {
    if (!Array.isArray(value)) throw new TypeError(`${op}: ${path}.triggers must be an array of triggers, got ${describeValue(value)}`);
    if (value.length === 0) throw new RangeError(`${op}: ${path}.triggers must hold at least one trigger, got none`);
    value.forEach((v, i) => child(v, `triggers[${i}]`, once));
  };
  switch (t.kind) {
    case 'afterCount':
      requirePositiveInteger(op, `${path}.count`, t.count);
      break;
    case 'afterProcessingTime': {
      requireNonNegativeDuration(op, `${path}.delay`, t.delay);
      const align = t.alignTo as unknown;
      if (align !== undefined) {
        if (typeof align !== 'object' || align === null) {
          throw new TypeError(`${op}: ${path}.alignTo must be an object { period, offset }, got ${describeValue(align)}`);
        }
        requirePositiveDuration(op, `${path}.alignTo.period`, (align as { period?: unknown }).period);
        requireFiniteMs(op, `${path}.alignTo.offset`, (align as { offset?: unknown }).offset);
      }
      break;
    }
    case 'afterWatermark':
      if (t.early !== undefined) child(t.early, 'early');
      if (t.late !== undefined) child(t.late, 'late');
      break;
    case 'repeatedly':
      child(t.trigger, 'trigger');
      break;
    case 'afterEach':
      list(t.triggers, false);
      break;
    case 'afterFirst':
    case 'afterAll':
      list(t.triggers, true);
      break;
    case 'orFinally':
      child(t.trigger, 'trigger');
      child(t.until, 'until', true);
      break;
    default:
      break;
  }
  return t;
}

/**
 * Checks a trigger tree (see the file comment) and returns its shape. `name` is what the messages call
 * the root (`trigger`, `early`, `trigger 1`); nested nodes are named by their path, e.g.
 * `triggering: trigger.early.count must be a positive integer, got -1`. Iterative, so a tree of any
 * depth gets a message rather than a stack overflow; bounded by {@link MAX_TRIGGER_NODES} steps.
 */
export function requireTriggerTree(op: string, name: string, root: unknown): TriggerShape {
  const known = checked.get(root as object);
  if (known !== undefined) return known;
  const pending: Pending[] = [{ node: root, path: name, depth: 1, once: false }];
  const onceOnly: { trigger: Trigger; path: string }[] = [];
  const shape = { depth: 0, nodes: 0 };
  while (pending.length > 0) {
    const { node, path, depth, once } = pending.pop()!;
    const sub = typeof node === 'object' && node !== null ? checked.get(node) : undefined;
    let trigger: Trigger;
    if (sub !== undefined) {
      trigger = node as Trigger;
      shape.depth = Math.max(shape.depth, depth - 1 + sub.depth);
      shape.nodes += sub.nodes;
    } else {
      shape.depth = Math.max(shape.depth, depth);
      shape.nodes++;
      // Checked before the children are listed: a cyclic tree stops here too.
      if (shape.depth > MAX_TRIGGER_DEPTH || shape.nodes > MAX_TRIGGER_NODES) throw limitError(op, name, shape, false);
      trigger = checkNode(op, path, node, depth, pending);
    }
    if (shape.depth > MAX_TRIGGER_DEPTH || shape.nodes > MAX_TRIGGER_NODES) throw limitError(op, name, shape, false);
    if (once) onceOnly.push({ trigger, path });
  }
  // After the walk, so that describing a sub-trigger never meets an unchecked part.
  for (const { trigger, path } of onceOnly) {
    if (!isOnceTrigger(trigger)) throw new TypeError(`${op}: ${path} ${ONCE_RULE}, got ${describeTrigger(trigger)}`);
  }
  return shape;
}

/** The once-only rule for a factory's direct argument (already checked as a tree). */
export function requireOnceTrigger(op: string, name: string, t: Trigger): void {
  if (!isOnceTrigger(t)) throw new TypeError(`${op}: ${name} ${ONCE_RULE}, got ${describeTrigger(t)}`);
}

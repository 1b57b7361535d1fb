/**
 * Key groups, the unit of partitioning of NATS scale-out. The functions live in core/keyGroups.ts, free
 * of NATS, so that the Node entry's parallel batch fold splits keys by the same hash.
 */
export { DEFAULT_KEY_GROUPS, keyGroupOf, keyGroupRange, requireKeyGroups } from '../core/keyGroups.js';

/**
 * Formatting an instant with a date-fns pattern. Apart from `time.ts` so that a bundle which never
 * formats an instant leaves date-fns out (`@date-fns/tz` declares no `sideEffects`, so importing it
 * at all keeps its zone-aware Date class).
 */
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';
import type { Instant } from './time.js';

const utc = tz('UTC');

/**
 * Formats an instant in UTC with a date-fns pattern.
 *
 * @example formatUtc(1704067260000, 'HH:mm:ss') // '00:01:00'
 *
 * @category Core
 */
export function formatUtc(t: Instant, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"): string {
  return format(t, pattern, { in: utc });
}

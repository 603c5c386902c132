import type { PolicyPack } from '../policy-pack';
import { DEFAULT_PACK } from './default.pack';
import { KALTIM_PACK } from './kaltim.pack';

/** Packs an agency can be created on; keys are what the CLI and seed refer to. */
export const SHIPPED_PACKS = {
  default: DEFAULT_PACK,
  kaltim: KALTIM_PACK,
} as const satisfies Record<string, PolicyPack>;

export type ShippedPackKey = keyof typeof SHIPPED_PACKS;

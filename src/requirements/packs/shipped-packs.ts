import type { PolicyPack } from '../policy-pack';
import { DEFAULT_PACK } from './default.pack';
import { KALTIM_PACK } from './kaltim.pack';
import { LAMPUNG_SELATAN_PACK } from './lampung-selatan.pack';
import { LAMPUNG_UTARA_PACK } from './lampung-utara.pack';
import { PRINGSEWU_PACK } from './pringsewu.pack';

/** Packs an agency can be created on; keys are what the CLI and seed refer to. */
export const SHIPPED_PACKS = {
  default: DEFAULT_PACK,
  kaltim: KALTIM_PACK,
  'lampung-utara': LAMPUNG_UTARA_PACK,
  'lampung-selatan': LAMPUNG_SELATAN_PACK,
  pringsewu: PRINGSEWU_PACK,
} as const satisfies Record<string, PolicyPack>;

export type ShippedPackKey = keyof typeof SHIPPED_PACKS;

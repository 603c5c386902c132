import type { BoundingBox } from '../policy-pack';
import { fail, pass } from '../rule-result';
import type { RuleDefinition } from './rule-definition';

/**
 * The office's recorded GPS position lies in the pack's bounding box, edges included. A box is
 * coarse (it also covers parts of neighbouring regions): it catches an office recorded far away,
 * and the field visit settles the rest.
 */
export const officeCoordinatesRule: RuleDefinition<'office_coordinates'> = {
  family: 'office_coordinates',
  title: { id: 'Titik koordinat kantor', en: 'Office GPS position' },
  evaluate(snapshot, _context, params) {
    const { office } = snapshot.outlet;
    const latitude = office?.latitude ?? null;
    const longitude = office?.longitude ?? null;
    const details = { latitude, longitude, region: params.region, box: { ...params.box } };
    if (!isCoordinate(latitude) || !isCoordinate(longitude)) {
      return fail(
        {
          id: `Titik koordinat (GPS) kantor belum diisi; disyaratkan kantor berada di ${params.region}.`,
          en: `The office's GPS position is not recorded; the office must be in ${params.region}.`,
        },
        details,
      );
    }
    const at = `${latitude}, ${longitude}`;
    if (!inBox(latitude, longitude, params.box)) {
      return fail(
        { id: `Titik koordinat kantor (${at}) berada di luar ${params.region}.`, en: `The office position (${at}) is outside ${params.region}.` },
        details,
      );
    }
    return pass(
      { id: `Titik koordinat kantor (${at}) berada di wilayah ${params.region}.`, en: `The office position (${at}) is within ${params.region}.` },
      details,
    );
  },
};

const isCoordinate = (value: number | null): value is number => typeof value === 'number' && Number.isFinite(value);

export function inBox(latitude: number, longitude: number, box: BoundingBox): boolean {
  return latitude >= box.south && latitude <= box.north && longitude >= box.west && longitude <= box.east;
}

import type { ApplicationStatus } from '../applications/application-workflow';
import { wibDate } from '../common/wib-calendar';

/**
 * When may an agency's staff (officer, approver, auditor, admin) read an outlet's live records:
 * profile, owners (with their emails), roster, documents and document contents? This file is the
 * only answer; every staff read of those, and the staff outlet list, goes through it.
 *
 * While the agency has the outlet in hand, and not otherwise:
 *
 * - An application at the agency under review: submitted, in field verification, awaiting
 *   approval, or sent back for revision (the agency reviews the fix). Not a draft: the agency has
 *   not been asked yet. Not withdrawn, whenever it was withdrawn: the applicant took it back.
 *   Not decided (approved or rejected): the agency's work on it is over. What was judged stays
 *   readable through the application itself, whose frozen snapshot holds the profile, the masked
 *   roster and each document's name and SHA-256, and through the audit trail; that is what an
 *   auditor checks a decision against, not the outlet as it is today.
 * - A certificate from the agency that is active, or suspended (the approver still has to decide
 *   between reinstating and revoking it, and needs the outlet as it is now), and not past its
 *   validity. Revoked, expired and superseded certificates end the relationship; an approved
 *   application gives access through its certificate while that lasts.
 */
export const STAFF_READABLE_APPLICATION_STATUSES = [
  'submitted',
  'field_verification',
  'awaiting_approval',
  'revision_requested',
] as const satisfies readonly ApplicationStatus[];

export const STAFF_READABLE_CERTIFICATE_STATUSES = ['active', 'suspended'] as const;

/**
 * The rule as one SQL condition on an outlet id column, so a single row check and a set-based
 * list use the same text. Adds its parameters to `params` and returns the condition.
 */
export function staffMayReadOutletSql(outletIdColumn: string, agencyId: string, params: unknown[], now: Date): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const agency = p(agencyId);
  return `(EXISTS (SELECT 1 FROM applications sa WHERE sa.outlet_id = ${outletIdColumn} AND sa.agency_id = ${agency}
             AND sa.status = ANY(${p([...STAFF_READABLE_APPLICATION_STATUSES])}::text[]))
        OR EXISTS (SELECT 1 FROM certificates sc WHERE sc.outlet_id = ${outletIdColumn} AND sc.agency_id = ${agency}
             AND sc.status = ANY(${p([...STAFF_READABLE_CERTIFICATE_STATUSES])}::text[]) AND sc.valid_until >= ${p(wibDate(now))}::date))`;
}

/**
 * A document of the outlet: readable by staff while the outlet is (the rule above), and also
 * when it is named in the frozen snapshot of one of the agency's own applications that was
 * submitted and not withdrawn (the applicant took a withdrawn one back, as above). The snapshot
 * is what the agency judged; after the decision the outlet's live records
 * close to it, but the officer, approver and auditor must still be able to open the very files
 * the decision rests on (the snapshot holds each one's id and SHA-256). Nothing else of the
 * outlet's, and no document the outlet uploaded later, opens that way.
 */
export function staffMayReadDocumentSql(documentIdColumn: string, outletIdColumn: string, agencyId: string, params: unknown[], now: Date): string {
  const outlet = staffMayReadOutletSql(outletIdColumn, agencyId, params, now);
  params.push(agencyId);
  const agency = `$${params.length}`;
  return `(${outlet}
        OR EXISTS (SELECT 1 FROM applications sd WHERE sd.outlet_id = ${outletIdColumn} AND sd.agency_id = ${agency}
             AND sd.submitted_at IS NOT NULL AND sd.status <> 'withdrawn'
             AND sd.snapshot -> 'documents' @> jsonb_build_array(jsonb_build_object('id', ${documentIdColumn}::text))))`;
}

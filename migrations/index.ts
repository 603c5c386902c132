import { CreateAgenciesUsersAudit1763800000000 } from './1763800000000-CreateAgenciesUsersAudit';
import { CreateOutletsRosterDocumentsPolicies1763800100000 } from './1763800100000-CreateOutletsRosterDocumentsPolicies';
import { CreateApplications1763800200000 } from './1763800200000-CreateApplications';
import { CreateCertificatesOutbox1763800300000 } from './1763800300000-CreateCertificatesOutbox';
import { AddAuditActionIndex1763800400000 } from './1763800400000-AddAuditActionIndex';
import { AddAccountTokens1764100000000 } from './1764100000000-AddAccountTokens';
import { CreateOutletInvitations1764300000000 } from './1764300000000-CreateOutletInvitations';
import { CreateWebSessions1764400000000 } from './1764400000000-CreateWebSessions';
import { AddRegionalPackFacts1764700000000 } from './1764700000000-AddRegionalPackFacts';
import { CreateSharedLimits1764900000000 } from './1764900000000-CreateSharedLimits';
import { CreateRegistrationRounds1765000000000 } from './1765000000000-CreateRegistrationRounds';
import { CreateCertificateReviews1765100000000 } from './1765100000000-CreateCertificateReviews';
import { CreateApplicationAttestations1765100100000 } from './1765100100000-CreateApplicationAttestations';
import { CreateFieldVisitPhotos1765210000000 } from './1765210000000-CreateFieldVisitPhotos';
import { AddStaffInvitations1765240000000 } from './1765240000000-AddStaffInvitations';
import { CreateRoundSubscriptions1765260000000 } from './1765260000000-CreateRoundSubscriptions';
import { SnapshotCompressionLz41765280000000 } from './1765280000000-SnapshotCompressionLz4';
import { OutletAgencyIndexes1765290000000 } from './1765290000000-OutletAgencyIndexes';
import { CertificateScanCounts1765300000000 } from './1765300000000-CertificateScanCounts';

/** In order. Listed explicitly so the same list runs from src (tests) and dist (production). */
export const MIGRATIONS = [
  CreateAgenciesUsersAudit1763800000000,
  CreateOutletsRosterDocumentsPolicies1763800100000,
  CreateApplications1763800200000,
  CreateCertificatesOutbox1763800300000,
  AddAuditActionIndex1763800400000,
  AddAccountTokens1764100000000,
  CreateOutletInvitations1764300000000,
  CreateWebSessions1764400000000,
  AddRegionalPackFacts1764700000000,
  CreateSharedLimits1764900000000,
  CreateRegistrationRounds1765000000000,
  CreateCertificateReviews1765100000000,
  CreateApplicationAttestations1765100100000,
  CreateFieldVisitPhotos1765210000000,
  AddStaffInvitations1765240000000,
  CreateRoundSubscriptions1765260000000,
  SnapshotCompressionLz41765280000000,
  OutletAgencyIndexes1765290000000,
  CertificateScanCounts1765300000000,
];

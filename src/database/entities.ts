import { Agency } from '../agencies/agency.entity';
import { ApplicationAttestation } from '../applications/application-attestation.entity';
import { FieldVisitPhoto } from '../applications/field-visit-photo.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AccountToken } from '../auth/account-token.entity';
import { LoginFailure } from '../auth/login-failure.entity';
import { CertificateReview } from '../certificates/certificate-review.entity';
import { RateLimitWindow } from '../common/rate-limit-window.entity';
import { OutletInvitation } from '../outlets/outlet-invitation.entity';
import { Appeal, RegistrationRound, RoundAnnouncement, RoundSubscription } from '../rounds/registration-round.entity';
import { User } from '../users/user.entity';
import { WebSession } from '../web/web-session.entity';

export const ENTITIES = [Agency, User, AuditEvent, OutletInvitation, AccountToken, WebSession, LoginFailure, RateLimitWindow, RegistrationRound, RoundAnnouncement, Appeal, RoundSubscription, CertificateReview, ApplicationAttestation, FieldVisitPhoto];

import { CreateAgenciesUsersAudit1763800000000 } from './1763800000000-CreateAgenciesUsersAudit';

/** In order. Listed explicitly so the same list runs from src (tests) and dist (production). */
export const MIGRATIONS = [CreateAgenciesUsersAudit1763800000000];

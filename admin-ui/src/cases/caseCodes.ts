/** The processes (domain brief §1-5) and the states of a case (db: cases_state_check). */
export const CASE_TYPES = ['disconnection', 'reconnection', 'repair', 'relocation', 'revisit'] as const;
export { CASE_STATES } from '../../../domain/contracts/cases';

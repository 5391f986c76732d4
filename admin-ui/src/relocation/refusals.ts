import { REAL_NAME_REFUSALS } from '../../../domain/relocation/identity';

/** The intake form's fields (RelocationIntake.tsx) a refusal can point at. */
export const INTAKE_FIELDS = [
  'serviceNo',
  'newAddress',
  'exchangeCode',
  'keepNumber',
  'number',
  'announcement',
  'teamCode',
  'date',
  'slot',
  'contactName',
  'contactPhone',
  'pricingPlan',
  'holder',
  'documentType',
  'documentNumber',
  'birthDate',
  'hasAgent',
  'agentName',
  'agentDocumentType',
  'agentDocumentNumber',
  'agentBirthDate',
  'guarantee',
  'feeOverrideYuan',
  'feeOverrideReason',
] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

/**
 * A refusal of the relocation API in the form the screens word it: the catalog key under
 * `app.relocation.errors`, its parameters (codes the hook words: `who`, `slot`, `state`), the
 * field to mark, and what to look up again.
 */
export interface RelocationRefusal {
  code: string;
  key: string;
  params: Record<string, string | number>;
  field?: IntakeField;
  /** RELOCATION_OPEN: the line's open order, to link to. */
  openOrder?: { id: number; orderNo: string };
  /** The free numbers or the teams' slots changed meanwhile. */
  reload?: 'numbers' | 'slots';
}

/** What the form sent, where the field of a refusal depends on it. */
export interface SentDocuments {
  documentType?: string;
  agentDocumentType?: string;
}

/** Codes worded as they are, each with the field it concerns (none: the whole order). */
const PLAIN: Record<string, { field?: IntakeField; reload?: 'numbers' | 'slots' }> = {
  SERVICE_NOT_FOUND: { field: 'serviceNo' },
  SERVICE_NOT_ACTIVE: { field: 'serviceNo' },
  RELOCATION_OPEN: { field: 'serviceNo' },
  ADDRESS_NOT_COVERED: { field: 'exchangeCode' },
  UNKNOWN_EXCHANGE: { field: 'exchangeCode' },
  EXCHANGE_MISMATCH: { field: 'newAddress' },
  NUMBER_SAME_EXCHANGE: { field: 'number' },
  ANNOUNCEMENT_SAME_EXCHANGE: { field: 'announcement' },
  KEEP_NUMBER_SAME_EXCHANGE: { field: 'keepNumber' },
  ANNOUNCEMENT_WITH_KEPT_NUMBER: { field: 'announcement' },
  NUMBER_UNAVAILABLE: { field: 'number', reload: 'numbers' },
  NO_FREE_NUMBER: { field: 'number', reload: 'numbers' },
  UNKNOWN_SLOT: { field: 'slot', reload: 'slots' },
  UNKNOWN_PRICING_PLAN: { field: 'pricingPlan' },
  UNKNOWN_TEAM: { field: 'teamCode', reload: 'slots' },
  TEAM_OTHER_EXCHANGE: { field: 'teamCode', reload: 'slots' },
  SLOT_FULL: { field: 'slot', reload: 'slots' },
  APPOINTMENT_DATE_IN_PAST: { field: 'date' },
  APPOINTMENT_DATE_TOO_FAR: { field: 'date' },
  APPOINTMENT_INVALID_DATE: { field: 'date' },
  GUARANTOR_NOT_NEEDED: { field: 'guarantee' },
  GUARANTOR_NOT_LOCAL: { field: 'guarantee' },
  GUARANTOR_NOT_FOUND: { field: 'guarantee' },
  FEE_OVERRIDE_REASON_REQUIRED: { field: 'feeOverrideReason' },
  FEE_OVERRIDE_REASON_TOO_LONG: { field: 'feeOverrideReason' },
  FEE_OVERRIDE_INVALID_AMOUNT: { field: 'feeOverrideYuan' },
  FORBIDDEN: {},
  UNSTORABLE_TEXT: {},
  INVALID_RELOCATION: {},
  WORKFLOW_NOT_STARTED: {},
  WORKFLOW_START_UNCERTAIN: {},
  // Cancelling an order (RelocationShow).
  INVALID_CANCEL: {},
  RELOCATION_NOT_OPEN: {},
  ALREADY_INSTALLED: {},
  ALREADY_CANCELLED: {},
  CANCEL_REASON_INVALID: {},
  NOT_FOUND: {},
};

/** The contract's field paths (domain/contracts/relocation.ts) as the form's fields. */
const CONTRACT_PATHS: Record<string, IntakeField> = {
  serviceNo: 'serviceNo',
  newAddress: 'newAddress',
  exchangeCode: 'exchangeCode',
  number: 'number',
  keepNumber: 'keepNumber',
  announcement: 'announcement',
  'appointment.teamCode': 'teamCode',
  'appointment.date': 'date',
  'appointment.slot': 'slot',
  contactName: 'contactName',
  contactPhone: 'contactPhone',
  pricingPlan: 'pricingPlan',
  'realName.holder': 'holder',
  'realName.document.type': 'documentType',
  'realName.document.number': 'documentNumber',
  'realName.document.birthDate': 'birthDate',
  'realName.agent.name': 'agentName',
  'realName.agent.document.type': 'agentDocumentType',
  'realName.agent.document.number': 'agentDocumentNumber',
  'realName.agent.document.birthDate': 'agentBirthDate',
  guarantorCustomerId: 'guarantee',
  'feeOverride.totalFen': 'feeOverrideYuan',
  'feeOverride.reason': 'feeOverrideReason',
};

const REAL_NAME = new Set<string>(REAL_NAME_REFUSALS);
const BIRTH_DATE_REASONS = new Set(['BIRTH_DATE_REQUIRED', 'HOUSEHOLD_REGISTER_16_OR_OVER']);
const DATE_REASONS = new Set(['INVALID_BIRTH_DATE', 'FUTURE_BIRTH_DATE']);
const TYPE_REASONS = new Set(['UNKNOWN_DOCUMENT_TYPE', 'PERSONAL_DOCUMENT_FOR_ORGANISATION', 'ORGANISATION_DOCUMENT_FOR_PERSON']);

/** The field of a real-name refusal: the holder's document or the agent's, its type, number or birth date. */
function realNameField(reason: string, who: 'holder' | 'agent', sent: SentDocuments): IntakeField {
  if (reason === 'AGENT_REQUIRED') return 'hasAgent';
  if (reason === 'AGENT_NAME_REQUIRED') return 'agentName';
  const agent = who === 'agent';
  if (TYPE_REASONS.has(reason)) return agent ? 'agentDocumentType' : 'documentType';
  const type = agent ? sent.agentDocumentType : sent.documentType;
  if (BIRTH_DATE_REASONS.has(reason) || (DATE_REASONS.has(reason) && type === 'household_register')) return agent ? 'agentBirthDate' : 'birthDate';
  return agent ? 'agentDocumentNumber' : 'documentNumber';
}

type ErrorBody = { error?: { code?: unknown; details?: unknown } } | null | undefined;

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

/**
 * Reads a refusal of the relocation API (react-admin's HttpError: status and the API's error
 * body): its catalog key, parameters and field. Undefined for a code these screens do not
 * know, or no refusal at all (offline): the usual notice words those.
 */
export function relocationRefusalOf(error: unknown, sent: SentDocuments = {}): RelocationRefusal | undefined {
  const body = (error as { body?: ErrorBody } | null | undefined)?.body;
  const code = body?.error?.code;
  if (typeof code !== 'string') return undefined;
  const details = body?.error?.details;
  const d = (typeof details === 'object' && details !== null && !Array.isArray(details) ? details : {}) as Record<string, unknown>;
  if (REAL_NAME.has(code)) {
    const who = d.who === 'agent' ? 'agent' : 'holder';
    return { code, key: `real_name.${code}`, params: { who }, field: realNameField(code, who, sent) };
  }
  if (!Object.hasOwn(PLAIN, code)) return undefined;
  const known = PLAIN[code]!;
  const refusal: RelocationRefusal = { code, key: code, params: {}, ...known };
  for (const name of ['orderNo', 'number', 'date', 'slot', 'state', 'exchangeCode', 'today', 'max'] as const) {
    const value = text(d[name]);
    if (value !== undefined) refusal.params[name] = value;
  }
  if (code === 'RELOCATION_OPEN' && typeof d.id === 'number' && typeof d.orderNo === 'string') refusal.openOrder = { id: d.id, orderNo: d.orderNo };
  if (code === 'INVALID_RELOCATION' && Array.isArray(details)) {
    const paths = details.map((problem) => String((problem as { field?: unknown } | null)?.field));
    const first = paths.filter((path) => Object.hasOwn(CONTRACT_PATHS, path)).map((path) => CONTRACT_PATHS[path])[0];
    if (first) refusal.field = first;
  }
  return refusal;
}

import type { RelocationOrderRequest, ServiceAccount } from '../../../domain/contracts/relocation';
import { decideRelocation, type RelocationKind } from '../../../domain/relocation/exchange';
import { relocationFees, type RelocationFeePolicy, type RelocationFees } from '../../../domain/relocation/fees';
import { ORGANISATION_DOCUMENT_TYPES, PERSONAL_DOCUMENT_TYPES, type DocumentType, type Holder } from '../../../domain/relocation/identity';
import { fenOfYuan } from './money';

/** The clerk's relocation form (RelocationIntake.tsx) as react-admin hands it over. */
export interface IntakeValues {
  serviceNo?: string;
  newAddress?: string;
  /** Only when no prefix of the address table covers the address: the clerk's choice. */
  exchangeCode?: string;
  keepNumber?: boolean;
  number?: string;
  announcement?: boolean;
  teamCode?: string;
  date?: string;
  slot?: string;
  contactName?: string;
  contactPhone?: string;
  pricingPlan?: string;
  holder?: Holder;
  documentType?: DocumentType;
  documentNumber?: string;
  birthDate?: string;
  hasAgent?: boolean;
  agentName?: string;
  agentDocumentType?: DocumentType;
  agentDocumentNumber?: string;
  agentBirthDate?: string;
  /** A line from outside the area: `deposit` or a local `guarantor`. */
  guarantee?: 'deposit' | 'guarantor';
  overrideFee?: boolean;
  feeOverrideYuan?: string;
  feeOverrideReason?: string;
}

export const INTAKE_DEFAULTS: IntakeValues = {
  keepNumber: false,
  announcement: false,
  holder: 'person',
  documentType: 'resident_id',
  hasAgent: false,
  agentDocumentType: 'resident_id',
  guarantee: 'deposit',
  overrideFee: false,
};

/** The document types a holder may show (the manual's appendix 1): a person's, or an organisation's certificate. */
export function documentTypesFor(holder: Holder | undefined): readonly DocumentType[] {
  return holder === 'organisation' ? ORGANISATION_DOCUMENT_TYPES : PERSONAL_DOCUMENT_TYPES;
}

/** Whether the document asks for a birth date: a household register (someone under 16) only. */
export const needsBirthDate = (type: DocumentType | undefined) => type === 'household_register';

/** Whoever acts for an organisation is always recorded; for a person, when someone acts for them. */
export const agentActs = (values: IntakeValues) => values.holder === 'organisation' || values.hasAgent === true;

/** Same exchange (本局移) or across (跨局移), by the manual's rule (domain/relocation/exchange.ts). */
export function kindOf(fromExchange: string, toExchange: string): RelocationKind {
  return decideRelocation({ fromExchange, toExchange, keepNumber: false, announcement: false }).kind;
}

/** What the kind leaves of the clerk's choices: a same-exchange move keeps its number and has no announcement. */
function choices(kind: RelocationKind, values: IntakeValues): { keepNumber: boolean; announcement: boolean } {
  if (kind === 'same') return { keepNumber: false, announcement: false };
  const keepNumber = values.keepNumber === true;
  return { keepNumber, announcement: !keepNumber && values.announcement === true };
}

/** The fees as the API will compute them (the same pure function, the same figures). */
export function feePreview(kind: RelocationKind, line: Pick<ServiceAccount, 'lineType'>, values: IntakeValues, fees: RelocationFeePolicy): RelocationFees {
  return relocationFees({ kind, lineType: line.lineType, ...choices(kind, values) }, fees);
}

export interface IntakeContext {
  line: Pick<ServiceAccount, 'serviceNo' | 'pricingPlan' | 'local'>;
  kind: RelocationKind;
  /** The address table placed the address: no exchange is sent. */
  resolved: boolean;
  guarantorCustomerId?: number;
  /** The clerk may set the fee by hand (relocations.override). */
  mayOverride: boolean;
  idempotencyKey: string;
}

const trimmed = (value: string | undefined) => (value ?? '').trim();

function documentOf(type: DocumentType | undefined, number: string | undefined, birthDate: string | undefined) {
  return { type: type ?? 'resident_id', number: trimmed(number), ...(needsBirthDate(type) && birthDate ? { birthDate } : {}) };
}

/** The body of POST /api/relocations from the form: only what this kind of move and this line take. */
export function orderRequestOf(values: IntakeValues, ctx: IntakeContext): RelocationOrderRequest {
  const { keepNumber, announcement } = choices(ctx.kind, values);
  const plan = trimmed(values.pricingPlan);
  const overrideFen = ctx.mayOverride && values.overrideFee ? fenOfYuan(values.feeOverrideYuan ?? '') : null;
  return {
    serviceNo: ctx.line.serviceNo,
    newAddress: trimmed(values.newAddress),
    ...(ctx.resolved ? {} : { exchangeCode: values.exchangeCode }),
    keepNumber,
    announcement,
    ...(ctx.kind === 'cross' && !keepNumber && values.number ? { number: values.number } : {}),
    appointment: { teamCode: values.teamCode ?? '', date: values.date ?? '', slot: values.slot ?? '' },
    contactName: trimmed(values.contactName),
    contactPhone: trimmed(values.contactPhone),
    ...(plan && plan !== ctx.line.pricingPlan ? { pricingPlan: plan } : {}),
    realName: {
      holder: values.holder ?? 'person',
      document: documentOf(values.documentType, values.documentNumber, values.birthDate),
      ...(agentActs(values) ? { agent: { name: trimmed(values.agentName), document: documentOf(values.agentDocumentType, values.agentDocumentNumber, values.agentBirthDate) } } : {}),
    },
    ...(!ctx.line.local && values.guarantee === 'guarantor' && ctx.guarantorCustomerId !== undefined ? { guarantorCustomerId: ctx.guarantorCustomerId } : {}),
    ...(overrideFen !== null ? { feeOverride: { totalFen: overrideFen, reason: trimmed(values.feeOverrideReason) } } : {}),
    idempotencyKey: ctx.idempotencyKey,
  };
}

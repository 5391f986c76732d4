/**
 * Telephone line relocation (市话移机 + 稽核) as the API takes and answers it
 * (api/relocation/routes.ts): locating the line, the exchanges and their free numbers (the
 * choosing screen, 选号), the installation teams' free slots, and the clerk's order.
 */
import { z } from 'zod/v4';
import { RELOCATION_KINDS } from '../relocation/exchange';
import { FEE_CODES, LINE_TYPES, OVERRIDE_REASON_MAX } from '../relocation/fees';
import { CANCEL_REASON_MAX } from '../relocation/forms';
import { DOCUMENT_NUMBER_MAX, DOCUMENT_TYPES, HOLDERS } from '../relocation/identity';
import { id, storableText, timestamp } from './common';
import { IDEMPOTENCY_KEY } from './disconnections';

/** The relocation_orders table's states (relocation_orders_state_check). */
export const RELOCATION_STATES = ['open', 'installed', 'cancelled'] as const;
export type RelocationState = (typeof RELOCATION_STATES)[number];
/** The service_accounts table's states (service_accounts_state_check). */
export const SERVICE_ACCOUNT_STATES = ['active', 'suspended', 'closed'] as const;
/** The relocation_payments table's kinds: fee and deposit taken in, refund given back. */
export const RELOCATION_PAYMENT_KINDS = ['fee', 'deposit', 'refund'] as const;
export { DOCUMENT_TYPES, FEE_CODES, HOLDERS, LINE_TYPES, RELOCATION_KINDS };

/** A telephone number of the pool or in service: 7 or 8 digits (service_accounts_service_no_check). */
export const PHONE_NUMBER = /^[0-9]{7,8}$/;
/** An exchange's, a team's or a pricing plan's code. */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** A slot code of the relocation policy (appointmentSlots). */
const SLOT_CODE = /^[a-z][a-z0-9-]{0,19}$/;
export const ADDRESS_MAX = 200;
export const NAME_MAX = 50;
/** The most a fee total may be set to by hand: 100,000 CNY, as the policy's figures. */
export const FEE_OVERRIDE_MAX_FEN = 10_000_000;

const text = (max: number) =>
  storableText.pipe(
    z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(max, { error: `must be at most ${max} characters` }),
  );
const code = (what: string) => z.string({ error: `must be ${what}` }).regex(CODE, { error: `must be ${what} (letters, digits, _ and -)` });
const phoneNumber = z.string({ error: 'must be a telephone number of 7 or 8 digits' }).regex(PHONE_NUMBER, { error: 'must be a telephone number of 7 or 8 digits' });
const contactPhone = z.string().trim().regex(/^\+?[0-9-]{5,20}$/, { error: 'must be a phone number (digits, 5 to 20)' });
const date = z.string({ error: 'must be a date YYYY-MM-DD' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' });

/** A document as entered at the counter; the check (domain/relocation/identity.ts) reads it. */
const documentInput = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  number: storableText.pipe(z.string().max(DOCUMENT_NUMBER_MAX, { error: `must be at most ${DOCUMENT_NUMBER_MAX} characters` })),
  /** With a household register only (someone under 16). */
  birthDate: date.optional(),
});

/**
 * The clerk's relocation order (移机受理). The new address names the exchange by the
 * designers' address table; `exchangeCode` is needed only when no prefix covers it (the clerk
 * then chooses). A cross-exchange move takes `number` (a free number of the new exchange from
 * the choosing screen; omitted: the first free one is taken) or `keepNumber` (the NP flag,
 * no number then), and may order an announcement. `feeOverride` needs relocations.override.
 */
export const relocationOrderRequest = z
  .strictObject({
    serviceNo: phoneNumber,
    newAddress: text(ADDRESS_MAX),
    exchangeCode: code('an exchange code').optional(),
    number: phoneNumber.optional(),
    keepNumber: z.boolean().default(false),
    announcement: z.boolean().default(false),
    appointment: z.strictObject({
      teamCode: code('an installation team code'),
      /** Today (China) up to 60 days ahead (domain/relocation/appointment.ts). */
      date,
      slot: z.string({ error: 'must be a slot code of the relocation policy' }).regex(SLOT_CODE, { error: 'must be a slot code of the relocation policy' }),
    }),
    contactName: text(NAME_MAX),
    contactPhone,
    /** Only the pricing plan may change; the account relation stays the line's. */
    pricingPlan: code('a pricing plan code').optional(),
    /** Real-name registration (实名登记): the holder's document, and the agent's (代办人) when someone acts for them. */
    realName: z.strictObject({
      holder: z.enum(HOLDERS),
      document: documentInput,
      agent: z.strictObject({ name: text(NAME_MAX), document: documentInput }).optional(),
    }),
    /** A line from outside the area (异地): a local customer who guarantees it, else the policy's deposit is due. */
    guarantorCustomerId: id.optional(),
    feeOverride: z
      .strictObject({
        totalFen: z.int({ error: 'must be a whole number of fen' }).min(0, { error: 'must not be negative' }).max(FEE_OVERRIDE_MAX_FEN, { error: `must be at most ${FEE_OVERRIDE_MAX_FEN} fen` }),
        reason: text(OVERRIDE_REASON_MAX),
      })
      .optional(),
    /** A retry with the same key (from the same person) answers the order it made. */
    idempotencyKey: z.string().regex(IDEMPOTENCY_KEY, 'an idempotency key is 1 to 100 letters, digits or . _ : -').optional(),
  })
  .refine((order) => !(order.keepNumber && order.number !== undefined), { error: 'a kept number (NP flag) takes no new number', path: ['number'] })
  .meta({ id: 'RelocationOrderRequest' });
export type RelocationOrderRequest = z.infer<typeof relocationOrderRequest>;

/** Cancelling an order before installation: why. */
export const relocationCancelRequest = z.strictObject({ reason: text(CANCEL_REASON_MAX) }).meta({ id: 'RelocationCancelRequest' });
export type RelocationCancelRequest = z.infer<typeof relocationCancelRequest>;

export const exchangeRecord = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    /** The address table's prefixes that name it, in order. */
    addressPrefixes: z.array(z.string()),
  })
  .meta({ id: 'Exchange' });
export type Exchange = z.infer<typeof exchangeRecord>;

/** GET /api/exchanges/resolve: the exchange whose longest prefix covers the address, or null (the clerk chooses). */
export const exchangeResolutionRecord = z
  .strictObject({
    address: z.string(),
    exchange: z.strictObject({ code: z.string(), name: z.string() }).nullable(),
    /** The prefix of the address table that matched. */
    prefix: z.string().nullable(),
  })
  .meta({ id: 'ExchangeResolution' });
export type ExchangeResolution = z.infer<typeof exchangeResolutionRecord>;

/** A page of the choosing screen (选号): free numbers of one exchange, in order or a random sample, optionally by pattern. */
export const freeNumbersRecord = z
  .strictObject({
    exchangeCode: z.string(),
    exchangeName: z.string(),
    /** As the clerk typed it: digits, * any run, ? one digit. */
    pattern: z.string().nullable(),
    random: z.boolean(),
    numbers: z.array(z.string()),
  })
  .meta({ id: 'FreeNumbers' });
export type FreeNumbers = z.infer<typeof freeNumbersRecord>;

/** One team's days, each slot with its capacity (the policy's) and what is left. */
export const installTeamRecord = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    /** The exchange it serves; null: any. */
    exchangeCode: z.string().nullable(),
    exchangeName: z.string().nullable(),
    members: z.array(z.string()),
    days: z.array(
      z.strictObject({
        date: z.string(),
        slots: z.array(z.strictObject({ slot: z.string(), capacity: z.int().min(1), booked: z.int().min(0), remaining: z.int().min(0) })),
      }),
    ),
  })
  .meta({ id: 'InstallTeam' });
export type InstallTeam = z.infer<typeof installTeamRecord>;

/** The open order of a line, as its lookup shows it. */
const openRelocation = z.strictObject({ id, orderNo: z.string(), kind: z.enum(RELOCATION_KINDS), createdAt: timestamp });

/** A line located by its number (GET /api/service_accounts/:serviceNo): read-only here. */
export const serviceAccountRecord = z
  .strictObject({
    serviceNo: z.string(),
    customerId: id,
    customerNo: z.string(),
    customerName: z.string(),
    /** A: 甲种, a private residence; B: 乙种, everyone else. */
    lineType: z.enum(LINE_TYPES),
    exchangeCode: z.string(),
    exchangeName: z.string(),
    address: z.string(),
    accountRelation: z.string(),
    pricingPlan: z.string(),
    /** False: a customer from outside the area (异地), who needs a local guarantor or a deposit. */
    local: z.boolean(),
    /** The deposit due without a guarantor (policy in force); 0 for a local line. */
    depositFen: z.int().min(0),
    /** The tariff's figures in force (policy), for the intake's fee preview: the API computes with the same ones. */
    fees: z.strictObject({
      labourFen: z.int().min(0),
      announcementFen: z.int().min(0),
      keepNumberFen: z.strictObject({ A: z.int().min(0), B: z.int().min(0) }),
    }),
    /** The plans the line may move to (policy in force); its own plan stays a choice besides. */
    pricingPlans: z.array(z.string()),
    /** How many days ahead the installation may be booked (policy in force). */
    appointmentDaysAhead: z.int().min(1),
    state: z.enum(SERVICE_ACCOUNT_STATES),
    openRelocation: openRelocation.nullable(),
  })
  .meta({ id: 'ServiceAccount' });
export type ServiceAccount = z.infer<typeof serviceAccountRecord>;

export const relocationFeeLine = z.strictObject({ code: z.enum(FEE_CODES), amountFen: z.int().min(0) }).meta({ id: 'RelocationFeeLine' });
export const relocationPaymentRecord = z
  .strictObject({ id, kind: z.enum(RELOCATION_PAYMENT_KINDS), amountFen: z.int(), invoiceNo: z.string().nullable(), cashierName: z.string().nullable(), recordedAt: timestamp })
  .meta({ id: 'RelocationPayment' });
export const relocationBookingRecord = z
  .strictObject({ teamCode: z.string(), teamName: z.string(), date: z.string(), slot: z.string(), seat: z.int().min(1) })
  .meta({ id: 'RelocationBooking' });
const registeredDocument = z.strictObject({ type: z.enum(DOCUMENT_TYPES), number: z.string() });

/** One relocation order; people by name. GET /api/relocations/:id adds the fields marked so. */
export const relocationOrderRecord = z
  .strictObject({
    id,
    orderNo: z.string(),
    state: z.enum(RELOCATION_STATES),
    kind: z.enum(RELOCATION_KINDS),
    serviceNo: z.string(),
    customerId: id,
    customerNo: z.string(),
    customerName: z.string(),
    lineType: z.enum(LINE_TYPES),
    fromExchange: z.string(),
    fromExchangeName: z.string(),
    toExchange: z.string(),
    toExchangeName: z.string(),
    newAddress: z.string(),
    /** No prefix of the address table covered the address: the clerk chose the exchange. */
    exchangeByHand: z.boolean(),
    oldNumber: z.string(),
    newNumber: z.string(),
    /** Across exchanges keeping the number: the NP flag product. */
    keepNumber: z.boolean(),
    announcement: z.boolean(),
    announcementEndsAt: timestamp.nullable(),
    accountRelation: z.string(),
    pricingPlan: z.string(),
    teamCode: z.string(),
    teamName: z.string(),
    appointmentDate: z.string(),
    appointmentSlot: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    holder: z.enum(HOLDERS),
    /** Someone acted for the customer (代办人). */
    agentName: z.string().nullable(),
    guarantorCustomerId: id.nullable(),
    guarantorName: z.string().nullable(),
    depositFen: z.int().min(0),
    /** The fees as the policy computes them, and the total due (after an override). */
    feeComputedFen: z.int().min(0),
    feeTotalFen: z.int().min(0),
    feeOverrideReason: z.string().nullable(),
    feeOverrideByName: z.string().nullable(),
    invoiceNo: z.string().nullable(),
    paidAt: timestamp.nullable(),
    /** The audit decision (稽核): null until the order is paid, then required or not and why (rules, `sample` or `pass`). */
    auditRequired: z.boolean().nullable(),
    auditReasons: z.array(z.string()).nullable(),
    /** Audit rejections sent back to the clerk. */
    loopCount: z.int().min(0),
    acceptedById: id,
    acceptedByName: z.string(),
    auditedByName: z.string().nullable(),
    installedByName: z.string().nullable(),
    caseId: id.nullable(),
    workflowId: z.string(),
    /** The open task of its current step (payment, audit...), if any. */
    openTaskId: id.nullable(),
    openTaskStep: z.string().nullable(),
    createdAt: timestamp,
    installedAt: timestamp.nullable(),
    cancelledAt: timestamp.nullable(),
    cancelReason: z.string().nullable(),
    /** GET /api/relocations/:id only: the itemised fees, payments and refunds, the audit's draw, the booked seat, the documents registered. */
    feeLines: z.array(relocationFeeLine).optional(),
    payments: z.array(relocationPaymentRecord).optional(),
    auditDraw: z.number().nullable().optional(),
    booking: relocationBookingRecord.nullable().optional(),
    realName: z.strictObject({ document: registeredDocument, agent: z.strictObject({ name: z.string(), document: registeredDocument }).nullable() }).optional(),
  })
  .meta({ id: 'RelocationOrder' });
export type RelocationOrder = z.infer<typeof relocationOrderRecord>;

/**
 * Real-name registration (实名登记) on every relocation order, as the manual's appendix 1
 * lists the valid documents, and the check of an 18-digit resident ID number (GB 11643).
 * Dates are local calendar dates written YYYY-MM-DD; `today` is the caller's (China) date.
 */

/** A person's documents (个人有效证件), appendix 1 §3. */
export const PERSONAL_DOCUMENT_TYPES = [
  'resident_id', // 居民身份证
  'temporary_resident_id', // 临时居民身份证
  'household_register', // 户口簿: only for someone under 16
  'military_id', // 军人身份证件 (军官证 …)
  'armed_police_id', // 武装警察身份证件 (武警证)
  'hk_macau_permit', // 港澳居民来往内地通行证
  'taiwan_permit', // 台湾居民来往大陆通行证
  'passport', // 护照 (foreign citizens)
] as const;
/** An organisation's document (单位有效证件): its registration certificate, e.g. 营业执照, 组织机构代码证 (§4). */
export const ORGANISATION_DOCUMENT_TYPES = ['organisation_registration'] as const;
export const DOCUMENT_TYPES = [...PERSONAL_DOCUMENT_TYPES, ...ORGANISATION_DOCUMENT_TYPES] as const;
export type PersonalDocumentType = (typeof PERSONAL_DOCUMENT_TYPES)[number];
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const HOLDERS = ['person', 'organisation'] as const;
export type Holder = (typeof HOLDERS)[number];

/** A household register is accepted only for someone younger than this. */
export const HOUSEHOLD_REGISTER_UNDER_AGE = 16;
export const DOCUMENT_NUMBER_MAX = 40;

export const RESIDENT_ID_REFUSALS = ['WRONG_LENGTH', 'INVALID_CHARACTERS', 'INVALID_BIRTH_DATE', 'FUTURE_BIRTH_DATE', 'WRONG_CHECK_DIGIT'] as const;
export type ResidentIdRefusal = (typeof RESIDENT_ID_REFUSALS)[number];

export type Sex = 'male' | 'female';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return CHECK_CHARACTERS[sum % 11]!;
}

/** YYYY-MM-DD when it names a real calendar day from 1900 on, else null. */
function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function parseDate(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

function parseToday(today: string): string {
  const date = parseDate(today);
  if (!date) throw new RangeError(`today must be a date YYYY-MM-DD, got ${JSON.stringify(today)}`);
  return date;
}

/** Whole years from birth to today (someone born on 29 February turns a year older on 1 March). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * An 18-character resident ID number: 17 digits and a digit or X (x accepted), a real birth
 * date (characters 7–14) not after today, and its check character.
 */
export function checkResidentId(
  id: string,
  today: string,
): { ok: true; id: string; birthDate: string; sex: Sex } | { ok: false; reason: ResidentIdRefusal } {
  const day = parseToday(today);
  const number = id.trim().toUpperCase();
  if (number.length !== 18) return { ok: false, reason: 'WRONG_LENGTH' };
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, reason: 'INVALID_CHARACTERS' };
  const birthDate = calendarDate(Number(number.slice(6, 10)), Number(number.slice(10, 12)), Number(number.slice(12, 14)));
  if (!birthDate) return { ok: false, reason: 'INVALID_BIRTH_DATE' };
  if (birthDate > day) return { ok: false, reason: 'FUTURE_BIRTH_DATE' };
  if (residentIdCheckCharacter(number) !== number[17]) return { ok: false, reason: 'WRONG_CHECK_DIGIT' };
  return { ok: true, id: number, birthDate, sex: Number(number[16]) % 2 === 1 ? 'male' : 'female' };
}

export const REAL_NAME_REFUSALS = [
  ...RESIDENT_ID_REFUSALS,
  'UNKNOWN_DOCUMENT_TYPE',
  'EMPTY_NUMBER',
  'NUMBER_TOO_LONG',
  'PERSONAL_DOCUMENT_FOR_ORGANISATION',
  'ORGANISATION_DOCUMENT_FOR_PERSON',
  'BIRTH_DATE_REQUIRED',
  'HOUSEHOLD_REGISTER_16_OR_OVER',
  'AGENT_REQUIRED',
  'AGENT_NAME_REQUIRED',
] as const;
export type RealNameRefusal = (typeof REAL_NAME_REFUSALS)[number];

/** A document as entered; `birthDate` is asked for with a household register only. */
export interface DocumentInput {
  type: string;
  number: string;
  birthDate?: string;
}

export interface IdentityDocument {
  type: DocumentType;
  number: string;
  /** Read from a resident ID, or entered with a household register. */
  birthDate?: string;
}

export interface RealNameInput {
  holder: Holder;
  document: DocumentInput;
  /** Whoever acts for the customer: 代办人, or an organisation's 经办人 (always needed). */
  agent?: { name: string; document: DocumentInput };
  today: string;
}

export type RealNameResult =
  | { ok: true; document: IdentityDocument; agent?: { name: string; document: IdentityDocument } }
  | { ok: false; who: 'holder' | 'agent'; reason: RealNameRefusal };

type DocumentCheck = { ok: true; document: IdentityDocument } | { ok: false; reason: RealNameRefusal };

function isDocumentType(type: string): type is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(type);
}

function isPersonal(type: DocumentType): type is PersonalDocumentType {
  return (PERSONAL_DOCUMENT_TYPES as readonly string[]).includes(type);
}

function checkDocument(input: DocumentInput, holder: Holder, today: string): DocumentCheck {
  const type = input.type;
  if (!isDocumentType(type)) return { ok: false, reason: 'UNKNOWN_DOCUMENT_TYPE' };
  if (holder === 'organisation' && isPersonal(type)) return { ok: false, reason: 'PERSONAL_DOCUMENT_FOR_ORGANISATION' };
  if (holder === 'person' && !isPersonal(type)) return { ok: false, reason: 'ORGANISATION_DOCUMENT_FOR_PERSON' };
  const number = input.number.trim();
  if (number === '') return { ok: false, reason: 'EMPTY_NUMBER' };
  if (number.length > DOCUMENT_NUMBER_MAX) return { ok: false, reason: 'NUMBER_TOO_LONG' };
  if (type === 'resident_id' || type === 'temporary_resident_id') {
    const id = checkResidentId(number, today);
    return id.ok ? { ok: true, document: { type, number: id.id, birthDate: id.birthDate } } : id;
  }
  if (type === 'household_register') {
    if (input.birthDate === undefined || input.birthDate.trim() === '') return { ok: false, reason: 'BIRTH_DATE_REQUIRED' };
    const birthDate = parseDate(input.birthDate.trim());
    if (!birthDate) return { ok: false, reason: 'INVALID_BIRTH_DATE' };
    if (birthDate > today) return { ok: false, reason: 'FUTURE_BIRTH_DATE' };
    if (ageOn(birthDate, today) >= HOUSEHOLD_REGISTER_UNDER_AGE) return { ok: false, reason: 'HOUSEHOLD_REGISTER_16_OR_OVER' };
    return { ok: true, document: { type, number, birthDate } };
  }
  return { ok: true, document: { type, number } };
}

/**
 * The real-name check of an order: the holder's document fits the holder, the agent (if any,
 * and always for an organisation) has a name and a valid personal document. Returns the
 * documents as stored (trimmed, a resident ID's x upper-case, its birth date read), or the
 * first refusal and whose document it concerns.
 */
export function checkRealName(input: RealNameInput): RealNameResult {
  const today = parseToday(input.today);
  const holder = checkDocument(input.document, input.holder, today);
  if (!holder.ok) return { ok: false, who: 'holder', reason: holder.reason };
  if (!input.agent) return input.holder === 'organisation' ? { ok: false, who: 'agent', reason: 'AGENT_REQUIRED' } : { ok: true, document: holder.document };
  const name = input.agent.name.trim();
  if (name === '') return { ok: false, who: 'agent', reason: 'AGENT_NAME_REQUIRED' };
  const agent = checkDocument(input.agent.document, 'person', today);
  if (!agent.ok) return { ok: false, who: 'agent', reason: agent.reason };
  return { ok: true, document: holder.document, agent: { name, document: agent.document } };
}

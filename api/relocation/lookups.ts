import { Router, type Request } from 'express';
import type { Db } from '../../db/connection';
import { freeNumbers, MAX_NUMBERS_PAGE } from '../../db/queries/numbers';
import { CODE, PHONE_NUMBER, ADDRESS_MAX, type ExchangeResolution, type FreeNumbers, type InstallTeam, type ServiceAccount } from '../../domain/contracts/relocation';
import { addDays, AVAILABILITY_MAX_DAYS, chinaDate, datesFrom, daysBetween, isCalendarDate } from '../../domain/relocation/appointment';
import { exchangeForAddress } from '../../domain/relocation/exchange';
import type { LineType } from '../../domain/relocation/fees';
import { numberPattern } from '../../domain/relocation/numbers';
import { allow } from '../auth/sessions';
import { HttpError } from '../errors';
import { iso } from '../lists';
import { relocationPolicyInForce } from './policy-in-force';

/** The choosing screen's page when the clerk does not say. */
const DEFAULT_NUMBERS_PAGE = 20;
/** The availability screen's days when the clerk does not say: this week. */
const DEFAULT_AVAILABILITY_DAYS = 7;

/** One query parameter given once as text, or undefined; anything else is a 400. */
function queryText(req: Request, name: string, max: number): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, 'INVALID_QUERY', `${name} must be given once, as text`);
  if (value.length > max) throw new HttpError(400, 'INVALID_QUERY', `${name} is longer than ${max} characters`);
  return value;
}

function queryDate(req: Request, name: string): string | undefined {
  const value = queryText(req, name, 10);
  if (value !== undefined && !isCalendarDate(value)) throw new HttpError(400, 'INVALID_QUERY', `${name} must be a date YYYY-MM-DD`);
  return value;
}

/** The address → exchange table, in the designers' order (the first row wins a tie). */
export async function addressTable(db: Db): Promise<Array<{ prefix: string; exchangeCode: string }>> {
  return db('exchange_addresses').orderBy('id').select('address_prefix as prefix', 'exchange_code as exchangeCode');
}

/** Every exchange by code, for a clerk's manual choice. */
export async function exchangeChoices(db: Db): Promise<Array<{ code: string; name: string }>> {
  return db('exchanges').orderBy('code').select('code', 'name');
}

/** A line's number from the path: anything that is no telephone number names no line. */
function serviceNoParam(req: Request): string {
  const value = String(req.params.serviceNo);
  if (!PHONE_NUMBER.test(value)) throw new HttpError(404, 'NOT_FOUND', `no line ${value}`);
  return value;
}

/**
 * What a clerk looks up while taking a relocation (移机受理): the line (read-only here), the
 * exchanges and which one an address belongs to, the free numbers of the choosing screen
 * (选号) and the installation teams' free slots. Mounted at /api by api/relocation/routes.ts;
 * reading them needs relocations.list.
 */
export function relocationLookupRoutes(db: Db): Router {
  const router = Router();

  router.get('/service_accounts/:serviceNo', allow('relocations', 'list'), async (req, res) => {
    const serviceNo = serviceNoParam(req);
    const row = await db('service_accounts as s')
      .join('customers as c', 'c.id', 's.customer_id')
      .join('exchanges as e', 'e.code', 's.exchange_code')
      .where('s.service_no', serviceNo)
      .first('s.*', 'c.customer_no', 'c.name as customer_name', 'e.name as exchange_name');
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no line ${serviceNo}`);
    const [open, policy] = await Promise.all([
      db('relocation_orders').where({ service_no: serviceNo, state: 'open' }).first('id', 'order_no', 'kind', 'created_at'),
      relocationPolicyInForce(db),
    ]);
    const answer: ServiceAccount = {
      serviceNo: row.service_no,
      customerId: row.customer_id,
      customerNo: row.customer_no,
      customerName: row.customer_name,
      lineType: row.line_type,
      exchangeCode: row.exchange_code,
      exchangeName: row.exchange_name,
      address: row.address,
      accountRelation: row.account_relation,
      pricingPlan: row.pricing_plan,
      local: row.local,
      depositFen: row.local ? 0 : policy.outsideAreaDepositFen[row.line_type as LineType],
      fees: { labourFen: policy.fees.labourFen, announcementFen: policy.fees.announcementFen, keepNumberFen: { ...policy.fees.keepNumberFen } },
      pricingPlans: policy.pricingPlans,
      appointmentDaysAhead: policy.appointmentDaysAhead,
      state: row.state,
      openRelocation: open ? { id: open.id, orderNo: open.order_no, kind: open.kind, createdAt: iso(open.created_at)! } : null,
    };
    res.json(answer);
  });

  router.get('/exchanges', allow('relocations', 'list'), async (_req, res) => {
    const [exchanges, table] = await Promise.all([exchangeChoices(db), addressTable(db)]);
    res.json(exchanges.map((exchange) => ({ ...exchange, addressPrefixes: table.filter((row) => row.exchangeCode === exchange.code).map((row) => row.prefix) })));
  });

  router.get('/exchanges/resolve', allow('relocations', 'list'), async (req, res) => {
    const address = queryText(req, 'address', ADDRESS_MAX);
    if (address === undefined || address.trim() === '') throw new HttpError(400, 'INVALID_QUERY', 'address is required');
    const match = exchangeForAddress(address, await addressTable(db));
    const exchange = match ? await db('exchanges').where({ code: match.exchangeCode }).first('code', 'name') : undefined;
    const answer: ExchangeResolution = { address, exchange: exchange ? { code: exchange.code, name: exchange.name } : null, prefix: match?.prefix ?? null };
    res.json(answer);
  });

  router.get('/exchanges/:code/free_numbers', allow('relocations', 'list'), async (req, res) => {
    const code = String(req.params.code);
    const exchange = CODE.test(code) ? await db('exchanges').where({ code }).first('code', 'name') : undefined;
    if (!exchange) throw new HttpError(404, 'NOT_FOUND', `no exchange ${code}`);
    const typed = queryText(req, 'pattern', 40);
    let likePattern: string | undefined;
    if (typed !== undefined && typed.trim() !== '') {
      const parsed = numberPattern(typed);
      if (!parsed.ok) throw new HttpError(400, 'INVALID_NUMBER_PATTERN', `pattern ${JSON.stringify(typed)}: digits, * for any run, ? for one digit (${parsed.reason})`, { reason: parsed.reason });
      likePattern = parsed.like;
    }
    const random = queryText(req, 'random', 5) ?? 'false';
    if (random !== 'true' && random !== 'false') throw new HttpError(400, 'INVALID_QUERY', 'random must be true or false');
    const limitText = queryText(req, 'limit', 10);
    const limit = limitText === undefined ? DEFAULT_NUMBERS_PAGE : /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_NUMBERS_PAGE)) throw new HttpError(400, 'INVALID_QUERY', `limit must be a whole number from 1 to ${MAX_NUMBERS_PAGE}`);
    const numbers = await freeNumbers(db, { exchangeCode: exchange.code, limit, random: random === 'true', ...(likePattern === undefined ? {} : { likePattern }) });
    const answer: FreeNumbers = { exchangeCode: exchange.code, exchangeName: exchange.name, pattern: likePattern === undefined ? null : typed!.trim(), random: random === 'true', numbers };
    res.json(answer);
  });

  /** The teams (of one exchange, or all) with each day's slots and what is left of them, from `from` to `to`. */
  router.get('/install_teams', allow('relocations', 'list'), async (req, res) => {
    const from = queryDate(req, 'from') ?? chinaDate(Date.now());
    const to = queryDate(req, 'to') ?? addDays(from, DEFAULT_AVAILABILITY_DAYS - 1);
    const span = daysBetween(from, to);
    if (span < 0 || span >= AVAILABILITY_MAX_DAYS) throw new HttpError(400, 'INVALID_QUERY', `to must be from "from" to ${AVAILABILITY_MAX_DAYS} days after it`);
    const exchangeCode = queryText(req, 'exchangeCode', 40);
    if (exchangeCode !== undefined && !CODE.test(exchangeCode)) throw new HttpError(400, 'INVALID_QUERY', 'exchangeCode must be an exchange code');
    const teamsQuery = db('install_teams as t').leftJoin('exchanges as e', 'e.code', 't.exchange_code').orderBy('t.code').select('t.code', 't.name', 't.exchange_code', 'e.name as exchange_name');
    // A team serving no one exchange serves every one.
    if (exchangeCode !== undefined) teamsQuery.where((q) => void q.where('t.exchange_code', exchangeCode).orWhereNull('t.exchange_code'));
    const [teams, policy] = await Promise.all([teamsQuery, relocationPolicyInForce(db)]);
    const codes = teams.map((team) => team.code as string);
    const [members, booked] = await Promise.all([
      db('install_team_members as m').join('users as u', 'u.id', 'm.user_id').whereIn('m.team_code', codes).orderBy(['m.team_code', 'u.display_name']).select('m.team_code', 'u.display_name'),
      db('relocation_bookings')
        .whereIn('team_code', codes)
        .whereBetween('day', [from, to])
        .groupBy('team_code', 'day', 'slot')
        .select('team_code', db.raw("to_char(day, 'YYYY-MM-DD') AS day"), 'slot', db.raw('count(*)::int AS booked')),
    ]);
    const bookedAt = new Map(booked.map((row) => [`${row.team_code}|${row.day}|${row.slot}`, Number(row.booked)]));
    const dates = datesFrom(from, to);
    const answer: InstallTeam[] = teams.map((team) => ({
      code: team.code,
      name: team.name,
      exchangeCode: team.exchange_code ?? null,
      exchangeName: team.exchange_name ?? null,
      members: members.filter((m) => m.team_code === team.code).map((m) => m.display_name),
      days: dates.map((date) => ({
        date,
        slots: policy.appointmentSlots.map(({ code: slot, capacity }) => {
          const taken = bookedAt.get(`${team.code}|${date}|${slot}`) ?? 0;
          return { slot, capacity, booked: taken, remaining: Math.max(0, capacity - taken) };
        }),
      })),
    }));
    res.json(answer);
  });

  return router;
}

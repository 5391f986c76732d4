/**
 * Who may do what: one table of role × resource × action, imported by the API (which
 * enforces it on every endpoint) and by the back-office UI (which only hides what a person
 * may not do). Pure data and functions, so both sides read the same truth.
 */
export const ROLES = [
  'collector', // 抄表员/催费员: applicant of disconnections, on-site reconnection
  'approver', // 审批人
  'executor', // 停复电执行
  'dispatcher', // 派单员
  'crew', // 维修人员
  'agent', // 座席
  'cashier', // 收费员
  'clerk', // 营业员: accepts line relocations, fixes rejected ones, reschedules installations
  'checker', // 稽核员: audits relocation orders (pass or reject), never their own; not the read-only auditor
  'auditor', // 稽核/审计: reads everything, changes nothing
  'designer', // workflow designer: parameters, templates
  'admin', // users, roles, service tokens
] as const;
export type Role = (typeof ROLES)[number];

export const RESOURCE_ACTIONS = {
  tasks: ['list', 'show', 'claim', 'release', 'assign', 'delegate', 'complete', 'note', 'urge'],
  cases: ['list', 'show'],
  customers: ['list', 'show', 'update'],
  work_orders: ['list', 'show'],
  outbox: ['list', 'show'],
  events: ['list'],
  users: ['list', 'show', 'create', 'update'],
  service_tokens: ['list', 'create', 'delete'],
  settings: ['list', 'show', 'update'],
  payments: ['list', 'create'],
  disconnections: ['show', 'create'],
  /** Each customer's outcome within a disconnection case. */
  disconnection_outcomes: ['list'],
  /** Meter-reading segments (抄表段) and who reads them. */
  segments: ['list'],
  /** The registered processes: their graphs, live counts and time per step (the designers' catalogue). */
  processes: ['list', 'show'],
  /** Versioned policies: their history, publishing a version (and previewing it first). */
  policies: ['list', 'show', 'create'],
  /** Reports for those who oversee the work: figures by period and office, the cases behind them, CSV. */
  reports: ['list', 'show'],
  /** The auditor's own work: timelines and search across the event chain, verifying the chain, exporting a case file. */
  audit: ['search', 'verify', 'export'],
  /**
   * Repair orders (故障报修): agents take them in; dispatchers, crews and agents follow them.
   * `urge`: a customer's urging (催单) texts the handler; `attach`: photos of the fault;
   * `report`: the crew's arrival, mileage and repair steps as they happen.
   */
  repair_orders: ['list', 'show', 'create', 'urge', 'attach', 'report'],
  /** Scheduled outbound calls (预约呼叫) on repair orders: the agents' queue; `update` makes or abandons one. */
  repair_calls: ['list', 'create', 'update'],
  /** The alarm map (告警映射): which category, place and customers a monitored device stands for; designers keep it. */
  repair_devices: ['list', 'show', 'create', 'update'],
  /**
   * Telephone line relocation orders (市话移机): clerks take them in and cancel them; `list` also
   * reads what taking one needs (the line, exchanges, free numbers, teams' slots); `override`:
   * take an order whose fee is set by hand (with a reason), a supervisor's right.
   */
  relocations: ['list', 'show', 'create', 'cancel', 'override'],
  /** A rating of finished work (an agent's call; the self-service site rates with a service token). */
  ratings: ['create'],
  /** Revisits after a bad review (差评回访): worked as tasks, followed on their list and page. */
  revisits: ['list', 'show'],
} as const;
export type Resource = keyof typeof RESOURCE_ACTIONS;
export type Action = (typeof RESOURCE_ACTIONS)[Resource][number];
export const RESOURCES = Object.keys(RESOURCE_ACTIONS) as Resource[];

const READ_ACTIONS: readonly Action[] = ['list', 'show'];
/** What anyone who works tasks does with the ones offered or assigned to them. */
const WORK_TASKS: Action[] = ['list', 'show', 'claim', 'release', 'delegate', 'complete', 'note'];

type Grants = Partial<Record<Resource, readonly Action[]>>;

const READ_EVERYTHING: Grants = Object.fromEntries(
  RESOURCES.map((resource) => [resource, RESOURCE_ACTIONS[resource].filter((action) => READ_ACTIONS.includes(action))]),
);

/** Following a disconnection case: its progress and each customer's outcome. */
const FOLLOW_DISCONNECTIONS: Grants = { disconnections: ['show'], disconnection_outcomes: ['list'] };

export const PERMISSIONS: Record<Role, Grants> = {
  // Only outage applicants and executors maintain the remote-reconnection flag (manual §2).
  // Collectors apply for disconnections (停电申请); others follow a case's progress.
  collector: { tasks: WORK_TASKS, cases: READ_ACTIONS, customers: ['list', 'show', 'update'], segments: ['list'], work_orders: READ_ACTIONS, ...FOLLOW_DISCONNECTIONS, disconnections: ['show', 'create'] },
  // Approvers are the supervisors who may set a relocation's fee by hand.
  approver: { tasks: WORK_TASKS, cases: READ_ACTIONS, customers: READ_ACTIONS, segments: ['list'], work_orders: READ_ACTIONS, ...FOLLOW_DISCONNECTIONS, relocations: [...READ_ACTIONS, 'override'], revisits: READ_ACTIONS },
  executor: { tasks: WORK_TASKS, cases: READ_ACTIONS, customers: ['list', 'show', 'update'], segments: ['list'], work_orders: READ_ACTIONS, ...FOLLOW_DISCONNECTIONS },
  dispatcher: { tasks: [...WORK_TASKS, 'assign', 'urge'], cases: READ_ACTIONS, customers: READ_ACTIONS, segments: ['list'], work_orders: READ_ACTIONS, ...FOLLOW_DISCONNECTIONS, reports: READ_ACTIONS, repair_orders: [...READ_ACTIONS, 'urge'], repair_calls: ['list'], repair_devices: READ_ACTIONS, revisits: READ_ACTIONS },
  crew: { tasks: WORK_TASKS, cases: ['show'], work_orders: READ_ACTIONS, repair_orders: [...READ_ACTIONS, 'attach', 'report'], relocations: READ_ACTIONS },
  // Agents take repair calls in and work the callbacks (回访) of repair orders.
  agent: { tasks: [...WORK_TASKS, 'urge'], cases: READ_ACTIONS, customers: READ_ACTIONS, segments: ['list'], work_orders: READ_ACTIONS, repair_orders: ['list', 'show', 'create', 'urge', 'attach'], repair_calls: ['list', 'create', 'update'], ratings: ['create'], revisits: READ_ACTIONS },
  // Cashiers confirm a repair's compensation payment (a task of theirs).
  cashier: { payments: ['list', 'create'], customers: READ_ACTIONS, segments: ['list'], tasks: WORK_TASKS, relocations: READ_ACTIONS },
  // 营业员: takes relocation orders in, fixes those an auditor rejected, books new appointments.
  clerk: { tasks: WORK_TASKS, cases: READ_ACTIONS, customers: READ_ACTIONS, relocations: ['list', 'show', 'create', 'cancel'] },
  // 稽核员: passes or rejects relocation orders (a task of theirs); never one they accepted.
  checker: { tasks: WORK_TASKS, cases: READ_ACTIONS, customers: READ_ACTIONS, relocations: READ_ACTIONS },
  // Reads everything, changes nothing; searches, verifies and exports the audit trail.
  auditor: { ...READ_EVERYTHING, audit: ['search', 'verify', 'export'] },
  designer: {
    settings: ['list', 'show', 'update'],
    cases: READ_ACTIONS,
    processes: READ_ACTIONS,
    policies: ['list', 'show', 'create'],
    // The alarm map is a parameter table; choosing its customers needs the customer list.
    repair_devices: ['list', 'show', 'create', 'update'],
    customers: READ_ACTIONS,
  },
  admin: { users: ['list', 'show', 'create', 'update'], service_tokens: ['list', 'create', 'delete'], settings: READ_ACTIONS, outbox: READ_ACTIONS, events: ['list'], policies: READ_ACTIONS, audit: ['verify'], reports: READ_ACTIONS },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(roles: readonly Role[], resource: Resource, action: Action): boolean {
  return roles.some((role) => PERMISSIONS[role][resource]?.includes(action) ?? false);
}

/** Which tasks a person may list: all of them for those who route, urge or audit work. */
export function taskScope(roles: readonly Role[]): 'all' | 'mine' {
  return can(roles, 'tasks', 'assign') || can(roles, 'tasks', 'urge') || roles.includes('auditor') ? 'all' : 'mine';
}

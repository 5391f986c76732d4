/**
 * The revisit process's words (domain/revisit, 差评回访) the catalogs spread in, one line each:
 * its step forms (`app.forms.revisit`), its steps, arrows and events, its policy's fields, the
 * keys and codes of its tasks' payloads and events, and the default cause tree's words.
 */

const overdue = { en: { _: 'When overdue', notify: 'Notify', widenToRoles: 'Offer to more roles', reassignTo: 'Reassign to' }, zh: { _: '超期时', notify: '通知', widenToRoles: '扩大到其他角色', reassignTo: '改派给' } };

/**
 * The default cause tree's codes (DEFAULT_REVISIT_POLICY.causes), worded as `app.revisit.cause.<code>`.
 * A designer's own code has no word here: the form shows the name the designer gave it.
 */
export const revisitCausesEn = {
  attitude: 'Service attitude',
  'attitude-rude': 'Curt or rude',
  'attitude-no-explanation': 'Did not explain clearly',
  quality: 'Quality of the work',
  'quality-not-fixed': 'Problem not solved',
  'quality-recurred': 'Problem came back',
  timeliness: 'Timeliness',
  'timeliness-late-arrival': 'Arrived late',
  'timeliness-slow-fix': 'Slow to fix',
  billing: 'Charges',
  'billing-disputed': 'Disputed charge',
  'billing-unexplained': 'Unexplained charge',
};

export const revisitCausesZhCN: typeof revisitCausesEn = {
  attitude: '服务态度',
  'attitude-rude': '态度生硬',
  'attitude-no-explanation': '解释不清',
  quality: '维修质量',
  'quality-not-fixed': '问题未解决',
  'quality-recurred': '问题复发',
  timeliness: '及时性',
  'timeliness-late-arrival': '上门迟到',
  'timeliness-slow-fix': '处理缓慢',
  billing: '收费',
  'billing-disputed': '收费争议',
  'billing-unexplained': '收费不明',
};

/** The processes whose work is rated (RATED_PROCESSES). */
const ratedProcessesEn = { repair: 'Repair', relocation: 'Line relocation', reconnection: 'Reconnection' };
const ratedProcessesZhCN: typeof ratedProcessesEn = { repair: '故障报修', relocation: '市话移机', reconnection: '复电' };
/** Why a rating is bad (BAD_REVIEW_REASONS). */
const badReasonsEn = { 'low-rating': 'Low rating', 'complaint-keyword': 'Complaint in the comment' };
const badReasonsZhCN: typeof badReasonsEn = { 'low-rating': '评分过低', 'complaint-keyword': '评价含投诉字眼' };
/** Where a rating came from (RATING_SOURCES). */
const sourcesEn = { sms: 'SMS reply', call: "An agent's call", 'self-service': 'Self-service site' };
const sourcesZhCN: typeof sourcesEn = { sms: '短信回复', call: '坐席来电', 'self-service': '自助服务网站' };
/** A contact attempt's outcome and the revisit's (REVISIT_OUTCOMES). */
const outcomesEn = { 'no-answer': 'No answer', reached: 'Customer reached', recovered: 'Recovered', 'not-recovered': 'Not recovered', unreachable: 'Unreachable' };
const outcomesZhCN: typeof outcomesEn = { 'no-answer': '无人接听', reached: '已联系上客户', recovered: '已挽回', 'not-recovered': '未挽回', unreachable: '联系不上' };

/** Codes the revisit screens word: exported for the screens' own catalog part (../messages.ts). */
export const revisitCodesEn = { process: ratedProcessesEn, reason: badReasonsEn, source: sourcesEn, outcome: outcomesEn };
export const revisitCodesZhCN: typeof revisitCodesEn = { process: ratedProcessesZhCN, reason: badReasonsZhCN, source: sourcesZhCN, outcome: outcomesZhCN };

export const revisitFormsEn = {
  label_value: '%{label}: %{value}',
  list_separator: ', ',
  none: '—',
  order: 'Rated order',
  order_value: '%{process} %{orderNo}',
  customer: 'Customer',
  customer_value: '%{name} (%{customerNo})',
  phone: 'Phone',
  rating: 'Rating',
  rating_value: '%{rating} of 5',
  no_rating: 'No score, a comment only',
  comment: 'Comment',
  bad_reasons: 'Why it is a bad review',
  attempt: 'Call %{attempt} of %{attemptsAllowed}',
  last_attempt: 'This is the last call: no answer closes the revisit as unreachable.',
  outcome: 'Outcome of the call',
  no_answer: 'No answer',
  reached: 'Reached the customer',
  note: 'Note',
  cause: 'Cause',
  cause_path: '%{parent} / %{child}',
  said: 'What the customer said',
  action: 'Corrective action',
  responsible: 'Who is responsible',
  reopen: 'Reopen the order: it goes back to whoever did it (a repair to its crew, a relocation to its installation team), and the recovery check waits until it is done again',
  first_call: 'What the first call found',
  recovered: 'Is the customer satisfied now?',
  recovered_yes: 'Yes: recovered',
  recovered_no: 'No: not recovered, goes to the next level of management',
  history: 'History',
  attempts: 'Calls made',
  supervisor: 'Supervisor',
  no_supervisor: 'No supervisor on record',
  recovery_note: 'Note of the recovery check',
  escalation_note: 'What follows (your note)',
};

export const revisitFormsZhCN: typeof revisitFormsEn = {
  label_value: '%{label}：%{value}',
  list_separator: '、',
  none: '—',
  order: '被评价工单',
  order_value: '%{process} %{orderNo}',
  customer: '客户',
  customer_value: '%{name}（%{customerNo}）',
  phone: '联系电话',
  rating: '评分',
  rating_value: '%{rating} 分（满分 5 分）',
  no_rating: '未评分，仅有评价内容',
  comment: '评价内容',
  bad_reasons: '判为差评的原因',
  attempt: '第 %{attempt} 次联系（最多 %{attemptsAllowed} 次）',
  last_attempt: '这是最后一次联系：仍无人接听则回访以“联系不上”结束。',
  outcome: '联系结果',
  no_answer: '无人接听',
  reached: '已联系上客户',
  note: '备注',
  cause: '原因分类',
  cause_path: '%{parent} / %{child}',
  said: '客户反映',
  action: '整改措施',
  responsible: '责任人',
  reopen: '工单返工：退回原处理人重做（报修退回原班组，移机退回装机班组），返工完成后再回访复核',
  first_call: '首次联系结果',
  recovered: '客户现在是否满意？',
  recovered_yes: '满意：已挽回',
  recovered_no: '不满意：未挽回，升级至上一级管理人员',
  history: '回访经过',
  attempts: '联系次数',
  supervisor: '主管',
  no_supervisor: '无主管记录',
  recovery_note: '复核备注',
  escalation_note: '后续处理（您的意见）',
};

export const revisitStepsEn = {
  'revisit-contact': 'Call the customer about the bad review',
  'revisit-retry-wait': 'Waiting to call again',
  'revisit-reopened': 'Waiting for the order to be redone',
  'revisit-recovery-wait': 'Waiting for the recovery check',
  'revisit-survey': 'Waiting for the reply to the survey SMS',
  'revisit-recovery': 'Recovery check',
  'revisit-escalation': 'Not recovered: management follows up',
  'revisit-recovered': 'Customer recovered',
  'revisit-unreachable': 'Customer unreachable',
  'revisit-not-recovered': 'Customer not recovered',
};

export const revisitStepsZhCN: typeof revisitStepsEn = {
  'revisit-contact': '差评首次联系',
  'revisit-retry-wait': '等待再次联系',
  'revisit-reopened': '等待工单返工完成',
  'revisit-recovery-wait': '等待回访复核',
  'revisit-survey': '等待客户回复调查短信',
  'revisit-recovery': '回访复核',
  'revisit-escalation': '未挽回，升级处理',
  'revisit-recovered': '客户已挽回',
  'revisit-unreachable': '客户联系不上',
  'revisit-not-recovered': '客户未挽回',
};

export const revisitGraphEn = {
  'no-answer': 'no answer',
  'next-attempt': 'next call due',
  'attempts-exhausted': 'calls used up',
  reached: 'customer reached',
  'order-reopened': 'order reopened',
  'order-redone': 'order redone',
  'recovery-due': 'recovery check due',
  'survey-sent': 'survey texted',
  'no-reply': 'no reply in time',
  recovered: 'recovered',
  'not-recovered': 'not recovered',
  acknowledged: 'acknowledged',
};

export const revisitGraphZhCN: typeof revisitGraphEn = {
  'no-answer': '无人接听',
  'next-attempt': '再次联系',
  'attempts-exhausted': '次数用尽',
  reached: '已联系上',
  'order-reopened': '工单返工',
  'order-redone': '返工完成',
  'recovery-due': '到复核时间',
  'survey-sent': '已发调查短信',
  'no-reply': '逾期未回复',
  recovered: '已挽回',
  'not-recovered': '未挽回',
  acknowledged: '已签收',
};

/** `app.events.rating.*` and `app.events.revisit.*`. */
export const ratingEventsEn = { recorded: 'Rating recorded', survey_requested: 'Satisfaction survey texted', survey_answered: 'Satisfaction survey answered by SMS' };
export const ratingEventsZhCN: typeof ratingEventsEn = { recorded: '已记录评价', survey_requested: '已发送满意度调查短信', survey_answered: '客户已短信回复满意度调查' };

export const revisitEventsEn = {
  opened: 'Revisit opened after a bad review',
  attempt_recorded: 'Call made: no answer',
  contacted: 'Customer reached: cause and corrective action recorded',
  order_reopened: 'Rated order reopened: back to whoever did it',
  reopen_refused: 'The rated order could not be reopened',
  order_redone: 'Rated order redone',
  survey_sent: 'Recovery survey texted',
  survey_replied: 'Survey answered by SMS',
  recovery_checked: 'Recovery checked',
  escalated: 'Not recovered: management acknowledged',
  closed: 'Revisit closed',
};

export const revisitEventsZhCN: typeof revisitEventsEn = {
  opened: '差评回访已立案',
  attempt_recorded: '已联系：无人接听',
  contacted: '已联系上客户：已记录原因与整改措施',
  order_reopened: '被评价工单已返工：退回原处理人',
  reopen_refused: '被评价工单未能返工',
  order_redone: '被评价工单返工完成',
  survey_sent: '已发送复核调查短信',
  survey_replied: '客户已短信回复调查',
  recovery_checked: '已回访复核',
  escalated: '未挽回：上级已签收',
  closed: '差评回访已结案',
};

const perProcessEn = (what: string) => ({ _: what, repair: 'Repair', relocation: 'Line relocation', reconnection: 'Reconnection' });
const perProcessZhCN = (what: string) => ({ _: what, repair: '故障报修', relocation: '市话移机', reconnection: '复电' });
const surveyEn = (process: string) => ({ _: process, enabled: 'Send the survey', template: 'Survey SMS' });
const surveyZhCN = (process: string) => ({ _: process, enabled: '发送满意度调查', template: '调查短信' });

export const revisitPolicyFieldsEn = {
  badRatingThreshold: perProcessEn('A rating at or below this is bad (1 to 4)'),
  complaintKeywords: 'Words that make a comment a complaint',
  ratingWords: { _: 'SMS replies in words', word: 'Word', rating: 'Rating it means (1 to 5)' },
  surveys: { _: 'Satisfaction surveys by SMS', repair: surveyEn('Repair'), relocation: surveyEn('Line relocation'), reconnection: surveyEn('Reconnection') },
  firstContact: { _: 'Time allowed per call (also the later steps)', slaMinutes: 'Time allowed (minutes)', onOverdue: overdue.en },
  attempts: { _: 'Calls without an answer', retryAfterMinutes: 'Call again after (minutes), one entry per further call' },
  recovery: {
    _: 'Recovery check',
    afterDays: 'Days after the customer was reached',
    smsTemplate: 'Recovery SMS',
    answerHours: 'Hours an SMS waits for a reply before someone calls',
  },
  weeklySmsCap: 'Most texts to one customer in 7 days (0: none)',
  causes: { _: 'Cause tree', code: 'Code', name: 'Name', children: { _: 'Sub-causes', code: 'Code', name: 'Name' } },
};

export const revisitPolicyFieldsZhCN: typeof revisitPolicyFieldsEn = {
  badRatingThreshold: perProcessZhCN('评分不高于此值即为差评（1 至 4）'),
  complaintKeywords: '评价中视为投诉的字眼',
  ratingWords: { _: '短信文字回复', word: '文字', rating: '对应评分（1 至 5）' },
  surveys: { _: '满意度短信调查', repair: surveyZhCN('故障报修'), relocation: surveyZhCN('市话移机'), reconnection: surveyZhCN('复电') },
  firstContact: { _: '每次联系的时限（后续环节同）', slaMinutes: '时限（分钟）', onOverdue: overdue.zh },
  attempts: { _: '无人接听时', retryAfterMinutes: '再次联系间隔（分钟），每项对应一次后续联系' },
  recovery: {
    _: '回访复核',
    afterDays: '联系上客户后几天复核',
    smsTemplate: '复核短信',
    answerHours: '短信等待回复的小时数，逾期改为电话',
  },
  weeklySmsCap: '7 天内发给同一客户的短信上限（0 为不发）',
  causes: { _: '原因分类', code: '代码', name: '名称', children: { _: '子分类', code: '代码', name: '名称' } },
};

/**
 * Keys of the revisit tasks' payloads and results, and of its events' data (`app.data`), that
 * the catalogs do not label already (orderNo, customerName, rating, comment, note, action…).
 */
export const revisitDataEn = {
  revisitNo: 'Revisit no.',
  process: 'Process',
  ratedOrderNo: 'Rated order',
  ratingId: 'Rating no.',
  bad: 'Bad review',
  badReasons: 'Why a bad review',
  keyword: 'Complaint word',
  // Shared with a relocation's audit (relocation.audit_decided): neutral words fit both.
  reasons: 'Why',
  attemptsAllowed: 'Calls allowed',
  attempts: 'Calls made',
  causes: 'Cause tree',
  causeCode: 'Cause',
  said: 'What the customer said',
  responsible: 'Who is responsible',
  supervisorName: 'Supervisor',
  recovered: 'Recovered',
  recoveryNote: 'Note of the recovery check',
  surveySkipped: 'Why a call rather than the survey SMS',
  answerHours: 'Hours it waits for a reply',
  reopenable: 'May the order be reopened',
  reopen: 'Reopen the order',
  reopenRefusal: 'Why it could not be reopened',
};

export const revisitDataZhCN: typeof revisitDataEn = {
  revisitNo: '回访单号',
  process: '业务',
  ratedOrderNo: '被评价工单',
  ratingId: '评价编号',
  bad: '差评',
  badReasons: '判为差评的原因',
  keyword: '投诉字眼',
  reasons: '原因',
  attemptsAllowed: '最多联系次数',
  attempts: '已联系次数',
  causes: '原因分类',
  causeCode: '原因分类',
  said: '客户反映',
  responsible: '责任人',
  supervisorName: '主管',
  recovered: '已挽回',
  recoveryNote: '复核备注',
  surveySkipped: '改为电话复核的原因',
  answerHours: '等待回复的小时数',
  reopenable: '可否返工',
  reopen: '工单返工',
  reopenRefusal: '未能返工的原因',
};

/**
 * The codes in the revisit tasks' payloads and results and its events' data, worded by their
 * key (`app.data_values.<key>.<code>`). `outcome` and `reasons` are keys relocation words too:
 * the catalogs merge the two lists.
 */
export const revisitDataValuesEn = {
  process: ratedProcessesEn,
  badReasons: badReasonsEn,
  reasons: badReasonsEn,
  source: sourcesEn,
  outcome: outcomesEn,
  surveySkipped: { 'no-phone': 'No phone on record', 'weekly-cap': "The customer had the week's surveys", 'not-sent': 'The SMS could not be sent', 'no-reply': 'No reply in time' },
  via: { call: 'By a call' },
  reopenRefusal: {
    ORDER_NOT_DONE: 'The order is not done (it is still being worked, or was reopened already)',
    NO_CREW_MEMBER: 'No active crew member on record',
    ORDER_NOT_FOUND: 'The order is not on record',
    PROCESS_NOT_REOPENABLE: 'This process has no rework',
  },
};

export const revisitDataValuesZhCN: typeof revisitDataValuesEn = {
  process: ratedProcessesZhCN,
  badReasons: badReasonsZhCN,
  reasons: badReasonsZhCN,
  source: sourcesZhCN,
  outcome: outcomesZhCN,
  surveySkipped: { 'no-phone': '无联系电话', 'weekly-cap': '本周调查短信已达上限', 'not-sent': '短信未能发出', 'no-reply': '逾期未回复' },
  via: { call: '电话' },
  reopenRefusal: {
    ORDER_NOT_DONE: '工单未办结（仍在处理中或已返工）',
    NO_CREW_MEMBER: '无在岗的原维修人员',
    ORDER_NOT_FOUND: '无此工单记录',
    PROCESS_NOT_REOPENABLE: '该业务不支持返工',
  },
};

/** The refusals of domain/revisit/forms.ts (`app.errors.reasons`). */
export const revisitRefusalsEn = {
  CAUSE_UNKNOWN: 'The cause %{causeCode} is not a sub-cause of the cause tree: choose one from the list.',
  TEXT_LENGTH: '%{field} must be 1 to %{max} characters.',
  OUTCOME_INVALID: 'Choose an outcome of the call.',
  REOPEN_NOT_ALLOWED: 'The rated order cannot be reopened now: only a repair done and rated whose crew member is still active, or an installed relocation, goes back to be redone.',
};

export const revisitRefusalsZhCN: typeof revisitRefusalsEn = {
  CAUSE_UNKNOWN: '原因分类 %{causeCode} 不是分类树中的子分类：请从列表中选择。',
  TEXT_LENGTH: '%{field}须为 1 至 %{max} 个字符。',
  OUTCOME_INVALID: '请选择联系结果。',
  REOPEN_NOT_ALLOWED: '被评价工单现在不能返工：只有已评价办结且原维修人员仍在岗的报修工单、或已装机的移机工单才能退回返工。',
};

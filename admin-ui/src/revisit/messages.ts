import { revisitCausesEn, revisitCausesZhCN, revisitCodesEn, revisitCodesZhCN } from './forms/messages';

/**
 * The revisit screens' words (admin-ui/src/revisit, its step forms aside): spread into the
 * catalogs as `app.revisit` and `resources.revisits`. Codes of the API and the domain (states,
 * outcomes, processes, why a review is bad, where a rating came from, causes) are worded here.
 */
export const revisitEn = {
  ...revisitCodesEn,
  state: { open: 'Open', closed: 'Closed' },
  cause: revisitCausesEn,
  list_separator: ', ',
  yes: 'Yes',
  no: 'No',
  not_yet: 'Not yet',
  show: {
    revisit: 'Revisit %{revisitNo}',
    section: { revisit: 'The revisit', contact: 'The call', recovery: 'Recovery check', ratings: 'Ratings of the order', timeline: 'Timeline' },
    no_ratings: 'No rating on record',
    not_contacted: 'The customer has not been reached yet.',
    customer: '%{name} (%{customerNo})',
  },
};

export const revisitZhCN: typeof revisitEn = {
  ...revisitCodesZhCN,
  state: { open: '在办', closed: '已结案' },
  cause: revisitCausesZhCN,
  list_separator: '、',
  yes: '是',
  no: '否',
  not_yet: '尚未复核',
  show: {
    revisit: '差评回访 %{revisitNo}',
    section: { revisit: '回访单', contact: '首次联系', recovery: '回访复核', ratings: '该工单的评价', timeline: '办理经过' },
    no_ratings: '没有评价记录',
    not_contacted: '尚未联系上客户。',
    customer: '%{name}（%{customerNo}）',
  },
};

export const revisitsResourceEn = {
  name: 'Bad-review revisit |||| Bad-review revisits',
  fields: {
    id: 'Revisit',
    revisitNo: 'Revisit no.',
    process: 'Process',
    orderNo: 'Rated order',
    customerName: 'Customer',
    customerNo: 'Customer no.',
    state: 'State',
    outcome: 'Outcome',
    reasons: 'Why a bad review',
    caseId: 'Case',
    supervisorName: 'Supervisor',
    attempts: 'Calls made',
    firstContactAt: 'Customer reached',
    causeCode: 'Cause',
    customerSaid: 'What the customer said',
    correctiveAction: 'Corrective action',
    responsible: 'Who is responsible',
    recovered: 'Recovered',
    createdAt: 'Opened',
    closedAt: 'Closed',
    ratings: 'Ratings',
    rating: 'Rating',
    comment: 'Comment',
    source: 'Source',
    bad: 'Bad review',
    receivedAt: 'Received',
    q: 'Search',
  },
};

export const revisitsResourceZhCN: typeof revisitsResourceEn = {
  name: '差评回访',
  fields: {
    id: '回访单',
    revisitNo: '回访单号',
    process: '业务',
    orderNo: '被评价工单',
    customerName: '客户',
    customerNo: '户号',
    state: '状态',
    outcome: '结果',
    reasons: '判为差评的原因',
    caseId: '案件',
    supervisorName: '主管',
    attempts: '联系次数',
    firstContactAt: '联系上客户时间',
    causeCode: '原因分类',
    customerSaid: '客户反映',
    correctiveAction: '整改措施',
    responsible: '责任人',
    recovered: '已挽回',
    createdAt: '立案时间',
    closedAt: '结案时间',
    ratings: '评价',
    rating: '评分',
    comment: '评价内容',
    source: '来源',
    bad: '差评',
    receivedAt: '收到时间',
    q: '搜索',
  },
};

// 简体中文: the workflow's names shared by the applicant and the reviewer pages (`wf` in zh-CN.ts): the
// actions, the stages and their deadlines (state and archive-status names come from the server's lifecycle
// tables, lifecycles.ts) (docs/workflow.md
// "States and actions"). workflow.en.ts is typed against this file.
// Note: vue-i18n treats | @ { } as syntax; keep them out of the texts.

/** Wordings of the reviewer pages that differ from the shared ones; a missing code uses the shared text. */
type Wording = Partial<Record<string, string>>

const workflowZh = {
  action: {
    create: '创建申报',
    submit: '提交单位审核',
    withdraw: '撤回',
    resubmit: '重新提交',
    return: '退回修改',
    start_publicity: '开始公示',
    recommend: '推荐',
    reject: '不予推荐',
    county_return: '退回单位',
    county_recommend: '推荐至评委会',
    receive: '接收',
    accept: '形式审查通过',
    office_return: '退回补正',
    correct: '补正后提交',
    pass: '评审通过',
    fail: '评审未通过',
    overturn: '异议成立，改为未通过',
    confirm: '确认评审结果',
    revoke: '撤销职称',
    not_accept: '不予受理',
  },

  /** the stages (the deadline table, the extension form, an application's page for reviewers) */
  stage: {
    applicant: '个人申报',
    unit: '单位推荐',
    county: '受理点/主管部门推荐',
  },
  /** the stages' deadlines (the home page's next deadline, the applicant's application page) */
  deadline: {
    applicant: '个人申报截止',
    unit: '单位推荐截止',
    county: '县级推荐截止',
  },
  /** the reviewer pages' own wording, where it differs from the above */
  reviewer: {
    state: {} as Wording,
    action: { submit: '提交', recommend: '同意推荐' } as Wording,
    archiveStatus: { pending: '待审核' } as Wording,
  },
}

export default workflowZh
export type WorkflowMessages = typeof workflowZh

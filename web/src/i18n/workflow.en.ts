// English: the workflow's names shared by the applicant and the reviewer pages (`wf` in en.ts); typed
// against workflow.zh-CN.ts.
import type { WorkflowMessages } from './workflow.zh-CN'

const workflowEn: WorkflowMessages = {
  action: {
    create: 'Create the application',
    submit: 'Submit to the unit',
    withdraw: 'Withdraw',
    resubmit: 'Resubmit',
    return: 'Return for correction',
    start_publicity: 'Start publicity',
    recommend: 'Recommend',
    reject: 'Do not recommend',
    county_return: 'Return to the unit',
    county_recommend: 'Recommend to the committee',
    receive: 'Receive',
    accept: 'Accept (formal check passed)',
    office_return: 'Return for correction',
    correct: 'Submit the corrections',
    pass: 'Pass',
    fail: 'Fail',
    overturn: 'Overturn (objection upheld)',
    confirm: 'Confirm the result',
    revoke: 'Revoke the title',
    not_accept: 'Not accepted',
  },

  stage: {
    applicant: 'Applicant submission',
    unit: 'Unit recommendation',
    county: 'Acceptance point / department recommendation',
  },
  deadline: {
    applicant: 'Applicant deadline',
    unit: 'Unit recommendation deadline',
    county: 'County recommendation deadline',
  },
  reviewer: {
    state: { publicity: 'In unit publicity', unit_recommended: 'Awaiting acceptance point / department' },
    action: { submit: 'Submit' },
    archiveStatus: { pending: 'Pending' },
  },
}

export default workflowEn

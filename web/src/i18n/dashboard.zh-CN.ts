// 简体中文: the dashboard 数据看板 (GET /stats) for units, acceptance points, competent departments, the
// committee office and the city admin (`db` in zh-CN.ts); dashboard.en.ts is typed against this file.
// Note: vue-i18n treats | @ { } as syntax; keep them out of the texts (except {placeholders}).
const dashboardZh = {
  menu: '数据看板',
  scope: '按当前账号的权限范围统计',
  loadFailed: '暂时无法读取统计数据',
  retry: '重试',
  /** a chart's description for screen readers */
  aria: '{title}：{entries}',
  ariaSep: '；',
  cards: {
    total: '申报总数',
    totalHint: '全部环节，含草稿',
    pending: '待单位处理',
    pendingHint: '待单位审核、单位公示中、退回单位',
    passRate: '评审通过率',
    passRateValue: '{rate}%',
    passRateHint: '通过 {passed} 人 / 已评审 {decided} 人',
    noDecision: '尚无评审结果',
    deadline: '单位推荐截止',
    deadlineDate: '{date} 24 时前',
  },
  charts: {
    byState: '各环节申报数',
    byRegion: '按地区',
    byLevel: '按申报资格',
    bySpecialty: '按专业（前 {n} 个）',
    byUnit: '申报数最多的单位（前 {n} 家）',
    passRate: '评审通过率',
    passRateBy: '评审通过率（{dim}）',
  },
  dims: {
    level: '按资格',
    specialty: '按专业',
    region: '按地区',
  },
  series: {
    count: '申报数',
    passRate: '通过率',
  },
  tooltip: {
    count: '{n} 件',
    share: '{n} 件，占 {pct}%',
    rate: '通过率 {rate}%',
    passed: '通过 {passed} / 已评审 {decided}',
  },
  pending: {
    title: '待单位处理的单位',
    hint: '申报待单位审核、正在单位公示或被退回单位的单位（最多 20 家），以及距单位推荐截止的天数；剩余 3 天及以内标红。',
    index: '序号',
    unit: '单位',
    count: '待处理申报',
    deadline: '单位推荐截止',
    daysLeft: '剩余时间',
  },
  empty: {
    data: '暂无申报数据',
    rate: '暂无评审结果',
    pending: '没有待单位处理的申报',
  },
}

export default dashboardZh
export type DashboardMessages = typeof dashboardZh

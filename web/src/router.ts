import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from './stores/auth'
import { pageRoles, roleAllowed } from './access'
import type { OperationId } from './generated/operations'
import type { Role } from './types'

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without a session */
    public?: boolean
    /**
     * The API operations the page needs (their ids in the server's OpenAPI document). The page is shown to
     * the union of their roles, as the server's route table declares them; absent = any signed-in user.
     */
    operations?: OperationId[]
    /** derived from `operations` when the router is made; never written by hand */
    roles?: Role[] | 'all'
    /** i18n key of the page title */
    title?: string
    /** the menu entry (its path) to highlight on this page, when the page has none of its own */
    menu?: string
  }
}

export const LETTER_PATH = '/unit/letter'
/** Pages a unit without an approved letter may still open. */
const GATE_EXEMPT = new Set(['letter', 'password'])

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/features/account/LoginView.vue'), meta: { public: true } },
  {
    // signed in with a one-time code: the only page until a new password is set (the guard below)
    path: '/password/new',
    name: 'set-password',
    component: () => import('@/features/account/SetPasswordView.vue'),
  },
  {
    path: '/register',
    name: 'register',
    component: () => import('@/features/account/RegisterView.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('./layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/features/home/HomeView.vue'), meta: { title: 'menu.home' } },
      {
        // public: the layout shows a sign-in link instead of the menu when there is no session
        path: 'self-check',
        name: 'self-check',
        component: () => import('@/features/applications/SelfCheckView.vue'),
        meta: { public: true, title: 'menu.selfCheck' },
      },
      // ---- workflow: the applicant, notifications for everyone, the applicant's guide ----
      {
        path: 'archive',
        name: 'archive',
        component: () => import('@/features/archives/ArchiveView.vue'),
        meta: { operations: ['getArchive'], title: 'apMenu.archive' },
      },
      {
        path: 'application',
        name: 'application',
        component: () => import('@/features/applications/ApplicationView.vue'),
        meta: { operations: ['getApplicationsMine'], title: 'apMenu.application' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/features/home/NotificationsView.vue'),
        meta: { operations: ['getNotifications'], title: 'apMenu.notifications' },
      },
      {
        // public, like 资格自测: the layout shows a sign-in link instead of the menu when there is no session
        path: 'help/applicant',
        name: 'help-applicant',
        component: () => import('@/features/home/HelpView.vue'),
        meta: { operations: ['getApplicationsMine'], public: true, title: 'apMenu.help' },
      },
      {
        path: 'unit/letter',
        name: 'letter',
        component: () => import('@/features/account/UnitLetterView.vue'),
        meta: { operations: ['putUnitsMeLetter'], title: 'menu.unitLetter' },
      },
      {
        path: 'units/review',
        name: 'unit-review',
        component: () => import('@/features/review/UnitReviewView.vue'),
        meta: { operations: ['getUnits', 'postUnitsByIdApprove'], title: 'menu.unitReview' },
      },
      // ---- workflow: reviewers (units, acceptance points, competent departments, committee office) ----
      {
        path: 'unit/archives',
        name: 'unit-archives',
        component: () => import('@/features/archives/UnitArchivesView.vue'),
        meta: { operations: ['getUnitArchives'], title: 'rv.menu.unitArchives' },
      },
      {
        path: 'queue',
        name: 'queue',
        component: () => import('@/features/review/QueueView.vue'),
        meta: { operations: ['getQueue'], title: 'rv.menu.queue' },
      },
      {
        // 数据看板: ECharts loads with this page only (src/features/admin/echarts.ts)
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/features/admin/DashboardView.vue'),
        meta: { operations: ['getStats'], title: 'db.menu' },
      },
      {
        path: 'applications/:id',
        name: 'application-review',
        component: () => import('@/features/review/ApplicationReviewView.vue'),
        meta: { operations: ['getQueue'], title: 'rv.menu.application', menu: '/queue' },
      },
      {
        path: 'admin/deadlines',
        name: 'deadlines',
        component: () => import('@/features/admin/DeadlinesView.vue'),
        meta: { operations: ['getDeadlineExtensions'], title: 'rv.menu.deadlines' },
      },
      {
        path: 'admin/quotas',
        name: 'quotas',
        component: () => import('@/features/admin/QuotaView.vue'),
        meta: { operations: ['putUnitsByIdQuotas'], title: 'rv.menu.quotas' },
      },
      // ---- review: the committee office and the city admin (docs/review.md) ----
      {
        path: 'review/experts',
        name: 'review-experts',
        component: () => import('@/features/committee/ExpertsView.vue'),
        meta: { operations: ['getExperts'], title: 'cm.menu.experts' },
      },
      {
        path: 'review/committees',
        name: 'review-committees',
        component: () => import('@/features/committee/CommitteesView.vue'),
        meta: { operations: ['getExperts', 'putCommitteesByCodeMembers'], title: 'cm.menu.committees' },
      },
      {
        path: 'review/groups',
        name: 'review-groups',
        component: () => import('@/features/committee/GroupsView.vue'),
        meta: { operations: ['getReviewGroups'], title: 'cm.menu.groups' },
      },
      {
        path: 'review/groups/:id',
        name: 'review-group',
        component: () => import('@/features/committee/GroupView.vue'),
        meta: { operations: ['getReviewGroupsById'], title: 'cm.menu.group', menu: '/review/groups' },
      },
      {
        path: 'review/meetings',
        name: 'review-meetings',
        component: () => import('@/features/committee/MeetingsView.vue'),
        meta: { operations: ['postMeetings', 'getMeetingsByIdMinutes'], title: 'cm.menu.meetings' },
      },
      {
        path: 'review/meetings/:id',
        name: 'review-meeting',
        component: () => import('@/features/committee/MeetingView.vue'),
        meta: { operations: ['putMeetingsByIdAttendance', 'getMeetingsByIdMinutes'], title: 'cm.menu.meeting', menu: '/review/meetings' },
      },
      {
        path: 'review/publicity',
        name: 'review-publicity',
        component: () => import('@/features/committee/PublicityView.vue'),
        meta: { operations: ['getResultPublicity', 'getPreReviewPublicity'], title: 'cm.menu.publicity' },
      },
      {
        path: 'review/certificates',
        name: 'review-certificates',
        component: () => import('@/features/committee/CertificatesView.vue'),
        meta: { operations: ['getCertificates'], title: 'cm.menu.certificates' },
      },
      {
        path: 'review/integrity',
        name: 'review-integrity',
        component: () => import('@/features/committee/IntegrityView.vue'),
        meta: { operations: ['getIntegrityRecords'], title: 'cm.menu.integrity' },
      },
      {
        path: 'review/cases',
        name: 'review-cases',
        component: () => import('@/features/committee/CasesView.vue'),
        meta: { operations: ['postCasesByIdClose'], title: 'cm.menu.cases' },
      },
      {
        path: 'help/reviewer',
        name: 'help-reviewer',
        component: () => import('@/features/home/ReviewerHelpView.vue'),
        meta: { operations: ['getQueue', 'getExpertAssignments'], public: true, title: 'rv.menu.help' },
      },
      {
        path: 'admin/accounts',
        name: 'accounts',
        component: () => import('@/features/admin/AccountsView.vue'),
        meta: { operations: ['getAdminAccounts'], title: 'menu.accounts' },
      },
      {
        path: 'admin/audit',
        name: 'audit',
        component: () => import('@/features/admin/AuditView.vue'),
        meta: { operations: ['getAudit'], title: 'menu.audit' },
      },
      {
        path: 'admin/calendar',
        name: 'calendar',
        component: () => import('@/features/admin/CalendarView.vue'),
        meta: { operations: ['putCalendarsByYear'], title: 'menu.calendar' },
      },
      // ---- review: experts, the public (public: the layout shows a sign-in link), applicants' certificates ----
      {
        path: 'expert',
        name: 'expert-tasks',
        component: () => import('@/features/experts/ExpertTasksView.vue'),
        meta: { operations: ['getExpertAssignments'], title: 'pn.menu.expert' },
      },
      {
        path: 'expert/applications/:id',
        name: 'expert-application',
        component: () => import('@/features/experts/ExpertApplicationView.vue'),
        meta: { operations: ['getExpertApplicationsById'], title: 'pn.menu.expertApplication', menu: '/expert' },
      },
      {
        path: 'expert/meetings/:id',
        name: 'expert-ballot',
        component: () => import('@/features/experts/ExpertBallotView.vue'),
        meta: { operations: ['postMeetingsByIdBallot'], title: 'pn.menu.ballot', menu: '/expert' },
      },
      {
        path: 'public/results',
        name: 'public-results',
        component: () => import('@/features/public/PublicResultsView.vue'),
        meta: { public: true, title: 'pn.menu.results' },
      },
      {
        // 评前公示: the committee office's pre-review publicity, when the campaign has one
        path: 'public/pre-review',
        name: 'public-pre-review',
        component: () => import('@/features/public/PublicResultsView.vue'),
        props: { kind: 'preReview' },
        meta: { public: true, title: 'pn.menu.preReview' },
      },
      {
        // a QR code on a printed form links here with ?code=
        path: 'verify',
        name: 'verify',
        component: () => import('@/features/public/VerifyView.vue'),
        meta: { public: true, title: 'pn.menu.verify' },
      },
      {
        // the secret ballot's public board: anyone re-checks a meeting's count in the browser (?fp= a receipt)
        path: 'board/:id',
        name: 'public-board',
        component: () => import('@/features/public/BoardView.vue'),
        meta: { public: true, title: 'bt.board.title' },
      },
      {
        path: 'my/certificates',
        name: 'my-certificates',
        component: () => import('@/features/applications/MyCertificatesView.vue'),
        meta: { operations: ['getMyCertificates'], title: 'pn.menu.certificates' },
      },
      {
        path: 'my/integrity',
        name: 'my-integrity',
        component: () => import('@/features/applications/MyIntegrityView.vue'),
        meta: { operations: ['getMyIntegrity'], title: 'pn.menu.integrity' },
      },
      {
        path: 'cases',
        name: 'my-cases',
        component: () => import('@/features/applications/MyCasesView.vue'),
        meta: { operations: ['postCases'], title: 'pn.menu.cases' },
      },
      {
        // 重置密码 / 签发一次性登录码: units for their applicants, acceptance points, the city admin
        path: 'accounts/reset-code',
        name: 'reset-code',
        component: () => import('@/features/admin/ResetCodeView.vue'),
        meta: { operations: ['postAccountsResetCode'], title: 'resetCode.menu' },
      },
      {
        path: 'password',
        name: 'password',
        component: () => import('@/features/account/PasswordView.vue'),
        meta: { operations: ['postAuthPassword'], title: 'menu.password' },
      },
      {
        // 页面不存在: any other address, signed in or not (public: the layout shows a sign-in link)
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/features/home/NotFoundView.vue'),
        meta: { public: true, title: 'notFound.title' },
      },
    ],
  },
]

// Whom each page is for comes from the server's route table, through the operations it names.
function deriveRoles(records: RouteRecordRaw[]) {
  for (const r of records) {
    if (r.meta) r.meta.roles = pageRoles(r.meta.operations)
    if (r.children) deriveRoles(r.children)
  }
}
deriveRoles(routes)

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (!auth.loaded) {
    try {
      await auth.fetchMe()
    } catch {
      // server unreachable: treat as signed out; the login page shows the error on submit
      auth.loaded = true
    }
  }
  // Signed in with a one-time code: nothing but the new-password page until a password is set.
  if (auth.user && auth.mustChangePassword) return to.name === 'set-password' ? true : { name: 'set-password' }
  if (to.name === 'set-password') return auth.user ? '/' : { name: 'login' }
  if (to.meta.public) {
    if (auth.user && to.name === 'login') return auth.unitGated ? LETTER_PATH : '/'
    return true
  }
  if (!auth.user) {
    return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } }
  }
  if (auth.unitGated && !GATE_EXEMPT.has(String(to.name))) return LETTER_PATH
  if (!roleAllowed(to.meta.roles, auth.role)) return '/'
  return true
})

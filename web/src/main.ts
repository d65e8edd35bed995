import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus comes on demand (vite.config.ts: each page's chunk imports the components it uses, with their
// CSS). Loaded here, before styles.css: the theme's variables (which styles.css sets again), the CSS of the
// components whose rules styles.css overrides with selectors of the same weight (a stylesheet a page loads
// later would otherwise win; add a component here when styles.css starts overriding one of its rules), and
// that of ElMessage and ElMessageBox, which scripts call as functions (no tag for the resolver to see).
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-button.css'
import 'element-plus/theme-chalk/el-checkbox.css'
import 'element-plus/theme-chalk/el-dialog.css'
import 'element-plus/theme-chalk/el-drawer.css'
import 'element-plus/theme-chalk/el-form.css'
import 'element-plus/theme-chalk/el-form-item.css'
import 'element-plus/theme-chalk/el-pagination.css'
import 'element-plus/theme-chalk/el-radio.css'
import 'element-plus/theme-chalk/el-radio-button.css'
import 'element-plus/theme-chalk/el-tabs.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles.css'

import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { setPasswordChangeRequiredHandler, setReauthHandler, setUnauthorizedHandler } from '@/api'
import { askToSignInAgain } from './session'
import { useAuthStore } from './stores/auth'
import { loadLifecycles } from './lifecycles'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(router)

// A 401 on an ordinary request means the session ended (timeout, logout elsewhere): back to sign-in.
setUnauthorizedHandler(() => {
  const auth = useAuthStore(pinia)
  if (!auth.user) return
  auth.clear()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    void router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

// On a signed-in page, the same 401 opens the sign-in dialog over the page instead (SessionExpiredDialog):
// what was typed stays, and the request that met the expiry is sent again once the person is back.
setReauthHandler(async () => {
  const auth = useAuthStore(pinia)
  const user = auth.user
  if (!user || router.currentRoute.value.meta.public) {
    if (user) auth.clear()
    return false
  }
  return askToSignInAgain(user.login, user.name)
})

// Signed in with a one-time code, a request answered 403 password_change_required: to the new-password page.
setPasswordChangeRequiredHandler(() => {
  const auth = useAuthStore(pinia)
  if (!auth.user) return
  auth.requirePasswordChange()
  if (router.currentRoute.value.name !== 'set-password') void router.replace({ name: 'set-password' })
})

// State labels, colours and queue tabs come from the server's lifecycle tables: mount once they are here
// (or after 3 s without them, when the pages fall back to the codes' i18n names).
void Promise.race([loadLifecycles(), new Promise((resolve) => setTimeout(resolve, 3000))]).finally(() =>
  app.mount('#app'),
)

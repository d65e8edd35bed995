// ECharts for the dashboard, tree-shaken: the core with the bar and pie charts, the grid, tooltip, legend
// and aria components and the canvas renderer (no eval, no inline scripts: fine under the server's CSP).
// Only DashboardView imports this (through EChart.vue), and the router loads that view on demand, so the
// other pages never download it (vite.config.ts keeps echarts and zrender in a chunk of their own).
import * as echarts from 'echarts/core'
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts'
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/** The options the dashboard's charts may use. */
export type ChartOption = echarts.ComposeOption<
  | BarSeriesOption
  | PieSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>

export { echarts }

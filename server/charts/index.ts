// Charts for the results pages: SVG strings drawn on the server, to be followed on the page by a
// table of the same figures. Pure functions; every text comes from the caller, translated and formatted.
export { barChart, type BarChartOptions, type BarItem } from './bar-chart.ts';
export { trendChart, type TrendChartOptions, type TrendPoint } from './trend-chart.ts';
export { heatMap, heatLevel, heatLegend, type HeatMapOptions } from './heat-map.ts';
export { shareBars, type ShareBarsOptions, type ShareItem } from './share-bars.ts';
export type { ChartFrame, Svg, TargetLine } from './svg.ts';
export { cardBar, type CardBarOptions } from './card-bar.ts';
export { dotChart, dotChartAxis, type DotChartOptions, type DotItem } from './dot-chart.ts';
export { shareAxis, axisPosition, FULL_AXIS, type ShareAxis } from './axis.ts';

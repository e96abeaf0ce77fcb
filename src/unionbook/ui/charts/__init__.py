"""The charts of the overview and of documents: `build` draws a services.charts.ChartData as a
QChart, `view` shows one on a page (hover values, 导出图片), `images` paints them to PNG."""

package org.bss.platform.stream.bench;

import java.util.List;
import java.util.Locale;

/** Horizontal stacked bars as a standalone SVG file: one row a variant, one coloured segment a component. */
final class BarChart {

    private static final int WIDTH = 960;
    private static final int LABEL_WIDTH = 170;
    private static final int RIGHT = 90;
    private static final int TOP = 64;
    private static final int ROW = 30;
    private static final int AXIS = 40;

    record Segment(String name, String color) {
    }

    record Row(String label, double[] values) {

        double total() {
            double sum = 0;
            for (double value : values) {
                sum += Math.max(0, value);
            }
            return sum;
        }
    }

    private BarChart() {
    }

    static String render(String title, String unit, List<Segment> segments, List<Row> rows) {
        int height = TOP + Math.max(1, rows.size()) * ROW + AXIS;
        double max = rows.stream().mapToDouble(Row::total).max().orElse(0);
        double step = niceStep(max > 0 ? max / 5 : 1);
        double top = Math.max(step, Math.ceil(max / step) * step);
        double plot = WIDTH - LABEL_WIDTH - RIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
                WIDTH, height, escape(title)));
        svg.append("<style>text{font-family:system-ui,sans-serif;font-size:12px;fill:#444}.title{font-size:14px;"
                + "font-weight:600;fill:#222}.grid{stroke:#eee}</style>\n");
        svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", WIDTH, height));
        svg.append(f("<text class=\"title\" x=\"%d\" y=\"20\">%s</text>%n", 12, escape(title)));
        double legendX = LABEL_WIDTH;
        for (Segment segment : segments) {
            svg.append(f("<rect x=\"%.1f\" y=\"34\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"44\">%s</text>%n",
                    legendX, segment.color(), legendX + 16, escape(segment.name())));
            legendX += 16 + 6.6 * segment.name().length() + 18;
        }
        double bottom = TOP + rows.size() * ROW;
        for (double tick = 0; tick <= top + step / 1e6; tick += step) {
            double x = LABEL_WIDTH + plot * tick / top;
            svg.append(f("<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP - 4, x, bottom, x, bottom + 16, trim(tick)));
        }
        svg.append(f("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                LABEL_WIDTH + plot / 2, bottom + 34, escape(unit)));
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            double y = TOP + r * ROW;
            svg.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH - 8, y + 19,
                    escape(row.label())));
            double x = LABEL_WIDTH;
            for (int s = 0; s < segments.size() && s < row.values().length; s++) {
                double width = plot * Math.max(0, row.values()[s]) / top;
                if (width > 0) {
                    svg.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                                    + "<title>%s: %.1f</title></rect>%n", x, y + 5, width, ROW - 10,
                            segments.get(s).color(), escape(segments.get(s).name()), row.values()[s]));
                }
                x += width;
            }
            svg.append(f("<text x=\"%.1f\" y=\"%.1f\">%.1f</text>%n", x + 6, y + 19, row.total()));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= raw) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : f("%.1f", value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

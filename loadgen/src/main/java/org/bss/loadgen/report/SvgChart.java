package org.bss.loadgen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * SVG charts drawn by hand, so that the HTML report needs nothing but itself; {@link #standalone} makes one a file of
 * its own (the end-to-end benchmark's latency-by-rate chart).
 */
public final class SvgChart {

    /** The charts' own styles, shared by the HTML report and standalone files. */
    static final String STYLE = """
            svg .plot{fill:#fff;stroke:#bbb}svg .grid{stroke:#eee}svg .tick,svg .legend,svg .label{font-size:12px;\
            fill:#444}svg .axis{font-size:12px;fill:#666}svg .title{font-size:14px;font-weight:600;fill:#222}
            """;

    static final int WIDTH = 960;
    static final int HEIGHT = 320;
    private static final int LEFT = 72;
    private static final int RIGHT = 40;
    private static final int TOP = 36;
    private static final int BOTTOM = 48;

    private SvgChart() {
    }

    /** A line; a NaN y leaves a gap. */
    public record Series(String name, String color, boolean dashed, double[] xs, double[] ys) {
    }

    public record Tick(double value, String label) {
    }

    /** One bar of a bar chart; note is written after the bar. */
    record Bar(String label, double value, String color, String note) {
    }

    /** How values map onto one side of the plot. */
    public record Axis(String label, double min, double max, boolean log, List<Tick> ticks) {

        /** From 0 to a round number at or above max, with about five round ticks. */
        public static Axis linear(String label, double max) {
            double step = niceStep((max > 0 ? max : 1) / 5);
            double top = Math.ceil((max > 0 ? max : 1) / step) * step;
            List<Tick> ticks = new ArrayList<>();
            for (int i = 0; i * step <= top + step / 1e6; i++) {
                ticks.add(new Tick(i * step, Fmt.compact(i * step)));
            }
            return new Axis(label, 0, top, false, ticks);
        }

        /** From the largest 1, 2 or 5 times a power of ten at or below min to the smallest at or above max. */
        public static Axis log(String label, double min, double max) {
            double low = roundToSteps(min > 0 ? min : 1, false);
            double high = roundToSteps(Math.max(max, min > 0 ? min : 1), true);
            if (high <= low) {
                high = roundToSteps(low * 1.5, true);
            }
            // Few decades get 2 and 5 between them; many get only the decades and the two ends.
            double[] factors = Math.log10(high / low) <= 3.5 ? new double[] {1, 2, 5} : new double[] {1};
            List<Tick> ticks = new ArrayList<>();
            int last = (int) Math.ceil(Math.log10(high));
            for (int decade = (int) Math.floor(Math.log10(low)); decade <= last; decade++) {
                for (double factor : factors) {
                    double value = factor * Math.pow(10, decade);
                    boolean end = Math.abs(value / low - 1) < 1e-6 || Math.abs(value / high - 1) < 1e-6;
                    boolean inside = value > low * 1.000001 && value < high * 0.999999;
                    if (end || inside) {
                        ticks.add(new Tick(value, Fmt.compact(value)));
                    }
                }
            }
            addEnd(ticks, low, 0);
            addEnd(ticks, high, ticks.size());
            return new Axis(label, low, high, true, ticks);
        }

        private static void addEnd(List<Tick> ticks, double value, int index) {
            boolean present = ticks.stream().anyMatch(t -> Math.abs(t.value() / value - 1) < 1e-6);
            if (!present) {
                ticks.add(index, new Tick(value, Fmt.compact(value)));
            }
        }

        /** The nearest of 1, 2 or 5 times a power of ten, upwards or downwards. */
        static double roundToSteps(double value, boolean up) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
            double[] factors = {1, 2, 5, 10};
            if (up) {
                for (double factor : factors) {
                    if (factor * magnitude >= value * 0.9999) {
                        return factor * magnitude;
                    }
                }
            }
            double result = magnitude;
            for (double factor : factors) {
                if (factor * magnitude <= value * 1.0001) {
                    result = factor * magnitude;
                }
            }
            return result;
        }

        double position(double value, double from, double to) {
            double share = log
                    ? (Math.log10(Math.max(value, min)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (value - min) / (max - min);
            return from + (to - from) * Math.max(0, Math.min(1, share));
        }
    }

    /** A line chart as a file of its own: with its namespace, a white background and the styles inline. */
    public static String standalone(String chart) {
        return chart.replaceFirst("<svg class=\"chart\"", "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"")
                .replaceFirst("<title>", "<style>" + Matcher.quoteReplacement(STYLE.strip())
                        + "svg{font-family:system-ui,sans-serif;background:#fff}</style>\n<title>");
    }

    public static String lineChart(String title, Axis x, Axis y, List<Series> series) {
        return lineChart(title, x, y, series, List.of());
    }

    /** A stretch of the x axis shaded behind the lines, e.g. while a fault lasted; its label shows on hover. */
    public record Shade(double from, double to, String color, String label) {
    }

    public static String lineChart(String title, Axis x, Axis y, List<Series> series, List<Shade> shades) {
        double left = LEFT;
        double right = WIDTH - RIGHT;
        double top = TOP;
        double bottom = HEIGHT - BOTTOM;
        StringBuilder svg = open(title, HEIGHT);
        svg.append(f("<rect class=\"plot\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>%n",
                left, top, right - left, bottom - top));
        for (Shade shade : shades) {
            double x1 = x.position(shade.from(), left, right);
            double x2 = Math.max(x1 + 1, x.position(shade.to(), left, right));
            svg.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.18\">"
                    + "<title>%s</title></rect>%n", x1, top, x2 - x1, bottom - top, shade.color(), Html.escape(shade.label())));
            svg.append(f("<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>%n", x1 + 4, top + 14,
                    Html.escape(shade.label())));
        }
        for (Tick tick : y.ticks()) {
            double py = y.position(tick.value(), bottom, top);
            svg.append(f("<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    left, py, right, py));
            svg.append(f("<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    left - 6, py + 4, Html.escape(tick.label())));
        }
        xAxis(svg, x, left, right, top, bottom, HEIGHT);
        svg.append(f(
                "<text class=\"axis\" x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">"
                        + "%s</text>%n",
                (top + bottom) / 2, (top + bottom) / 2, Html.escape(y.label())));
        for (Series s : series) {
            svg.append("<g class=\"series\"><title>").append(Html.escape(s.name())).append("</title>");
            for (List<double[]> segment : segments(s, x, y, left, right, top, bottom)) {
                if (segment.size() == 1) {
                    svg.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\"/>",
                            segment.get(0)[0], segment.get(0)[1], s.color()));
                } else {
                    svg.append("<polyline fill=\"none\" stroke=\"").append(s.color())
                            .append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\"")
                            .append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "")
                            .append(" points=\"");
                    for (double[] point : segment) {
                        svg.append(f("%.1f,%.1f ", point[0], point[1]));
                    }
                    svg.append("\"/>");
                }
            }
            svg.append("</g>\n");
        }
        legend(svg, series, left, top);
        return svg.append("</svg>\n").toString();
    }

    /** A span of a timeline's row, from and to in the x axis' units; its title shows on hover. */
    public record Band(int row, double from, double to, String color, String title) {
    }

    /** A point in time on a timeline's row: filled, or hollow (only its outline). */
    public record Mark(int row, double at, String color, boolean hollow, String title) {
    }

    /** An entry of a timeline's legend. */
    public record Key(String name, String color) {
    }

    /** Rows of spans and marks over a shared time axis, e.g. the labels and alerts of each tenant. */
    public static String timeline(String title, Axis x, List<String> rows, List<Band> bands, List<Mark> marks, List<Key> keys) {
        int rowHeight = 28;
        double left = 150;
        double right = WIDTH - RIGHT;
        double top = TOP + 18;
        double bottom = top + Math.max(1, rows.size()) * rowHeight;
        int height = (int) bottom + BOTTOM;
        StringBuilder svg = open(title, height);
        svg.append(f("<rect class=\"plot\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>%n",
                left, top, right - left, bottom - top));
        xAxis(svg, x, left, right, top, bottom, height);
        for (int r = 0; r < rows.size(); r++) {
            double y = top + r * rowHeight;
            if (r > 0) {
                svg.append(f("<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", left, y, right, y));
            }
            svg.append(f("<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    left - 8, y + rowHeight / 2.0 + 4, Html.escape(rows.get(r))));
        }
        for (Band band : bands) {
            double x1 = x.position(band.from(), left, right);
            double x2 = Math.max(x1 + 1, x.position(band.to(), left, right));
            svg.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.35\">"
                            + "<title>%s</title></rect>%n",
                    x1, top + band.row() * rowHeight + 4, x2 - x1, rowHeight - 8, band.color(), Html.escape(band.title())));
        }
        for (Mark mark : marks) {
            double px = x.position(mark.at(), left, right);
            double cy = top + mark.row() * rowHeight + rowHeight / 2.0;
            svg.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" %s><title>%s</title></circle>%n", px, cy,
                    mark.hollow() ? "fill=\"#fff\" stroke=\"" + mark.color() + "\" stroke-width=\"2\"" : "fill=\"" + mark.color() + "\"",
                    Html.escape(mark.title())));
        }
        double lx = left;
        StringBuilder legend = new StringBuilder("<g class=\"legend\">");
        for (Key key : keys) {
            legend.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                    lx, top - 16, key.color(), lx + 16, top - 6, Html.escape(key.name())));
            lx += 16 + 7.2 * key.name().length() + 18;
        }
        svg.append(legend).append("</g>\n");
        return svg.append("</svg>\n").toString();
    }

    /** Horizontal bars, one a row, scaled to the largest value. */
    static String barChart(String title, List<Bar> bars) {
        int rowHeight = 26;
        int labelWidth = 230;
        int height = TOP + Math.max(1, bars.size()) * rowHeight + 16;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        double barSpace = WIDTH - RIGHT - labelWidth - 170;
        StringBuilder svg = open(title, height);
        int row = 0;
        for (Bar bar : bars) {
            double y = TOP + row * rowHeight;
            double width = max > 0 ? Math.max(1, barSpace * bar.value() / max) : 0;
            svg.append(f("<text class=\"label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    labelWidth - 8, y + 17, Html.escape(bar.label())));
            svg.append(f("<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    labelWidth, y + 4, width, rowHeight - 8, bar.color()));
            svg.append(f("<text class=\"label\" x=\"%.1f\" y=\"%.1f\">%s</text>%n",
                    labelWidth + width + 8, y + 17, Html.escape(bar.note())));
            row++;
        }
        if (bars.isEmpty()) {
            svg.append(f("<text class=\"label\" x=\"%d\" y=\"%d\">no responses</text>%n",
                    labelWidth, TOP + 17));
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title, int height) {
        StringBuilder svg = new StringBuilder();
        svg.append(f(
                "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n", WIDTH, height,
                Html.escape(title)));
        svg.append("<title>").append(Html.escape(title)).append("</title>\n");
        svg.append(f("<text class=\"title\" x=\"%d\" y=\"20\">%s</text>%n", LEFT,
                Html.escape(title)));
        return svg;
    }

    private static void legend(StringBuilder svg, List<Series> series, double left, double top) {
        double x = WIDTH - RIGHT;
        List<String> items = new ArrayList<>();
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            double textWidth = 7.2 * s.name().length();
            x -= textWidth + 34;
            items.add(0, f(
                    "<line x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"16\" stroke=\"%s\" stroke-width=\"2.5\"%s/>"
                            + "<text class=\"legend\" x=\"%.1f\" y=\"20\">%s</text>",
                    x, x + 20, s.color(), s.dashed() ? " stroke-dasharray=\"6 4\"" : "", x + 25,
                    Html.escape(s.name())));
        }
        svg.append("<g class=\"legend\">").append(String.join("", items)).append("</g>\n");
    }

    /** The series' points in pixels, split where a y is NaN (or not positive on a log axis). */
    private static List<List<double[]>> segments(Series s, Axis x, Axis y, double left, double right, double top,
            double bottom) {
        List<List<double[]>> segments = new ArrayList<>();
        List<double[]> current = new ArrayList<>();
        for (int i = 0; i < s.xs().length; i++) {
            double value = s.ys()[i];
            if (Double.isNaN(value) || y.log() && value <= 0) {
                if (!current.isEmpty()) {
                    segments.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            current.add(new double[] {x.position(s.xs()[i], left, right), y.position(value, bottom, top)});
        }
        if (!current.isEmpty()) {
            segments.add(current);
        }
        return segments;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least raw. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * magnitude >= raw) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** The x axis: a grid line and a label at each tick, and the axis' name under them. */
    private static void xAxis(StringBuilder svg, Axis x, double left, double right, double top, double bottom, int height) {
        for (Tick tick : x.ticks()) {
            double px = x.position(tick.value(), left, right);
            svg.append(f("<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    px, top, px, bottom));
            svg.append(f("<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    px, bottom + 16, Html.escape(tick.label())));
        }
        svg.append(f("<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                (left + right) / 2, height - 8, Html.escape(x.label())));
    }
}

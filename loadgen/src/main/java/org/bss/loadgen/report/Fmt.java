package org.bss.loadgen.report;

import java.util.Locale;

/** Number formatting shared by the progress line and the reports: English digit grouping whatever the locale. */
final class Fmt {

    private Fmt() {
    }

    static String integer(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Milliseconds with as many decimals as make sense for their size: 0.42, 12.4, 1,234. */
    static String ms(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%,.0f", ms);
    }

    /** A fraction as a percentage: 0.0123 gives 1.23%. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    /** A number with grouping and at most three decimals, trailing zeros dropped: 50, 0.5, 12,345.679. */
    static String decimal(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return trim(String.format(Locale.ROOT, "%,.3f", value));
    }

    /** A short axis label: 35k, 1.2M, 0.5. */
    static String compact(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e6) {
            return trim(value / 1e6) + "M";
        }
        if (abs >= 1e4) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(double value) {
        return trim(String.format(Locale.ROOT, "%.3f", value));
    }

    private static String trim(String fixed) {
        String s = fixed.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Any value of a settings or section table as text; null as a dash. */
    static String value(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double || value instanceof Float) {
            return decimal(((Number) value).doubleValue());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return integer(((Number) value).longValue());
        }
        return value.toString();
    }

    static String status(int status) {
        return status == 0 ? "0 (transport error or timeout)" : Integer.toString(status);
    }
}

package org.bss.platform.analytics.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A series' dimensions written as one string, {@code currency=EUR,segment=smb} (empty for the total): the form of
 * keys and of the column they are stored in. Values are percent-encoded where they hold {@code , = %}.
 */
final class Dims {

    static final String NONE = "";

    private Dims() {
    }

    static String of(String name, String value) {
        return name + '=' + escape(value);
    }

    static String and(String dims, String name, String value) {
        return dims.isEmpty() ? of(name, value) : dims + ',' + of(name, value);
    }

    static Map<String, String> parse(String dims) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (dims == null || dims.isEmpty()) {
            return parsed;
        }
        for (String pair : dims.split(",")) {
            int eq = pair.indexOf('=');
            parsed.put(pair.substring(0, eq), unescape(pair.substring(eq + 1)));
        }
        return parsed;
    }

    static String format(Map<String, String> dims) {
        String text = NONE;
        for (Map.Entry<String, String> entry : dims.entrySet()) {
            text = and(text, entry.getKey(), entry.getValue());
        }
        return text;
    }

    private static String escape(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('=') < 0 && value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace(",", "%2C").replace("=", "%3D");
    }

    private static String unescape(String value) {
        return value.indexOf('%') < 0 ? value : value.replace("%2C", ",").replace("%3D", "=").replace("%25", "%");
    }
}

package org.bss.platform.analytics.internal;

/**
 * One series: a tenant's metric, cut by some dimensions. Written as one string (the key of the streams'
 * repartitions and stores), its parts separated by U+001F, which tenant ids, metric names and dimensions never hold.
 */
record SeriesKey(String tenant, String name, String dims) {

    /** The tenant of platform-wide series (partitions of bss.events). */
    static final String PLATFORM = "*";
    private static final char SEPARATOR = '\u001f';

    String encode() {
        return tenant + SEPARATOR + name + SEPARATOR + dims;
    }

    static SeriesKey decode(String key) {
        int first = key.indexOf(SEPARATOR);
        int second = key.indexOf(SEPARATOR, first + 1);
        return new SeriesKey(key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1));
    }
}

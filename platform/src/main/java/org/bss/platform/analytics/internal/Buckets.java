package org.bss.platform.analytics.internal;

/**
 * Keys of the measuring stage's buckets, one per tenant and minute and either a {@link Measures.Combination} (most
 * events) or a series it adds to directly (partitions, per-customer orders, late events); and their expansion into
 * the series they feed.
 */
final class Buckets {

    private static final char SEPARATOR = '\u001f';
    private static final String COMBINATION = "c";
    private static final String SERIES = "s";

    /** Receives one series' tally of one minute. */
    interface Sink {
        void add(String seriesKey, long minute, Tally tally);
    }

    private Buckets() {
    }

    static String combination(String tenant, long minute, Measures.Combination combination) {
        return tenant + SEPARATOR + minute + SEPARATOR + COMBINATION + SEPARATOR + combination.encode();
    }

    static String series(String tenant, long minute, String name, String dims) {
        return tenant + SEPARATOR + minute + SEPARATOR + SERIES + SEPARATOR + name + SEPARATOR + dims;
    }

    static void expand(String bucket, Tally tally, Sink sink) {
        int a = bucket.indexOf(SEPARATOR);
        int b = bucket.indexOf(SEPARATOR, a + 1);
        int c = bucket.indexOf(SEPARATOR, b + 1);
        String tenant = bucket.substring(0, a);
        long minute = Long.parseLong(bucket, a + 1, b, 10);
        String rest = bucket.substring(c + 1);
        if (bucket.startsWith(SERIES, b + 1)) {
            int d = rest.indexOf(SEPARATOR);
            sink.add(new SeriesKey(tenant, rest.substring(0, d), rest.substring(d + 1)).encode(), minute, tally);
        } else {
            Measures.expand(Measures.Combination.decode(rest), tally,
                    (name, dims, part) -> sink.add(new SeriesKey(tenant, name, dims).encode(), minute, part));
        }
    }
}

package org.bss.platform.analytics.internal.detect;

/** How far from expected a window was; {@link #NONE} for a normal one. Ordered from least to most severe. */
public enum Severity {
    NONE,
    WARNING,
    CRITICAL;

    /** The severity of a standardised deviation against a warning and a critical bound. */
    static Severity of(double score, double warning, double critical) {
        double size = Math.abs(score);
        return size >= critical ? CRITICAL : size >= warning ? WARNING : NONE;
    }
}

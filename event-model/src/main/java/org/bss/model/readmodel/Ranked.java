package org.bss.model.readmodel;

/**
 * A status that moves along a lifecycle: a higher rank always wins (a paid invoice stays paid when its
 * {@code invoice.overdue} arrives late), and within a rank the latest {@link Stamp}. Like {@link Lww}, merging
 * does not depend on order.
 */
public record Ranked(String value, int rank, Stamp stamp) {

    public static Ranked write(Ranked status, String value, int rank, Stamp stamp) {
        if (value == null) {
            return status;
        }
        if (status == null || rank > status.rank || (rank == status.rank && stamp.after(status.stamp))) {
            return new Ranked(value, rank, stamp);
        }
        return status;
    }

    public static String valueOf(Ranked status) {
        return status == null ? null : status.value;
    }
}

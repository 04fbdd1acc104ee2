package org.bss.model.readmodel;

/**
 * A last-writer-wins register: the value written by the event with the latest {@link Stamp}. Merging is
 * commutative, associative and idempotent, so the register ends the same whatever order its events arrive in.
 */
public record Lww<T>(T value, Stamp stamp) {

    /** {@code register} after an event stamped {@code stamp} wrote {@code value}; a null value writes nothing. */
    public static <T> Lww<T> write(Lww<T> register, T value, Stamp stamp) {
        if (value == null) {
            return register;
        }
        return register == null || stamp.after(register.stamp) ? new Lww<>(value, stamp) : register;
    }

    public static <T> T valueOf(Lww<T> register) {
        return register == null ? null : register.value;
    }
}

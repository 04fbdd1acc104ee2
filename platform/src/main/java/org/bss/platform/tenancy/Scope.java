package org.bss.platform.tenancy;

import java.util.Arrays;

/** What a credential may do. */
public enum Scope {
    EVENTS_WRITE("events:write"),
    EVENTS_READ("events:read"),
    SCHEMAS_WRITE("schemas:write"),
    ADMIN("admin");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The Spring Security authority for this scope, as resource servers name them. */
    public String authority() {
        return "SCOPE_" + value;
    }

    public static Scope of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scope '" + value + "'"));
    }
}

package org.bss.loadgen.run;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bss.loadgen.platform.PlatformClient.TenantKey;
import org.bss.loadgen.traffic.Anomaly;

/**
 * An anomaly to inject, as {@code --inject <kind>@<start>+<duration>[:<tenant>]} gives it: its kind, when it starts
 * after the measured run's start, how long it lasts, and the tenant: its number among the run's tenants (1 is the
 * first) or its id; null for the first.
 */
public record InjectSpec(Anomaly kind, Duration start, Duration length, String tenant) {

    static final String SYNTAX = "<kind>@<start>+<duration>[:<tenant>], e.g. payment-failures@10m+5m:2";

    public InjectSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
    }

    /** @throws IllegalArgumentException naming the part of {@code text} that is wrong */
    public static InjectSpec parse(String text) {
        String spec = text == null ? "" : text.strip();
        int at = spec.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("'" + spec + "' has no '@<start>': use " + SYNTAX);
        }
        String kindText = spec.substring(0, at).strip();
        Anomaly kind = Anomaly.of(kindText);
        if (kind == null) {
            throw new IllegalArgumentException("'" + kindText + "' of '" + spec + "' is not a kind of anomaly: use one of "
                    + Anomaly.labels());
        }
        String rest = spec.substring(at + 1);
        String tenant = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            tenant = rest.substring(colon + 1).strip();
            rest = rest.substring(0, colon);
            if (tenant.isEmpty()) {
                throw new IllegalArgumentException("'" + spec + "' has no tenant after ':': give its number (1 is the first) or id, "
                        + "or leave ':' out for the first");
            }
            if (tenant.matches("[0-9]+") && (tenant.length() > 6 || Integer.parseInt(tenant) < 1)) {
                throw new IllegalArgumentException("the tenant '" + tenant + "' of '" + spec + "' is not a tenant's number: "
                        + "the first is 1");
            }
        }
        int plus = rest.indexOf('+');
        if (plus < 0) {
            throw new IllegalArgumentException("'" + spec + "' has no '+<duration>': use " + SYNTAX);
        }
        Duration start = length("start", rest.substring(0, plus), spec);
        Duration length = length("duration", rest.substring(plus + 1), spec);
        if (length.isZero()) {
            throw new IllegalArgumentException("the duration of '" + spec + "' must be longer than 0");
        }
        return new InjectSpec(kind, start, length, tenant);
    }

    /** The tenant it names among the run's, in their order. */
    public TenantKey tenantOf(List<TenantKey> tenants) {
        if (tenant == null) {
            return tenants.getFirst();
        }
        if (tenant.matches("[0-9]+")) {
            int number = Integer.parseInt(tenant);
            if (number > tenants.size()) {
                throw new IllegalArgumentException("--inject " + this + ": the run has " + tenants.size()
                        + (tenants.size() == 1 ? " tenant" : " tenants") + ", not " + number + " (see --tenants)");
            }
            return tenants.get(number - 1);
        }
        return tenants.stream().filter(t -> t.tenantId().equals(tenant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--inject " + this + ": '" + tenant + "' is none of the run's tenants ("
                        + String.join(", ", tenants.stream().map(TenantKey::tenantId).toList()) + ")"));
    }

    /** Checks against the run's shape before anything is sent: a tenant's number, and a start within the run. */
    void check(int tenantCount, Duration runLength) {
        if (tenant != null && tenant.matches("[0-9]+") && Integer.parseInt(tenant) > tenantCount) {
            throw new IllegalArgumentException("--inject " + this + ": the run has " + tenantCount
                    + (tenantCount == 1 ? " tenant" : " tenants") + ", not " + tenant + " (see --tenants)");
        }
        if (start.compareTo(runLength) >= 0) {
            throw new IllegalArgumentException("--inject " + this + " starts at or after the run's end (it lasts "
                    + Converters.text(runLength) + " after the warm-up)");
        }
    }

    private static Duration length(String part, String text, String spec) {
        try {
            return Rates.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + part + " of '" + spec + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return kind.label() + "@" + Converters.text(start) + "+" + Converters.text(length) + (tenant == null ? "" : ":" + tenant);
    }
}

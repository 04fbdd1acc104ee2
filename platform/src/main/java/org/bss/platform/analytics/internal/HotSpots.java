package org.bss.platform.analytics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hot spots in one minute, a pure function of its counts: a tenant that takes more than its share of all events
 * (while at least two tenants send), a partition of bss.events that takes more than its share, and the skew.
 */
final class HotSpots {

    private HotSpots() {
    }

    /** A minute's counts: events per tenant, and per partition and tenant. */
    record Minute(Map<String, Long> tenants, Map<Integer, Map<String, Long>> partitions) {

        long total() {
            return tenants.values().stream().mapToLong(Long::longValue).sum();
        }

        long partition(int partition) {
            return partitions.getOrDefault(partition, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What is hot: the key ({@code tenant} or {@code partition=3}), its share, and the explanation. */
    record Hot(String metric, String tenant, String dims, double share, long events, String explanation) {
    }

    record Judgement(List<Hot> hot, double skew, boolean judged) {
    }

    static Judgement judge(Minute minute, double tenantShare, double partitionShare, long minEvents, int partitionCount) {
        long total = minute.total();
        long partitionTotal = minute.partitions().keySet().stream().mapToLong(minute::partition).sum();
        if (total < minEvents || partitionTotal == 0) {
            return new Judgement(List.of(), 0, false);
        }
        List<Hot> hot = new ArrayList<>();
        if (minute.tenants().size() >= 2) {
            for (Map.Entry<String, Long> tenant : minute.tenants().entrySet()) {
                double share = (double) tenant.getValue() / total;
                if (share > tenantShare) {
                    long quota = (long) Math.ceil(tenantShare * total / 60.0);
                    hot.add(new Hot("tenant.share", tenant.getKey(), Dims.NONE, share, tenant.getValue(),
                            "Tenant %s sent %d of the platform's %d events in the minute (%.0f %%, more than %.0f %%)."
                                    .formatted(tenant.getKey(), tenant.getValue(), total, share * 100, tenantShare * 100)
                                    + " Recommended: a quota of about %d events/s for it (PUT /api/v1/admin/tenants/%s/quota),"
                                    .formatted(quota, tenant.getKey())
                                    + " so that it cannot take the others' throughput."));
                }
            }
        }
        double busiest = 0;
        for (Integer partition : minute.partitions().keySet()) {
            long events = minute.partition(partition);
            double share = (double) events / partitionTotal;
            busiest = Math.max(busiest, share);
            if (share > partitionShare) {
                Map.Entry<String, Long> top = minute.partitions().get(partition).entrySet().stream()
                        .max(Map.Entry.comparingByValue()).orElseThrow();
                hot.add(new Hot("partition.share", SeriesKey.PLATFORM, Dims.of("partition", partition.toString()), share,
                        events, ("Partition %d of bss.events took %d of %d events in the minute (%.0f %%, more than"
                                + " %.0f %%); tenant %s sent %.0f %% of them. Events are keyed by tenant and subject, so"
                                + " one busy subject stays on one partition: spread that tenant's hottest subjects, or"
                                + " give it a quota.").formatted(partition, events, partitionTotal, share * 100,
                                partitionShare * 100, top.getKey(), 100.0 * top.getValue() / events)));
            }
        }
        return new Judgement(hot, busiest * Math.max(partitionCount, minute.partitions().size()), true);
    }
}

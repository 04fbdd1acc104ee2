-- The live stream resumes a subscriber from its position on bss.events (per partition, the next offset it has not
-- seen): it reads the tenant's stored events of each partition from that offset on, in offset order.
create index events_tenant_partition_offset on events (tenant_id, kafka_partition, kafka_offset);

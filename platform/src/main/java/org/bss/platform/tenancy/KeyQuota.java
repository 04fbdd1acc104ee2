package org.bss.platform.tenancy;

/** An API key's own ingest quota, on top of its tenant's: events per second and burst. */
public record KeyQuota(long rate, long burst) {
}

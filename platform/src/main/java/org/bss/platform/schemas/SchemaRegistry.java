package org.bss.platform.schemas;

import java.util.Optional;
import org.bss.model.schema.DataSchema;

/** The schemas events' data is validated against: the platform's catalog, then each tenant's own types. */
public interface SchemaRegistry {

    /** The latest schema for the type as the tenant sees it; empty when the type has none. */
    Optional<DataSchema> schemaFor(String tenantId, String type);

    SchemaPolicy policy(String tenantId);
}

package org.bss.model.envelope;

import java.util.List;

/** One element of a batch (application/cloudevents-batch+json): an event read, or why it could not be. */
public sealed interface BatchEntry {

    record Read(CloudEvent event) implements BatchEntry {
    }

    record Unreadable(List<Violation> violations) implements BatchEntry {
    }

    /** The element is larger than one event may be. */
    record TooLarge(int bytes) implements BatchEntry {
    }
}

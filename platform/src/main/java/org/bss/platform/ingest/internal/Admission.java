package org.bss.platform.ingest.internal;

import java.util.List;
import org.bss.model.envelope.Violation;
import org.bss.platform.bus.BusEvent;
import org.springframework.http.HttpStatus;

/** What ingest decided about one event, before it goes to Kafka. */
sealed interface Admission {

    record Admitted(BusEvent event, boolean validated) implements Admission {
    }

    /** Refused with the status and problem type the client gets, naming each field that was wrong. */
    record Refused(HttpStatus status, String problemType, String title, String detail, List<Violation> violations)
            implements Admission {
    }
}

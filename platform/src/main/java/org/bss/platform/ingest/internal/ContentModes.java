package org.bss.platform.ingest.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import jakarta.servlet.http.HttpServletRequest;
import org.bss.model.envelope.BatchEntry;
import org.bss.model.envelope.BinaryMode;
import org.bss.model.envelope.CloudEvent;
import org.bss.model.envelope.InvalidEventException;
import org.bss.model.envelope.StructuredFormat;
import org.bss.model.envelope.Violation;
import org.bss.platform.ConditionalOnRole;
import org.bss.platform.Role;
import org.bss.platform.ingest.IngestProperties;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.bss.platform.web.RequestBodies;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;

/**
 * Reads a request in the CloudEvents HTTP binding's content modes: structured (one event as
 * {@code application/cloudevents+json}, or {@code application/json} with no {@code ce-specversion} header),
 * binary ({@code ce-*} headers, body = data) and batch ({@code application/cloudevents-batch+json}), within the
 * size limits.
 */
@Component
@ConditionalOnRole(Role.INGEST)
class ContentModes {

    private static final MediaType STRUCTURED = MediaType.parseMediaType(StructuredFormat.MEDIA_TYPE);
    private static final MediaType BATCH = MediaType.parseMediaType(StructuredFormat.BATCH_MEDIA_TYPE);
    private static final List<MediaType> SUPPORTED = List.of(STRUCTURED, BATCH, MediaType.APPLICATION_JSON);

    private final IngestProperties limits;

    ContentModes(IngestProperties limits) {
        this.limits = limits;
    }

    /** What a request carries: one event, or a batch of entries each read on its own. */
    sealed interface Submission {
    }

    record Single(CloudEvent event) implements Submission {
    }

    /** One event that is not a CloudEvent at all (a structured document that cannot be read as one). */
    record Unreadable(InvalidEventException failure) implements Submission {
    }

    /** At least one entry, at most {@code bss.ingest.max-batch-events}. */
    record Batch(List<BatchEntry> entries) implements Submission {
    }

    Submission read(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        MediaType type = contentType(request);
        if (type != null && type.equalsTypeAndSubtype(BATCH)) {
            return batch(RequestBodies.read(request, limits.maxBatchSize(), "The batch"));
        }
        if (type != null && type.equalsTypeAndSubtype(STRUCTURED)) {
            return structured(RequestBodies.read(request, limits.maxEventSize(), "The event"));
        }
        if (request.getHeader(BinaryMode.SPEC_VERSION_HEADER) != null) {
            byte[] body = RequestBodies.read(request, limits.maxEventSize(), "The event");
            return new Single(BinaryMode.read(Collections.list(request.getHeaderNames()), request::getHeader,
                    request.getContentType(), body));
        }
        if (type != null && type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
            return structured(RequestBodies.read(request, limits.maxEventSize(), "The event"));
        }
        throw new HttpMediaTypeNotSupportedException(type, SUPPORTED);
    }

    private static Submission structured(byte[] document) {
        try {
            return new Single(StructuredFormat.read(document));
        } catch (InvalidEventException e) {
            return new Unreadable(e);
        }
    }

    private Batch batch(byte[] body) {
        List<BatchEntry> entries = StructuredFormat.readBatch(body, (int) limits.maxEventSize().toBytes());
        if (entries.size() > limits.maxBatchEvents()) {
            throw new ProblemException(Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.TOO_LARGE, "Payload too large",
                    "The batch has " + entries.size() + " events; the limit is " + limits.maxBatchEvents() + "."));
        }
        if (entries.isEmpty()) {
            throw new ProblemException(Problems.invalid("The batch is empty.", List.of(Violation.whole("a batch needs at least one event"))));
        }
        return new Batch(entries);
    }

    private static MediaType contentType(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
        String header = request.getContentType();
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException("Content-Type '" + header + "' is not a media type");
        }
    }
}

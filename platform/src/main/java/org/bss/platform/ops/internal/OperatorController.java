package org.bss.platform.ops.internal;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.bss.platform.web.InvalidRequestException;
import org.bss.platform.web.ProblemException;
import org.bss.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What operators watch live (scope admin): consumer lag per group, and this instance's last minutes. */
@RestController
class OperatorController {

    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private static final HttpHeaders RETRY = HttpHeaders.readOnlyHttpHeaders(
            new HttpHeaders(org.springframework.util.MultiValueMap.fromSingleValue(Map.of("Retry-After", "5"))));

    private final ConsumerLag lag;
    private final Throughput throughput;

    OperatorController(ConsumerLag lag, Throughput throughput) {
        this.lag = lag;
        this.throughput = throughput;
    }

    @GetMapping(path = "/api/v1/admin/consumers", produces = MediaType.APPLICATION_JSON_VALUE)
    ConsumerLag.Snapshot consumers() throws InterruptedException {
        try {
            return lag.read();
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                    "Kafka unavailable", "The consumer groups cannot be read now: Kafka did not answer."), RETRY);
        }
    }

    @GetMapping(path = "/api/v1/admin/throughput", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> throughput(@RequestParam(defaultValue = "300") int seconds) {
        if (seconds < 1 || seconds > Throughput.KEPT) {
            throw new InvalidRequestException("seconds must be between 1 and " + Throughput.KEPT);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("instance", INSTANCE);
        body.put("interval", "PT1S");
        body.put("samples", throughput.last(seconds));
        return body;
    }
}

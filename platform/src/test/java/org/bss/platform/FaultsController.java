package org.bss.platform;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test class path only: an endpoint with a bug, as a stand-in for any bug of the platform. */
@RestController
class FaultsController {

    @GetMapping("/api/v1/test-faults/illegal-argument")
    String illegalArgument() {
        throw new IllegalArgumentException("a bug: an argument no client sent");
    }
}

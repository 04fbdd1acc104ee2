package org.bss.platform.web;

import org.springframework.http.HttpStatus;

/** A request the client got wrong (a bad parameter or field): 400, with the detail saying what to change. */
public class InvalidRequestException extends ProblemException {

    public InvalidRequestException(String detail) {
        super(Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Bad request", detail));
    }
}

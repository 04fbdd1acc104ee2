package org.bss.platform.web;

/** A request the client got wrong (a bad parameter or field): 400, with the detail saying what to change. */
public class InvalidRequestException extends ProblemException {

    public InvalidRequestException(String detail) {
        super(Problems.malformed(detail));
    }
}

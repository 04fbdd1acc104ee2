package org.bss.platform.web.internal;

import java.io.IOException;
import java.util.UUID;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's {@code /error}, in place of Spring Boot's: Tomcat forwards here a request that ended with an error
 * status outside the API's handlers (TRACE, a body it could not read, an exception thrown by a filter), and the
 * answer is a problem with that status. Asked for directly, there is nothing here: 404.
 */
@RestController
class ErrorProblems implements ErrorController {

    static final String PATH = "/error";

    private static final Logger log = LoggerFactory.getLogger(ErrorProblems.class);

    private final ProblemWriter problems;

    ErrorProblems(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping(PATH)
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR
                || !(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
            problems.write(response, Problems.ofStatus(404, "There is nothing at " + PATH + "."));
            return;
        }
        if (status < 400) {
            status = 500;
        }
        problems.write(response, problem(request, status));
    }

    private static ProblemDetail problem(HttpServletRequest request, int status) {
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (status >= 500) {
            String errorId = UUID.randomUUID().toString();
            log.error("Unexpected error {}", errorId, (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
            ProblemDetail problem = Problems.ofStatus(status,
                    "The request failed on the platform's side; it has been logged as error " + errorId + ".");
            problem.setProperty("errorId", errorId);
            return problem;
        }
        return switch (status) {
            case 400 -> Problems.ofStatus(status,
                    "The request could not be read: its request line, headers, framing or body are not valid HTTP.");
            case 404 -> Problems.ofStatus(status, "There is nothing at " + path + ".");
            case 405 -> Problems.ofStatus(status, "The method " + request.getMethod() + " is not allowed for " + path + ".");
            default -> Problems.ofStatus(status);
        };
    }
}

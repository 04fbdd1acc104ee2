package org.bss.platform.web.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.Http11Processor;
import org.bss.platform.web.ProblemWriter;
import org.bss.platform.web.Problems;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's answers to requests it refuses before the application sees them (a malformed request line or header, a
 * Content-Length that is not one number, a head over the size limits, an unknown transfer coding or HTTP version,
 * CONNECT) are problems too: its HTML error page is replaced by {@link ProblemReportValve}.
 */
@Configuration(proxyBeanMethods = false)
class TomcatProblemReports {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports(ProblemWriter problems) {
        // Runs after Spring Boot's own customizer, which adds an HTML ErrorReportValve to the host: replaced here.
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemReportValve(problems));
            if (host instanceof StandardHost standardHost) {
                // So that the host, finding a valve of this class, adds no HTML one of its own when it starts.
                standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /**
     * The host's error report as {@code application/problem+json}, with the status Tomcat chose, but for 501 and
     * 505: Tomcat answers an unknown transfer coding, CONNECT and an HTTP version other than 1.0 and 1.1 with those,
     * yet each is a request the client got wrong (RFC 9112 requires 400 for a transfer coding that does not end in
     * chunked, and a request line naming HTTP/2 or a version such as HTTP/1.12 is not a valid message of any version
     * spoken here), so they are 400.
     */
    static final class ProblemReportValve extends ErrorReportValve {

        private final ProblemWriter problems;

        ProblemReportValve(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            if (isHttp09(request)) {
                // An HTTP/0.9 answer has neither status line nor headers, so none could say what went wrong.
                response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
                return;
            }
            super.invoke(request, response);
        }

        /**
         * A request line without a protocol, read as such: Tomcat leaves the protocol empty also when it could not
         * read a request line's protocol, but then it records why, and answers with a status line.
         */
        private static boolean isHttp09(Request request) {
            String protocol = request.getProtocol();
            return (protocol == null || protocol.isEmpty()) && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean();
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null) {
                StaleHttp09.clear(response);
            }
            try {
                problems.write(response, problem(request, status));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client went away, or the response can take no body any more: nothing to answer
            }
        }

        private static ProblemDetail problem(Request request, int status) {
            return switch (status) {
                case 400 -> Problems.malformed("The request is not valid HTTP/1.1: its request line, a header or its "
                        + "framing (Content-Length, Transfer-Encoding, Host) is malformed, or its head is too large.");
                case 501 -> "CONNECT".equals(request.getMethod())
                        ? Problems.malformed("CONNECT is not supported: the platform is not a proxy.")
                        : Problems.malformed("The request's Transfer-Encoding is not supported: send the body with a "
                                + "Content-Length, or chunked alone.");
                case 505 -> Problems.malformed("The request's HTTP version is not supported: send HTTP/1.1.");
                default -> Problems.ofStatus(status);
            };
        }
    }

    /**
     * Tomcat's HTTP/1.1 processor decides whether to answer without a status line and headers (HTTP/0.9) from a flag
     * it sets only once a request line has been read to its protocol, and it hands the same processor to the next
     * connection. A request line it cannot read (a bad byte in the method, a line over the limit) therefore inherited
     * the flag of the processor's previous request: after an HTTP/0.9 request, the 400 problem went out as a bare body.
     * Cleared for every request Tomcat refused with an exception: any of those is answered as HTTP/1.1.
     * The flag is private to Tomcat (11.0), hence reflection; should it change, nothing is cleared and the answer is as
     * Tomcat makes it.
     */
    static final class StaleHttp09 {

        private static final Field HOOK = field(org.apache.coyote.Response.class, "hook");
        private static final Field HTTP09 = field(Http11Processor.class, "http09");

        private StaleHttp09() {
        }

        static void clear(Response response) {
            if (HOOK == null || HTTP09 == null) {
                return;
            }
            try {
                if (HOOK.get(response.getCoyoteResponse()) instanceof Http11Processor processor) {
                    HTTP09.setBoolean(processor, false);
                }
            } catch (IllegalAccessException e) {
                // left as Tomcat has it
            }
        }

        private static Field field(Class<?> type, String name) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException | RuntimeException e) {
                return null;
            }
        }
    }
}

package org.bss.bench.platform;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;

/**
 * The HTTP floor of the end-to-end benchmark: the platform's server stack (embedded Tomcat, NIO, requests on virtual
 * threads, as Spring Boot configures it) with one servlet that reads a POSTed body and answers 202 with a short JSON
 * body, as ingest does, and nothing else: no filters, no dispatch, no parsing. Prints "port N" once it listens, and
 * stops when its standard input closes.
 */
public final class HelloServer {

    private static final byte[] ACCEPTED = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("hello-tomcat").toString());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(0);
        connector.getProtocolHandler().setExecutor(new VirtualThreadExecutor("hello-"));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "hello", new Hello());
        context.addServletMappingDecoded("/*", "hello");
        tomcat.start();
        System.out.println("port " + connector.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the benchmark closes the pipe
        }
        tomcat.stop();
        tomcat.destroy();
    }

    private static final class Hello extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try (InputStream body = request.getInputStream()) {
                body.readAllBytes();
            }
            response.setStatus(202);
            response.setContentType("application/json");
            response.setContentLength(ACCEPTED.length);
            response.getOutputStream().write(ACCEPTED);
        }
    }
}

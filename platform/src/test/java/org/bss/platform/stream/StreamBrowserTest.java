package org.bss.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.Browser;
import org.bss.platform.OtherInstance;
import org.bss.platform.TestTenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The live stream in a real browser: a page of another origin asks the platform for a ticket with its key (a
 * cross-origin fetch), opens the stream with {@code EventSource} and lists each event as it comes. Debian's Chromium
 * through its ChromeDriver; without them the test is skipped, unless {@code BSS_BROWSER_TESTS=required} (as in CI).
 */
@EnabledIf(value = "org.bss.platform.Browser#installedOrRequired", disabledReason = Browser.NO_BROWSER)
class StreamBrowserTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String TYPE = "demo.ping";

    static final String PAGE = """
            <!doctype html>
            <html>
            <head><meta charset="utf-8"><title>connecting</title></head>
            <body>
            <p id="status">asking for a ticket</p>
            <ol id="events"></ol>
            <p id="error"></p>
            <script>
              const params = new URLSearchParams(location.search);
              const platform = params.get('platform');
              const showStatus = message => document.getElementById('status').textContent = message;
              const showError = message => document.getElementById('error').textContent = message;

              fetch(platform + '/api/v1/stream/tickets', {method: 'POST', headers: {'X-API-Key': params.get('key')}})
                .then(answer => answer.ok ? answer.json()
                    : answer.text().then(body => { throw new Error('HTTP ' + answer.status + ' ' + body); }))
                .then(ticket => {
                  showStatus('opening the stream');
                  const stream = new EventSource(platform + ticket.stream);
                  stream.onopen = () => showStatus(document.title = 'live');
                  stream.onerror = () => showError('stream: error, readyState ' + stream.readyState);
                  stream.addEventListener(params.get('type'), message => {
                    const item = document.createElement('li');
                    for (const [name, value] of [['type', message.type], ['id', JSON.parse(message.data).id],
                                                 ['last-event-id', message.lastEventId]]) {
                      const part = document.createElement('span');
                      part.className = name;
                      part.textContent = value;
                      item.append(part, ' ');
                    }
                    document.getElementById('events').append(item);
                  });
                })
                .catch(error => showError('ticket: ' + error));
            </script>
            </body>
            </html>
            """;

    static HttpServer pages;
    static ConfigurableApplicationContext platform;
    static Browser chromium;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pages.createContext("/", StreamBrowserTest::servePage);
        pages.start();
        platform = OtherInstance.start("--bss.stream.allowed-origins=" + pageOrigin("localhost"));
        chromium = Browser.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
            if (pages != null) {
                pages.stop(0);
            }
        }
    }

    private static void servePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    static String pageOrigin(String host) {
        return "http://" + host + ":" + pages.getAddress().getPort();
    }

    static String pageUrl(String host, String key) {
        return pageOrigin(host) + "/?platform=" + encode(OtherInstance.baseUrl(platform)) + "&key=" + encode(key)
                + "&type=" + TYPE;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static List<String> console() {
        return chromium.console();
    }

    static String pageState() {
        return chromium.state();
    }

    static String error() {
        return browser.findElement(By.id("error")).getText();
    }

    static List<WebElement> shownEvents() {
        return browser.findElements(By.cssSelector("#events li"));
    }

    static String part(WebElement event, String name) {
        return event.findElement(By.className(name)).getText();
    }

    @Test
    void aPageOfAnAllowedOriginShowsTheEventsAsTheyAreAccepted() {
        String key = TestTenants.newTenantKey(tenants, "browser");
        browser.get(pageUrl("localhost", key));
        await().atMost(WAIT).failFast("the page shows an error", () -> assertThat(error()).isEmpty())
                .untilAsserted(() -> assertThat(browser.getTitle()).as(StreamBrowserTest::pageState).isEqualTo("live"));

        ApiClient client = new ApiClient(OtherInstance.baseUrl(platform), key);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            ApiClient.Response answer = client.postEvent("""
                    {"specversion":"1.0","type":"%s","source":"/browser-test","id":"%s","subject":"s",\
                    "data":{"n":%d}}""".formatted(TYPE, id, i));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
            sent.add(id);
        }

        await().atMost(WAIT).until(() -> shownEvents().size() >= 3);
        List<WebElement> shown = shownEvents();
        assertThat(shown).as("error: " + error()).hasSize(3);
        assertThat(shown).extracting(event -> part(event, "id")).containsExactlyElementsOf(sent);
        assertThat(shown).extracting(event -> part(event, "type")).containsOnly(TYPE);
        assertThat(shown).extracting(event -> part(event, "last-event-id")).allSatisfy(p -> assertThat(p).isNotBlank());
        assertThat(error()).isEmpty();
    }

    @Test
    void aPageOfAnotherOriginGetsNoTicket() {
        String key = TestTenants.newTenantKey(tenants, "browser-elsewhere");
        // The same page from 127.0.0.1: another origin than the allowed http://localhost:<port>.
        browser.get(pageUrl("127.0.0.1", key));
        await().atMost(WAIT).until(() -> !error().isEmpty());

        assertThat(error()).isEqualTo("ticket: TypeError: Failed to fetch");
        assertThat(browser.getTitle()).isNotEqualTo("live");
        assertThat(console()).anySatisfy(message -> assertThat(message)
                .contains("from origin '" + pageOrigin("127.0.0.1") + "' has been blocked by CORS policy"));
    }
}

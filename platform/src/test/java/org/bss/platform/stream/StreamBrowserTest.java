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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.OtherInstance;
import org.bss.platform.TestTenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The live stream in a real browser: a page of another origin asks the platform for a ticket with its key (a
 * cross-origin fetch), opens the stream with {@code EventSource} and lists each event as it comes. Debian's Chromium
 * through its ChromeDriver; without them the test is skipped, unless {@code BSS_BROWSER_TESTS=required} (as in CI).
 */
@EnabledIf(value = "browserOrRequired", disabledReason = StreamBrowserTest.NO_BROWSER)
class StreamBrowserTest extends ApiTest {

    static final String NO_BROWSER = "no /usr/bin/chromium and /usr/bin/chromedriver: install Debian's Chromium and"
            + " ChromeDriver with 'apt-get install chromium chromium-driver'";

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
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

    static final List<String> CONSOLE = new ArrayList<>();
    static HttpServer pages;
    static ConfigurableApplicationContext platform;
    static Path profile;
    static ChromeDriver browser;

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Without the browser the test is skipped, unless BSS_BROWSER_TESTS=required; then it fails. (A condition rather
     * than an assumption in {@code @BeforeAll}: Surefire reports such an aborted class as no tests, without the reason.)
     */
    static boolean browserOrRequired() {
        return browserInstalled() || "required".equals(System.getenv("BSS_BROWSER_TESTS"));
    }

    @BeforeAll
    static void start() throws IOException {
        assertThat(browserInstalled()).as(NO_BROWSER + " (BSS_BROWSER_TESTS=required)").isTrue();

        pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pages.createContext("/", StreamBrowserTest::servePage);
        pages.start();
        platform = OtherInstance.start("--bss.stream.allowed-origins=" + pageOrigin("localhost"));

        profile = Files.createTempDirectory("chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        LoggingPreferences console = new LoggingPreferences();
        console.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", console);
        // The driver named here, so that Selenium Manager never looks for one to download.
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
            if (pages != null) {
                pages.stop(0);
            }
            if (profile != null) {
                FileSystemUtils.deleteRecursively(profile);
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

    /** The browser's console messages so far (the driver hands each one out once). */
    static List<String> console() {
        browser.manage().logs().get(LogType.BROWSER).forEach(entry -> CONSOLE.add(entry.getMessage()));
        return CONSOLE;
    }

    /** What the page shows and what the browser logged, for a failure's message. */
    static String pageState() {
        return browser.findElement(By.tagName("body")).getText() + "\nconsole: " + console();
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

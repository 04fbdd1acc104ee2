package org.bss.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's headless Chromium through its ChromeDriver, for the tests that drive a real browser. Without them such a
 * test is skipped, unless {@code BSS_BROWSER_TESTS=required} (as in CI); name {@link #installedOrRequired()} in
 * {@code @EnabledIf("org.bss.platform.Browser#installedOrRequired")}.
 */
public final class Browser implements AutoCloseable {

    public static final String NO_BROWSER = "no /usr/bin/chromium and /usr/bin/chromedriver: install Debian's Chromium"
            + " and ChromeDriver with 'apt-get install chromium chromium-driver'";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> console = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Without the browser a test is skipped, unless BSS_BROWSER_TESTS=required; then it fails. (A condition rather
     * than an assumption in {@code @BeforeAll}: Surefire reports such an aborted class as no tests, without the reason.)
     */
    public static boolean installedOrRequired() {
        return installed() || "required".equals(System.getenv("BSS_BROWSER_TESTS"));
    }

    /** A fresh browser with a profile of its own, its console logged; fails (rather than skips) without one. */
    public static Browser start() {
        if (!installed()) {
            throw new IllegalStateException(NO_BROWSER + " (BSS_BROWSER_TESTS=required)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver named here, so that Selenium Manager never looks for one to download.
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        return new Browser(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The page's viewport set to exactly this size (what a screenshot then holds). */
    public void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** A PNG of the viewport, written to this file (replacing it). */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser's console messages so far (the driver hands each one out once). */
    public List<String> console() {
        driver.manage().logs().get(LogType.BROWSER).forEach(entry -> console.add(entry.getMessage()));
        return console;
    }

    /**
     * Waits until the condition holds on the page (a value not null, false or empty) and gives that value; on time
     * out, the assertion error shows the page's state.
     */
    public <T> T until(Function<WebDriver, T> condition, Duration wait) {
        AtomicReference<T> result = new AtomicReference<>();
        try {
            Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                    .until(() -> {
                        T value = condition.apply(driver);
                        if (value == null || Boolean.FALSE.equals(value) || "".equals(value)) {
                            return false;
                        }
                        result.set(value);
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nthe page:\n" + state(), e);
        }
        return result.get();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The text of the first element the selector finds, "" when there is none. */
    public String text(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.getFirst().getText();
    }

    public boolean shown(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /** What the page shows and what the browser logged, for a failure's message. */
    public String state() {
        return driver.getCurrentUrl() + "\n" + driver.findElement(By.tagName("body")).getText() + "\nconsole: " + console();
    }

    /** A browser with a viewport of this size for the tests of a class: {@code @RegisterExtension static final}. */
    public static PerClass perClass(int width, int height) {
        return new PerClass(width, height);
    }

    /** Starts the browser before the class's first test, closes it after its last. */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private final int width;
        private final int height;
        private Browser browser;

        private PerClass(int width, int height) {
            this.width = width;
            this.height = height;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            browser = start();
            browser.viewport(width, height);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (browser != null) {
                browser.close();
                browser = null;
            }
        }

        public Browser get() {
            return browser;
        }

        public ChromeDriver driver() {
            return browser.driver();
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }
}

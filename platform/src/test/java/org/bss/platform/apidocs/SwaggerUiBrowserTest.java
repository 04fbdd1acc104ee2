package org.bss.platform.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * Swagger UI in a real browser (Debian's Chromium through its ChromeDriver) shows the document: one block per
 * operation, and no error of its own parser. Skipped without the browser, unless {@code BSS_BROWSER_TESTS=required}.
 */
@EnabledIf(value = "browserOrRequired", disabledReason = "no /usr/bin/chromium and /usr/bin/chromedriver: install"
        + " Debian's Chromium and ChromeDriver with 'apt-get install chromium chromium-driver'")
class SwaggerUiBrowserTest extends ApiTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static Path profile;
    static ChromeDriver browser;

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static boolean browserOrRequired() {
        return browserInstalled() || "required".equals(System.getenv("BSS_BROWSER_TESTS"));
    }

    @BeforeAll
    static void start() throws IOException {
        assertThat(browserInstalled()).as("Chromium and ChromeDriver (BSS_BROWSER_TESTS=required)").isTrue();
        profile = Files.createTempDirectory("chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,2000",
                "--user-data-dir=" + profile);
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
            if (profile != null) {
                FileSystemUtils.deleteRecursively(profile);
            }
        }
    }

    @Test
    void swaggerUiShowsEveryOperationOfTheDocument() throws IOException {
        int operations = OpenApiDocument.load().operations().size();
        browser.get("http://localhost:" + port + "/swagger-ui.html");
        await().atMost(Duration.ofSeconds(60)).until(() -> browser.findElements(By.cssSelector(".opblock")).size() == operations);
        Files.write(Path.of("target", "swagger-ui.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertThat(browser.findElements(By.cssSelector(".errors-wrapper"))).as("Swagger UI's parser errors").isEmpty();
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("BSS Event Platform API");
    }
}

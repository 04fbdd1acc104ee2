package org.bss.platform.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.bss.platform.ApiTest;
import org.bss.platform.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Swagger UI in a real browser (Debian's Chromium through its ChromeDriver) shows the document: one block per
 * operation, and no error of its own parser. Skipped without the browser, unless {@code BSS_BROWSER_TESTS=required}.
 */
@EnabledIf(value = "org.bss.platform.Browser#installedOrRequired", disabledReason = Browser.NO_BROWSER)
class SwaggerUiBrowserTest extends ApiTest {

    @RegisterExtension
    static final Browser.PerClass CHROMIUM = Browser.perClass(1280, 2000);

    @Test
    void swaggerUiShowsEveryOperationOfTheDocument() throws IOException {
        Browser browser = CHROMIUM.get();
        int operations = OpenApiDocument.load().operations().size();
        browser.driver().get("http://localhost:" + port + "/swagger-ui.html");
        browser.until(driver -> driver.findElements(By.cssSelector(".opblock")).size() == operations, Duration.ofSeconds(60));
        browser.screenshot(Path.of("target", "swagger-ui.png"));
        assertThat(browser.driver().findElements(By.cssSelector(".errors-wrapper"))).as("Swagger UI's parser errors").isEmpty();
        assertThat(browser.text(".info .title")).contains("BSS Event Platform API");
    }
}

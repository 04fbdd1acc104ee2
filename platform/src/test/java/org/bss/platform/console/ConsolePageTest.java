package org.bss.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The console's files are served to anyone, without a credential; the data behind them is not. */
class ConsolePageTest extends ApiTest {

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageItsModulesAndItsChartsAreServedWithoutCredentials() throws Exception {
        HttpResponse<String> redirect = get("/console");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/"));

        HttpResponse<String> page = get("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");

        for (String path : new String[] {"/console/app.js", "/console/api.js", "/console/pages/overview.js",
                "/console/console.css", "/webjars/uplot/dist/uPlot.esm.js", "/webjars/uplot/dist/uPlot.min.css"}) {
            HttpResponse<String> file = get(path);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get("/console/app.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    }

    @Test
    void itsConfigurationSaysTheVersionTheRefreshAndNoProvider() throws Exception {
        HttpResponse<String> config = get("/console/config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        JsonNode json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(config.body());
        assertThat(json.get("version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(json.get("refreshMillis").asLong()).isEqualTo(2000);
        assertThat(json.get("windowSeconds").asLong()).isEqualTo(300);
        assertThat(json.get("tailRows").asInt()).isEqualTo(300);
        assertThat(json.get("oidc").isNull()).as("no provider configured: API keys only").isTrue();
    }

    @Test
    void theCallsThePageMakesStillNeedTheOperatorsCredential() {
        ApiClient anonymous = client(null);
        assertThat(anonymous.get("/api/v1/admin/tenants").status()).isEqualTo(401);
        assertThat(get404("/console/no-such-file.js")).isEqualTo(404);
    }

    int get404(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

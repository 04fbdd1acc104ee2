package org.bss.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import java.util.function.Function;
import org.bss.platform.ApiClient;
import org.bss.platform.Browser;
import org.bss.platform.OtherInstance;
import org.bss.platform.console.TestIdentityProvider.Login;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in to the console with an OpenID Connect provider, in a real browser: a platform instance that trusts the test
 * provider's tokens and offers it on the login page; the browser goes to the provider and back (Authorization Code
 * with PKCE), the console exchanges the code and calls the API with the access token. An admin lands on the page she
 * opened and tails a tenant's stream; a user without the admin scope sees the platform's 403; an answer whose state is
 * not the tab's is refused before its code is used; log out signs out at the provider too; a token the platform stops
 * accepting ends the session with a message.
 */
@EnabledIf(value = "org.bss.platform.Browser#installedOrRequired", disabledReason = Browser.NO_BROWSER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleOidcBrowserTest {

    static final String CLIENT = "bss-console";
    static final String AUDIENCE = "bss-platform";
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    @Order(1)
    static final TestIdentityProvider PROVIDER = new TestIdentityProvider(CLIENT, AUDIENCE);

    @RegisterExtension
    @Order(2)
    static final OtherInstance.PerClass PLATFORM = OtherInstance.perClass("--bss.roles=ingest,stream",
            "--bss.security.jwt.issuers[0].issuer=" + PROVIDER.issuer(),
            "--bss.security.jwt.issuers[0].audience=" + AUDIENCE,
            "--bss.console.oidc-issuer=" + PROVIDER.issuer(),
            "--bss.console.oidc-client-id=" + CLIENT);

    @RegisterExtension
    @Order(3)
    static final Browser.PerClass CHROMIUM = Browser.perClass(1280, 800);

    @BeforeAll
    static void start() {
        PROVIDER.registerRedirect(PLATFORM.baseUrl() + "/console/");
    }

    static String url(String path) {
        return PLATFORM.baseUrl() + path;
    }

    /** Waits until the condition holds (a value not null, false or empty), and gives that value. */
    static <T> T until(Function<WebDriver, T> condition) {
        return until(condition, WAIT);
    }

    static <T> T until(Function<WebDriver, T> condition, Duration wait) {
        return CHROMIUM.get().until(condition, wait);
    }

    static WebElement find(String css) {
        return CHROMIUM.get().find(css);
    }

    static String text(String css) {
        return CHROMIUM.get().text(css);
    }

    static boolean shown(String css) {
        return CHROMIUM.get().shown(css);
    }

    static Object stored(String item) {
        return CHROMIUM.driver().executeScript("return sessionStorage.getItem(arguments[0])", item);
    }

    /** The login page of a tab with no credential, at this hash. */
    static void signedOut(String hash) {
        CHROMIUM.driver().get(url("/console/"));
        CHROMIUM.driver().executeScript("sessionStorage.clear()");
        CHROMIUM.driver().get(url("/console/" + hash));
        until(d -> shown("#oidc-login"));
    }

    @Test
    @Order(1)
    void theConfigurationOffersTheProvider() {
        JsonNode oidc = new ApiClient(PLATFORM.baseUrl(), null).get("/console/config.json").json().get("oidc");

        assertThat(oidc.get("issuer").asString()).isEqualTo(PROVIDER.issuer());
        assertThat(oidc.get("clientId").asString()).isEqualTo(CLIENT);
        assertThat(oidc.get("scope").asString()).isEqualTo("openid admin");
    }

    @Test
    @Order(2)
    void anAdminSignsInAtTheProviderAndLandsOnThePageSheOpened() {
        PROVIDER.nextLogin(new Login("openid admin", Duration.ofMinutes(5), false));
        signedOut("#/tenants");
        assertThat(text("#oidc-login")).isEqualTo("Sign in with " + PROVIDER.issuer());
        assertThat(shown("#login-form")).as("the admin key still works beside it").isTrue();
        CHROMIUM.driver().executeScript("window.scrollTo(0, 0)");
        CHROMIUM.get().screenshot(ConsoleBrowserTest.SCREENSHOTS.resolve("login-oidc.png"));
        int issued = PROVIDER.tokensIssued();

        find("#oidc-login").click();

        until(d -> shown("#tenants tr[data-tenant='" + Tenants.PLATFORM_TENANT + "']"));
        assertThat(CHROMIUM.driver().getCurrentUrl()).as("the code is gone from the address").isEqualTo(url("/console/#/tenants"));
        assertThat(PROVIDER.tokensIssued()).isEqualTo(issued + 1);
        assertThat(text("#who")).isEqualTo(TestIdentityProvider.USER_NAME + " · " + PROVIDER.issuer());
        assertThat(stored("bss.console.apiKey")).isNull();
        assertThat((String) CHROMIUM.driver().executeScript("return JSON.parse(sessionStorage.getItem('bss.console.token')).bearer"))
                .startsWith("ey");
        assertThat(stored("bss.console.oidc.pending")).as("used once").isNull();
    }

    @Test
    @Order(3)
    void theLiveTailGetsItsTicketWithTheToken() {
        Tenants tenants = PLATFORM.context().getBean(Tenants.class);
        String tenant = "oidc-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.create(tenant, "OIDC tail");
        ApiClient writer = PLATFORM.client(tenants.issueKey(tenant, EnumSet.of(Scope.EVENTS_WRITE), null).secret());

        CHROMIUM.driver().get(url("/console/#/tail?tenant=" + tenant));
        until(d -> text("#tail-status").equals("live"));
        String id = "oidc-" + UUID.randomUUID();
        assertThat(writer.postEvent("""
                {"specversion":"1.0","type":"acme.ping","source":"/oidc","id":"%s","data":{"n":1}}""".formatted(id))
                .status()).isEqualTo(202);
        until(d -> shown("#tail-events tr[data-id='" + id + "']"));
        find("#tail-stop").click();
        until(d -> text("#tail-status").equals("stopped"));
    }

    @Test
    @Order(4)
    void logOutForgetsTheTokenAndSignsOutAtTheProvider() {
        CHROMIUM.driver().get(url("/console/#/tenants"));
        until(d -> shown("#page-tenants"));
        int signOuts = PROVIDER.signOuts();

        find("#logout").click();

        until(d -> shown("#oidc-login"));
        assertThat(PROVIDER.signOuts()).isEqualTo(signOuts + 1);
        assertThat(CHROMIUM.driver().getCurrentUrl()).isEqualTo(url("/console/"));
        assertThat(stored("bss.console.token")).isNull();
        assertThat(text("#who")).isEmpty();
        assertThat(shown("#nav a")).isFalse();
    }

    @Test
    @Order(5)
    void aUserWithoutTheAdminScopeSeesThePlatformsForbidden() {
        PROVIDER.nextLogin(new Login("openid events:read", Duration.ofMinutes(5), false));
        signedOut("#/tenants");

        find("#oidc-login").click();

        until(d -> text(".problem-title").equals("Forbidden"));
        assertThat(text(".problem")).contains("403");
        assertThat(text(".problem-detail")).contains("scope");
        assertThat(shown("#page-login")).isTrue();
        assertThat(shown("#page-tenants")).isFalse();
        assertThat(stored("bss.console.token")).isNull();
        assertThat(CHROMIUM.driver().getCurrentUrl()).doesNotContain("code=");
    }

    @Test
    @Order(6)
    void anAnswerWithAnotherStateIsRefusedAndItsCodeNeverUsed() {
        PROVIDER.nextLogin(new Login("openid admin", Duration.ofMinutes(5), true));
        signedOut("#/tenants");
        int issued = PROVIDER.tokensIssued();

        find("#oidc-login").click();

        until(d -> text(".problem-title").equals("Sign-in refused"));
        assertThat(text(".problem-detail")).contains("state does not match");
        assertThat(PROVIDER.tokensIssued()).as("the code was not exchanged").isEqualTo(issued);
        assertThat(stored("bss.console.token")).isNull();
        assertThat(CHROMIUM.driver().getCurrentUrl()).doesNotContain("code=");

        // A link with someone's code, in a tab that started no sign-in.
        CHROMIUM.driver().executeScript("sessionStorage.clear()");
        CHROMIUM.driver().get(url("/console/?code=someone-elses&state=guessed#/tenants"));
        until(d -> text(".problem-title").equals("Sign-in refused"));
        assertThat(CHROMIUM.driver().getCurrentUrl()).isEqualTo(url("/console/#/tenants"));
        assertThat(PROVIDER.tokensIssued()).isEqualTo(issued);
        assertThat(stored("bss.console.token")).isNull();
    }

    @Test
    @Order(7)
    void aTokenThePlatformStopsAcceptingEndsTheSessionWithAMessage() {
        // The platform allows 60 s of clock skew: a token whose exp is now is taken for 60 s more (time enough to sign
        // in on a busy machine), then 401.
        PROVIDER.nextLogin(new Login("openid admin", Duration.ZERO, false));
        signedOut("#/overview");

        find("#oidc-login").click();

        until(d -> shown("#page-overview"));
        assertThat(text("#who")).startsWith(TestIdentityProvider.USER_NAME);
        // The overview asks every 2 s; the first answer 401 (within the skew's minute) ends the session.
        until(d -> text(".problem-title").equals("Signed out"), WAIT.plusSeconds(90));
        assertThat(text(".problem-detail")).contains(PROVIDER.issuer()).contains("expired");
        assertThat(shown("#oidc-login")).isTrue();
        assertThat(shown("#page-overview")).isFalse();
        assertThat(stored("bss.console.token")).isNull();
        assertThat(CHROMIUM.get().console()).noneMatch(message -> message.contains("Uncaught"));
    }
}

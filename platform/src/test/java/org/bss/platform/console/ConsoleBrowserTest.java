package org.bss.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.bss.platform.ApiClient;
import org.bss.platform.ApiTest;
import org.bss.platform.Browser;
import org.bss.platform.Repository;
import org.bss.platform.tenancy.Scope;
import org.bss.platform.tenancy.Tenants;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The operator console in a real browser against the running platform, as an operator goes through it: logs in with
 * the admin key, creates a tenant and a key (reading the secret off the page), finds the event sent with it in the
 * explorer, sees one arrive in the live tail, redrives a dead letter, starts and cancels a replay, and finds it all in
 * the audit. Each page's screenshot (1280x800) is written to {@code target/console/}, or to {@code docs/console/}
 * with {@code -Dbss.screenshots=docs} (so that a test run leaves the committed ones alone). The steps build on each other, in
 * order, in one tenant of their own.
 */
@EnabledIf(value = "org.bss.platform.Browser#installedOrRequired", disabledReason = Browser.NO_BROWSER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends ApiTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Path SCREENSHOTS = "docs".equals(System.getProperty("bss.screenshots"))
            ? Repository.root().resolve("docs/console") : Path.of("target/console");

    @RegisterExtension
    static final Browser.PerClass CHROMIUM = Browser.perClass(1280, 800);
    static String adminKey;
    static String tenant = "console-" + UUID.randomUUID().toString().substring(0, 8);
    static String secret;
    static String eventId = "evt-" + UUID.randomUUID();
    static String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
    static String deadLetter;

    @Autowired
    JdbcClient jdbc;

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Opens a page of the console by its hash and waits until it is shown. */
    void open(String hash) {
        String target = url("/console/#/" + hash);
        if (CHROMIUM.driver().getCurrentUrl().equals(target)) {
            CHROMIUM.driver().navigate().refresh(); // the same hash again would not show the page anew
        } else {
            CHROMIUM.driver().get(target);
        }
        String page = hash.contains("?") ? hash.substring(0, hash.indexOf('?')) : hash;
        until(d -> !d.findElements(By.id("page-" + page)).isEmpty());
    }

    /** Waits until the condition holds (a value not null, false or empty), and gives that value. */
    <T> T until(Function<WebDriver, T> condition) {
        return CHROMIUM.get().until(condition, WAIT);
    }

    WebElement find(String css) {
        return CHROMIUM.get().find(css);
    }

    String text(String css) {
        return CHROMIUM.get().text(css);
    }

    void type(String css, String value) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(value);
    }

    void screenshot(String page) {
        CHROMIUM.driver().executeScript("window.scrollTo(0, 0)");
        CHROMIUM.get().screenshot(SCREENSHOTS.resolve(page + ".png"));
    }

    ApiClient tenantClient() {
        return client(secret);
    }

    static String customerEvent(String id, String source, String customer) {
        return """
                {"specversion":"1.0","type":"customer.created","source":"%s","id":"%s","subject":"customer/%s",
                 "time":"%s","data":{"customer_id":"%s","first_name":"Ana","last_name":"Lima"}}"""
                .formatted(source, id, customer, java.time.Instant.now(), customer);
    }

    void login(String key) {
        type("#api-key", key);
        find("#login").click();
    }

    @Test
    @Order(1)
    void theConsoleLogsInWithAnAdminKeyOnlyAndLogsOut() {
        tenants.create(Tenants.PLATFORM_TENANT, "Platform operators");
        adminKey = tenants.issueKey(Tenants.PLATFORM_TENANT, EnumSet.of(Scope.ADMIN), null).secret();
        String tenantKey = org.bss.platform.TestTenants.newTenantKey(tenants, "console-reader");

        CHROMIUM.driver().get(url("/console"));
        until(d -> !d.findElements(By.id("login-form")).isEmpty());
        assertThat(CHROMIUM.driver().getCurrentUrl()).isEqualTo(url("/console/"));
        screenshot("login");

        login("bss_not-a-key-of-anyone");
        until(d -> text(".problem-title").equals("Unauthenticated"));
        login(tenantKey);
        until(d -> text(".problem-title").equals("Forbidden"));
        assertThat(text(".problem-detail")).contains("scope");
        assertThat(CHROMIUM.driver().findElements(By.id("page-overview"))).isEmpty();

        login(adminKey);
        until(d -> !d.findElements(By.id("page-overview")).isEmpty());
        assertThat(CHROMIUM.driver().executeScript("return sessionStorage.getItem('bss.console.apiKey')")).isEqualTo(adminKey);

        find("#logout").click();
        until(d -> !d.findElements(By.id("login-form")).isEmpty());
        assertThat(CHROMIUM.driver().executeScript("return sessionStorage.getItem('bss.console.apiKey')")).isNull();
        login(adminKey);
        until(d -> !d.findElements(By.id("page-overview")).isEmpty());
    }

    @Test
    @Order(2)
    void anOperatorCreatesATenantAndIssuesAKeyWhoseSecretIsShownOnceAndWorks() {
        open("tenants");
        type("#create-tenant [name=tenantId]", tenant);
        type("#create-tenant [name=name]", "Console Telecom");
        find("#create-tenant button[type=submit]").click();
        until(d -> text("#tenant-panel h2").contains(tenant));
        assertThat(text("#tenants tr[data-tenant='" + tenant + "']")).contains("Console Telecom").contains("active");

        type("#quota [name=quotaRate]", "100");
        type("#quota [name=quotaBurst]", "200");
        type("#quota [name=retentionDays]", "7");
        find("#quota button[type=submit]").click();
        until(d -> text(".notice").contains("Quotas of " + tenant + " saved"));
        assertThat(CHROMIUM.driver().findElements(By.cssSelector("#tenants tr[data-tenant='" + tenant + "'] td.num"))
                .stream().map(WebElement::getText).toList()).containsExactly("100", "200", "7");
        type("#quota [name=retentionDays]", "0");
        find("#quota button[type=submit]").click();
        until(d -> text(".problem-title").equals("Bad request"));
        assertThat(text(".problem-detail")).contains("retentionDays");

        // The same id again: the platform's problem, on the page.
        type("#create-tenant [name=tenantId]", tenant);
        find("#create-tenant button[type=submit]").click();
        until(d -> text(".problem-title").equals("Conflict"));
        assertThat(text(".problem-detail")).contains(tenant);

        find("#issue-key [name=rate]").sendKeys("500");
        find("#issue-key button[type=submit]").click();
        secret = until(d -> text("#new-secret .value")).strip();
        assertThat(secret).startsWith("bss_");
        until(d -> d.findElements(By.cssSelector("#keys tr[data-key]")).size() == 1);
        assertThat(text("#keys tr[data-key]")).contains(secret.substring(0, 10)).contains("events:write").contains("events:read")
                .contains("500/s");
        screenshot("tenants");

        ApiClient.Response accepted = tenantClient().postEvent(customerEvent(eventId, "/console-test", customer));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);

        // Shown once: the tenant's page again has no secret on it.
        open("tenants?tenant=" + tenant);
        until(d -> text("#tenant-panel h2").contains(tenant));
        assertThat(CHROMIUM.driver().findElements(By.id("new-secret"))).isEmpty();
        assertThat(CHROMIUM.driver().getPageSource()).doesNotContain(secret);
    }

    @Test
    @Order(3)
    void theExplorerFindsTheEventShowsItWholeAndTheCustomerItMade() {
        open("events?tenant=" + tenant + "&id=" + eventId);
        String row = "#events tr[data-id='" + eventId + "']";
        until(d -> {
            if (d.findElements(By.cssSelector(row)).isEmpty()) {
                find("#event-filters button[type=submit]").click(); // stored a moment after it was accepted
                return false;
            }
            return true;
        });
        assertThat(text(row)).contains("customer.created").contains("customer/" + customer).contains("/console-test");
        find(row).click();
        until(d -> text("#event-json").contains("\"first_name\": \"Ana\""));
        assertThat(text("#event-json")).contains("\"id\": \"" + eventId + "\"").contains("\"tenantid\": \"" + tenant + "\"");

        find("[data-customer]").click();
        until(d -> {
            if (!text("#customer-state").contains("Lima")) {
                find("#customer-now").click(); // the read model follows the store by a moment
                return false;
            }
            return true;
        });
        // As of an instant before it existed: the platform's 404, on the page; its history up to then is empty.
        type("#customer [name=asOf]", "2001-01-01T00:00:00Z");
        find("#customer-as-of").click();
        until(d -> text(".problem-title").equals("Not found"));
        assertThat(text(".problem-detail")).contains(customer);
        find("#customer-history").click();
        until(d -> text("#customer-view h3").contains("up to 2001-01-01T00:00:00Z"));
        assertThat(CHROMIUM.driver().findElements(By.cssSelector("#customer-events tbody tr"))).isEmpty();
        assertThat(CHROMIUM.driver().findElements(By.cssSelector(".problem"))).isEmpty();

        type("#customer [name=asOf]", java.time.Instant.now().toString());
        find("#customer-as-of").click();
        until(d -> text("#customer-view h3").contains("as of") && text("#customer-state").contains("Lima"));
        find("#customer [name=asOf]").clear();
        find("#customer-history").click();
        until(d -> text("#customer-events").contains(eventId));
        find(row).click();
        screenshot("events");

        type("#event-filters [name=from]", "yesterday");
        find("#event-filters button[type=submit]").click();
        until(d -> text(".problem-title").equals("Bad request"));
        assertThat(text(".problem-detail")).contains("from must be an RFC 3339 timestamp");
    }

    @Test
    @Order(4)
    void theLiveTailShowsAnEventAsItIsAccepted() {
        open("tail?tenant=" + tenant);
        until(d -> text("#tail-status").equals("live"));
        String id = "tail-" + UUID.randomUUID();
        assertThat(tenantClient().postEvent(customerEvent(id, "/console-tail", customer)).status()).isEqualTo(202);
        until(d -> !d.findElements(By.cssSelector("#tail-events tr[data-id='" + id + "']")).isEmpty());
        assertThat(text("#tail-events tbody tr")).contains(id).contains("customer.created");

        find("#tail-pause").click();
        until(d -> text("#tail-status").equals("paused"));
        String held = "tail-" + UUID.randomUUID();
        assertThat(tenantClient().postEvent(customerEvent(held, "/console-tail", customer)).status()).isEqualTo(202);
        until(d -> text("#tail-count").contains("1 held"));
        assertThat(CHROMIUM.driver().findElements(By.cssSelector("#tail-events tr[data-id='" + held + "']"))).isEmpty();
        find("#tail-pause").click();
        until(d -> !d.findElements(By.cssSelector("#tail-events tr[data-id='" + held + "']")).isEmpty());
        assertThat(text("#tail-events tbody tr")).contains(held); // the newest on top
        screenshot("tail");
        find("#tail-clear").click();
        until(d -> d.findElements(By.cssSelector("#tail-events tr[data-id]")).isEmpty());
        find("#tail-stop").click();
        until(d -> text("#tail-status").equals("stopped"));
    }

    @Test
    @Order(5)
    void aDeadLetterIsRedrivenFromItsPageAndItsStatusChanges() {
        String source = "/console-refused";
        String trigger = "refuse_" + UUID.randomUUID().toString().substring(0, 8);
        // PostgreSQL refuses this source's rows, as real bad data would: the store dead-letters the event.
        jdbc.sql("create or replace function " + trigger + "() returns trigger language plpgsql as $$ begin"
                + " if new.source = '" + source + "' then raise exception 'refused by the console test' using errcode = '23514';"
                + " end if; return new; end $$").update();
        jdbc.sql("create trigger " + trigger + " before insert on events for each row execute function " + trigger + "()").update();
        try {
            assertThat(tenantClient().postEvent(customerEvent("dl-1", source, customer)).status()).isEqualTo(202);
            open("dead-letters?tenant=" + tenant);
            String row = "#dl-groups tr[data-id]";
            until(d -> {
                if (d.findElements(By.cssSelector(row)).isEmpty()) {
                    find("#dl-filters button[type=submit]").click();
                    return false;
                }
                return true;
            });
            assertThat(text(".dl-group h3")).contains("store").contains("constraint-violation");
            deadLetter = find(row).getAttribute("data-id");
            find(row + " td:nth-child(2)").click();
            until(d -> text("#dl-status").equals("dead"));
            assertThat(text("#dead-letter")).contains("refused by the console test").contains(source);
            screenshot("dead-letters");
        } finally {
            jdbc.sql("drop trigger if exists " + trigger + " on events").update();
            jdbc.sql("drop function if exists " + trigger + "()").update();
        }

        find("#dl-groups input[name=select]").click();
        until(d -> d.findElement(By.id("redrive-selected")).isEnabled());
        find("#redrive-selected").click();
        until(d -> text("#dl-status").equals("redriven"));
        assertThat(text(".notice")).contains("1 redriven");
        assertThat(text("#dl-none")).contains("No dead letters of " + tenant);
        await().atMost(WAIT).until(() -> tenantClient().get("/api/v1/events?source=" + source).body().contains("dl-1"));
    }

    @Test
    @Order(6)
    void aReplayIsStartedAndCancelledAndTheListFollowsItsState() {
        String batch = IntStream.range(0, 30).mapToObj(n -> customerEvent("r-" + n, "/console-replay", customer))
                .reduce((a, b) -> a + "," + b).orElseThrow();
        assertThat(tenantClient().post("/api/v1/events", "application/cloudevents-batch+json", "[" + batch + "]").status())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> tenantClient().get("/api/v1/events?limit=100&source=/console-replay").json()
                .get("events").size() == 30);

        open("replays?new=1");
        until(d -> !d.findElements(By.cssSelector("#replay-tenant option[value='" + tenant + "']")).isEmpty());
        find("#replay-tenant option[value='" + tenant + "']").click();
        type("#start-replay [name=topic]", "console-replay-" + UUID.randomUUID());
        type("#start-replay [name=speed]", "1/s"); // slow enough to be cancelled while it runs
        type("#start-replay [name=sources]", "/console-replay");
        find("#start-replay button[type=submit]").click();
        String id = until(d -> d.getCurrentUrl().contains("id=") ? d.getCurrentUrl().replaceAll(".*id=", "") : null);
        String row = "#replays tr[data-replay='" + id + "']";
        until(d -> text(row + " .state").equals("running"));
        assertThat(text(row)).contains(tenant).contains("1/s");
        screenshot("replays");

        find(row + " [data-action=cancel]").click();
        until(d -> text(row + " .state").equals("cancelled"));
        assertThat(CHROMIUM.driver().findElements(By.cssSelector(row + " [data-action]"))).isEmpty();

        // A job's own mistakes are the platform's problem on the page.
        type("#start-replay [name=speed]", "fast");
        find("#start-replay button[type=submit]").click();
        until(d -> text(".problem-title").equals("Bad request"));
        assertThat(text(".problem-detail")).startsWith("speed:");
    }

    @Test
    @Order(7)
    void theAuditShowsWhatWasDoneInTheConsole() {
        open("audit?tenantId=" + tenant);
        until(d -> d.findElements(By.cssSelector("#audit tr[data-action]")).size() >= 5);
        List<String> actions = CHROMIUM.driver().findElements(By.cssSelector("#audit tr[data-action] .action")).stream()
                .map(WebElement::getText).toList();
        assertThat(actions).contains("tenant.created", "tenant.updated", "key.issued", "key.quota.set", "replay.created",
                "replay.cancelled");
        assertThat(text("#audit")).contains("platform/").doesNotContain(secret);
        screenshot("audit");

        // A redrive of chosen ids is no one tenant's: it is in the whole audit, with the ids.
        find("#audit-filters [name=tenantId]").clear();
        find("#audit-filters button[type=submit]").click();
        until(d -> d.findElements(By.cssSelector("#audit tr[data-action='dead-letters.redriven']")).stream()
                .anyMatch(row -> row.getText().contains(deadLetter)));
    }

    @Test
    @Order(8)
    void theOverviewAndTheAlertsShowTheirFigures() {
        open("alerts?tenant=" + tenant);
        until(d -> !d.findElements(By.cssSelector("#figures-table tr[data-metric='events']")).isEmpty());
        screenshot("alerts");

        open("overview");
        until(d -> text("#health-status").equals("UP"));
        screenshot("overview");
        assertThat(CHROMIUM.get().console()).noneMatch(message -> message.contains("Uncaught"));
    }

    @Test
    @Order(9)
    void theExplorerTurnsPagesAndATenantIsDisabledEnabledAndItsKeyRevoked() {
        // The replay's 30 events, 20 a page.
        open("events?tenant=" + tenant + "&source=/console-replay&limit=20");
        until(d -> d.findElements(By.cssSelector("#events tr[data-id]")).size() == 20);
        assertThat(text("#page-info")).contains("page 1").contains("more after it");
        find("#next-page").click();
        until(d -> d.findElements(By.cssSelector("#events tr[data-id]")).size() == 10);
        assertThat(text("#page-info")).contains("page 2");
        assertThat(find("#next-page").isEnabled()).isFalse();
        find("#previous-page").click();
        until(d -> d.findElements(By.cssSelector("#events tr[data-id]")).size() == 20);
        assertThat(text("#events tr[data-id]")).contains("r-0");

        open("tenants?tenant=" + tenant);
        String row = "#tenants tr[data-tenant='" + tenant + "']";
        until(d -> !text(row).isEmpty());
        find(row + " [data-action=disable]").click();
        CHROMIUM.driver().switchTo().alert().accept();
        until(d -> text(row).contains("disabled"));
        await().atMost(WAIT).until(() -> tenantClient().postEvent(customerEvent("after-disable", "/console-test", customer))
                .status() == 403);
        find(row + " [data-action=enable]").click();
        until(d -> text(row).contains("active"));

        String key = "#keys tr[data-key]";
        until(d -> !d.findElements(By.cssSelector(key + " [data-action=revoke]")).isEmpty());
        find(key + " [data-action=revoke]").click();
        CHROMIUM.driver().switchTo().alert().accept();
        until(d -> !text(key + " .revoked").isEmpty());
        await().atMost(WAIT).until(() -> tenantClient().postEvent(customerEvent("after-revoke", "/console-test", customer))
                .status() == 401);
    }
}

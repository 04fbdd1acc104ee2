package org.bss.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.stream.Stream;
import org.bss.loadgen.LoadGenerator;
import org.bss.loadgen.platform.OidcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code run --token-url} and {@code --client}: how they read, and what they are refused with. */
class TokenOptionsTest {

    private static final String TOKEN_URL = "http://10.77.0.13:8180/realms/bss/protocol/openid-connect/token";

    @Test
    void clientsAreRepeatableAndNameATenantAClientAndItsSecret() {
        RunCommand run = run("--token-url", TOKEN_URL, "--client", "acme=acme-ingest:acme-ingest-secret",
                "--client=globex=globex-ingest:s3:cr=t");

        assertThat(run.tokenUrl).isEqualTo(URI.create(TOKEN_URL));
        assertThat(run.clients).containsExactly(new OidcClient("acme", "acme-ingest", "acme-ingest-secret"),
                new OidcClient("globex", "globex-ingest", "s3:cr=t"));
        assertThat(run.clients).extracting(OidcClient::toString)
                .as("never the secret").containsExactly("acme=acme-ingest:***", "globex=globex-ingest:***");
    }

    @Test
    void withoutATokenUrlTheRunSendsWithApiKeys() {
        RunCommand run = run();

        assertThat(run.tokenUrl).isNull();
        assertThat(run.clients).isEmpty();
    }

    @Test
    void aClientIsReadAsTenantEqualsClientIdColonSecret() {
        assertThat(OidcClient.parse(" acme = acme-ingest :secret with spaces "))
                .isEqualTo(new OidcClient("acme", "acme-ingest", "secret with spaces "));
        assertThatThrownBy(() -> OidcClient.parse("acme-ingest:hidden"))
                .hasMessage("'acme-ingest:***' has no '=': use <tenant>=<client-id>:<secret>, e.g. acme=acme-ingest:secret");
    }

    static Stream<Arguments> badClients() {
        return Stream.of(
                Arguments.of("acme", "'acme' has no '=': use <tenant>=<client-id>:<secret>, e.g. acme=acme-ingest:secret"),
                Arguments.of("acme=acme-ingest", "'acme=acme-ingest' has no ':' before the client's secret: use "
                        + "<tenant>=<client-id>:<secret>"),
                Arguments.of("acme=acme-ingest:", "'acme=acme-ingest:***' has no secret after ':': use "
                        + "<tenant>=<client-id>:<secret>"),
                Arguments.of("acme=:hidden", "'acme=:***' has no client id between '=' and ':': use "
                        + "<tenant>=<client-id>:<secret>"),
                Arguments.of("Acme Corp=acme-ingest:hidden", "'Acme Corp' is not a tenant id: lower-case letters, digits "
                        + "and '-', starting with a letter or digit, up to 63"),
                Arguments.of("=acme-ingest:hidden", "'' is not a tenant id: lower-case letters, digits and '-', starting "
                        + "with a letter or digit, up to 63"));
    }

    @ParameterizedTest
    @MethodSource("badClients")
    void aBadClientIsReportedNamingItsOptionButNotItsSecret(String value, String message) {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute("run", "--token-url", TOKEN_URL, "--client", value);

        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).startsWith("Invalid value for option '--client' (<tenant>=<client-id>:<secret>): "
                + message + System.lineSeparator()).contains("Usage: bss-loadgen run").doesNotContain("hidden");
    }

    static Stream<Arguments> optionsThatDoNotGoTogether() {
        return Stream.of(
                Arguments.of(new String[] {"--client", "acme=acme-ingest:hidden"},
                        "--client needs --token-url: the provider's token endpoint that gives the client its tokens"),
                Arguments.of(new String[] {"--token-url", TOKEN_URL},
                        "--token-url needs at least one --client <tenant>=<client-id>:<secret>: the tenants to send to"),
                Arguments.of(new String[] {"--token-url", TOKEN_URL, "--client", "acme=acme-ingest:hidden", "--tenants", "4"},
                        "--tenants creates new tenants with API keys; with --token-url the run sends to the --client tenants "
                                + "instead: leave --tenants out"),
                Arguments.of(new String[] {"--token-url", TOKEN_URL, "--client", "acme=acme-ingest:hidden",
                        "--client", "acme=acme-reporting:hidden"},
                        "--client names tenant 'acme' twice: give each tenant once"),
                Arguments.of(new String[] {"--token-url", "keycloak:8180/token", "--client", "acme=acme-ingest:hidden"},
                        "--token-url must be an http or https URL, e.g. "
                                + "http://localhost:8180/realms/bss/protocol/openid-connect/token; 'keycloak:8180/token' is not"));
    }

    @ParameterizedTest
    @MethodSource("optionsThatDoNotGoTogether")
    void optionsThatDoNotGoTogetherAreABadOptionBeforeAnythingIsSent(String[] options, String message) {
        StringWriter err = new StringWriter();
        CommandLine line = LoadGenerator.commandLine();
        line.setErr(new PrintWriter(err, true));

        int code = line.execute(Stream.concat(Stream.of("run", "--url", "http://127.0.0.1:1"), Stream.of(options))
                .toArray(String[]::new));

        assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).startsWith(message + System.lineSeparator()).contains("Usage: bss-loadgen run")
                .doesNotContain("hidden");
    }

    private static RunCommand run(String... options) {
        CommandLine line = LoadGenerator.commandLine();
        line.parseArgs(Stream.concat(Stream.of("run"), Stream.of(options)).toArray(String[]::new));
        return line.getSubcommands().get("run").getCommand();
    }
}

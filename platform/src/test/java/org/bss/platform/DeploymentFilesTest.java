package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.bss.platform.ops.LifecycleProperties;
import org.bss.platform.tenancy.JwtProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The container and Kubernetes files in {@code deploy/} (the Dockerfile, {@code compose/compose.yaml} and its
 * gateway, {@code kubernetes/}) are held to the platform they deploy: no container engine runs here, so what can go
 * wrong in them unseen is checked against the code. Every environment variable a platform container gets is one of
 * the platform's properties (as Spring Boot's relaxed binding reads it, against the configuration metadata) and
 * binds; the roles exist and all of them run somewhere; every path of the API reaches an instance whose roles serve
 * it; probes ask the actuator's health groups; the grace periods cover the drain and the shutdown timeout the
 * platform really uses; images are pinned; the Dockerfile runs the jar the build makes.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Repository.root();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path DOCKERFILE = DEPLOY.resolve("docker").resolve("Dockerfile");
    private static final Path COMPOSE = DEPLOY.resolve("compose").resolve("compose.yaml");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final Path THREE_HOSTS = DEPLOY.resolve("three-hosts");
    private static final Path TRAEFIK = DEPLOY.resolve("traefik");

    /** The actuator's health groups (management.endpoint.health.probes.enabled, application.yaml). */
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final String PROMETHEUS = "/actuator/prometheus";

    /** Read by the JVM's launcher, not by Spring: allowed beside the platform's properties. */
    private static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

    /** Paths served by no controller, with the role whose beans serve them (null: every instance). */
    private static final Map<String, Role> OTHER_PATHS = otherPaths();

    private static final Map<String, String> METADATA = metadata();
    private static final List<PropertySource<?>> APPLICATION_YAML = applicationYaml();

    // ---------------------------------------------------------------------------------------------------------------
    // Settings

    @Test
    void everyVariableOfAPlatformContainerIsAPropertyOfThePlatform() {
        List<String> problems = new ArrayList<>();
        for (Instance instance : instances()) {
            unknownSettings(instance.env().keySet())
                    .forEach(name -> problems.add(instance + ": " + name + " is no property of the platform"));
        }
        KubernetesFiles k8s = kubernetes();
        for (var configMap : k8s.configMaps().entrySet()) {
            unknownSettings(configMap.getValue().keySet()).forEach(name -> problems.add(
                    "kubernetes ConfigMap " + configMap.getKey() + ": " + name + " is no property of the platform"));
        }
        for (var secret : k8s.secrets().entrySet()) {
            unknownSettings(secret.getValue().keySet()).forEach(name -> problems.add(
                    "kubernetes Secret " + secret.getKey() + ": " + name + " is no property of the platform"));
        }
        assertThat(problems).as("settings that Spring Boot would bind to nothing (a misspelt or invented name)").isEmpty();
    }

    @Test
    void everyPlatformSettingBindsToItsRecord() {
        List<Class<?>> records = configurationProperties();
        assertThat(records).as("the platform's @ConfigurationProperties").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Instance instance : instances()) {
            Binder binder = binder(instance.bindable());
            for (Class<?> type : records) {
                String prefix = AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class).prefix();
                try {
                    binder.bindOrCreate(prefix, Bindable.of(type));
                } catch (RuntimeException e) {
                    problems.add(instance + ": " + prefix + " does not bind: " + innermost(e));
                }
            }
        }
        assertThat(problems).as("values the platform would refuse at start-up").isEmpty();

        // The issuers are a list of records, which the metadata does not describe field by field: each one's fields
        // must reach it.
        for (Instance instance : instances()) {
            var issuers = binder(instance.bindable()).bindOrCreate("bss.security.jwt", JwtProperties.class).issuers();
            for (int i = 0; i < issuers.size(); i++) {
                JwtProperties.Issuer issuer = issuers.get(i);
                Map<String, String> expected = new TreeMap<>();
                Map<String, String> bound = new TreeMap<>();
                String prefix = "BSS_SECURITY_JWT_ISSUERS_" + i + "_";
                instance.env().forEach((name, value) -> {
                    if (name.startsWith(prefix)) {
                        expected.put(name, value);
                    }
                });
                bound.put(prefix + "ISSUER", issuer.issuer());
                bound.put(prefix + "JWK_SET_URI", issuer.jwkSetUri());
                bound.put(prefix + "AUDIENCE", issuer.audience());
                expected.forEach((name, value) -> {
                    if (bound.containsKey(name)) {
                        assertThat(bound.get(name)).as("%s: %s", instance, name).isEqualTo(value);
                    }
                });
            }
        }
    }

    @Test
    void theSecretHoldsOnlyPlaceholders() {
        List<String> problems = new ArrayList<>();
        kubernetes().secrets().forEach((name, data) -> data.forEach((key, value) -> {
            if (!value.contains("REPLACE-ME")) {
                problems.add("kubernetes Secret " + name + ": " + key + " holds a value, not the placeholder REPLACE-ME");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableComposeUsesIsInTheEnvExample() throws IOException {
        Path example = COMPOSE.resolveSibling(".env.example");
        Set<String> listed = Files.readAllLines(example).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toSet());
        Matcher variable = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(Files.readString(COMPOSE));
        Set<String> missing = new TreeSet<>();
        while (variable.find()) {
            if (!listed.contains(variable.group(1))) {
                missing.add(variable.group(1));
            }
        }
        assertThat(missing).as("variables of compose.yaml missing from .env.example").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Roles and routes

    @Test
    void rolesAreRealAndEveryOneRunsSomewhere() {
        Map<String, List<Instance>> byFile = instances().stream().collect(Collectors.groupingBy(Instance::file));
        assertThat(byFile.keySet()).containsExactlyInAnyOrder("compose", "kubernetes");
        List<String> problems = new ArrayList<>();
        byFile.forEach((file, instances) -> {
            assertThat(instances).as("%s: the platform split by role", file).hasSizeGreaterThanOrEqualTo(2);
            Set<Role> covered = EnumSet.noneOf(Role.class);
            for (Instance instance : instances) {
                problems.addAll(roleProblems(instance));
                if (instance.roles() != null) {
                    covered.addAll(instance.roles());
                }
            }
            EnumSet<Role> missing = EnumSet.allOf(Role.class);
            missing.removeAll(covered);
            missing.forEach(role -> problems.add(file + ": no instance runs the role " + role.name().toLowerCase(Locale.ROOT)));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPathOfTheApiReachesAnInstanceThatServesIt() throws IOException {
        Map<String, Role> paths = servedPaths();
        assertThat(paths).as("the platform's paths").containsKeys("/api/v1/events", "/api/v1/replays");
        List<String> problems = new ArrayList<>();

        KubernetesFiles k8s = kubernetes();
        Map<String, Set<Role>> services = new TreeMap<>();
        for (var service : k8s.services().entrySet()) {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            List<Instance> selected = k8s.instances().stream()
                    .filter(instance -> labels(instance.podLabels(), service.getValue())).toList();
            if (selected.isEmpty()) {
                problems.add("kubernetes Service " + service.getKey() + " selects no Deployment's pods");
            }
            selected.forEach(instance -> roles.addAll(instance.roles() == null ? Set.of() : instance.roles()));
            services.put(service.getKey(), roles);
        }
        problems.addAll(routeProblems("kubernetes Ingress", k8s.ingressRoutes(), services, paths));

        Map<String, Set<Role>> composeServices = new TreeMap<>();
        instances().stream().filter(instance -> instance.file().equals("compose"))
                .forEach(instance -> composeServices.put(instance.name(), instance.roles()));
        problems.addAll(routeProblems("compose gateway (nginx.conf)", nginxRoutes(), composeServices, paths));
        assertThat(problems).isEmpty();
    }

    @Test
    void theTraefikGatewayIsTheThreeHostOneOverTheSameInstances() throws IOException {
        Map<String, Object> traefik = yaml(TRAEFIK.resolve("traefik.yml")).getFirst();
        Map<String, Object> dynamic = yaml(TRAEFIK.resolve("dynamic.yml")).getFirst();
        String haproxy = Files.readString(THREE_HOSTS.resolve("haproxy.cfg")).replaceAll("(?m)^\\s*#.*$", "");
        String script = Files.readString(THREE_HOSTS.resolve("three-hosts"));
        Map<String, Set<Role>> instances = threeHostInstances(script);
        List<String> problems = new ArrayList<>();

        // The instances HAProxy balances over are the script's BSS_INSTANCE_n.
        Set<String> haproxyServers = new TreeSet<>();
        Matcher server = Pattern.compile("(?m)^\\s*server\\s+\\S+\\s+\"\\$\\{(BSS_INSTANCE_\\d+)}\"").matcher(haproxy);
        while (server.find()) {
            haproxyServers.add(server.group(1));
        }
        Set<String> scriptInstances = new TreeSet<>();
        Matcher variable = Pattern.compile("\\b(BSS_INSTANCE_\\d+)=").matcher(script);
        while (variable.find()) {
            scriptInstances.add(variable.group(1));
        }
        assertThat(haproxyServers).as("haproxy.cfg's servers").isNotEmpty().isEqualTo(scriptInstances);

        // Entry points: TLS on HAProxy's port, a request read for as long as HAProxy keeps a tunnel (Traefik's read
        // deadline stays on the connection, and its 60 s default would cut the live stream); Prometheus and the ping
        // on an entry point of their own; the file provider reads dynamic.yml.
        Map<String, Object> entryPoints = map(traefik.get("entryPoints"));
        String tlsPort = firstMatch(haproxy, "(?m)^\\s*bind\\s+\"?[^\\s\"]*:(\\d+)\"?\\s+ssl\\b");
        Duration tunnel = composeDuration(firstMatch(haproxy, "(?m)^\\s*timeout\\s+tunnel\\s+(\\S+)"));
        Set<String> tlsEntryPoints = new TreeSet<>();
        entryPoints.forEach((name, value) -> {
            Map<String, Object> entryPoint = map(value);
            if (!map(entryPoint.get("http")).containsKey("tls")) {
                return;
            }
            tlsEntryPoints.add(name);
            String address = String.valueOf(entryPoint.get("address"));
            if (!address.substring(address.lastIndexOf(':') + 1).equals(tlsPort)) {
                problems.add("traefik.yml: the TLS entry point " + name + " is on " + address + ", HAProxy's on :" + tlsPort);
            }
            Object read = map(map(entryPoint.get("transport")).get("respondingTimeouts")).getOrDefault("readTimeout", "60s");
            if (traefikDuration(read).compareTo(tunnel) < 0) {
                problems.add("traefik.yml: " + name + " reads a request for " + read + ", HAProxy keeps a stream "
                        + tunnel.toMinutes() + " min (timeout tunnel)");
            }
        });
        assertThat(tlsEntryPoints).as("traefik.yml's TLS entry points").isNotEmpty();
        for (String feature : List.of("metrics.prometheus", "ping")) {
            Map<String, Object> settings = traefik;
            for (String key : feature.split("\\.")) {
                settings = map(settings.get(key));
            }
            if (!entryPoints.containsKey(String.valueOf(settings.get("entryPoint")))) {
                problems.add("traefik.yml: " + feature + " is on no entry point of the file: " + settings.get("entryPoint"));
            }
        }
        String dynamicFile = String.valueOf(map(map(traefik.get("providers")).get("file")).get("filename"));
        assertThat(Path.of(dynamicFile).getFileName()).as("the file provider's file").hasToString("dynamic.yml");
        assertThat(traefik).as("traefik.yml").containsKey("accessLog");

        // The certificate, also as the default one: a client connecting to an IP address sends no server name.
        Map<String, Object> tls = map(dynamic.get("tls"));
        List<Map<String, Object>> certificates = new ArrayList<>(list(tls.get("certificates")).stream().map(DeploymentFilesTest::map).toList());
        certificates.add(map(map(map(tls.get("stores")).get("default")).get("defaultCertificate")));
        for (Map<String, Object> certificate : certificates) {
            if (certificate.get("certFile") == null || certificate.get("keyFile") == null) {
                problems.add("dynamic.yml: a certificate without certFile and keyFile: " + certificate);
            }
        }

        // Every router's service and middlewares are defined, and it takes requests on the TLS entry point only.
        Map<String, Object> http = map(dynamic.get("http"));
        Map<String, Object> services = map(http.get("services"));
        Map<String, Object> middlewares = map(http.get("middlewares"));
        Map<String, Object> transports = map(http.get("serversTransports"));
        List<TraefikRoutes.Router> routers = new ArrayList<>();
        map(http.get("routers")).forEach((name, value) -> {
            Map<String, Object> router = map(value);
            String rule = String.valueOf(router.get("rule"));
            String service = String.valueOf(router.get("service"));
            List<String> chain = list(router.get("middlewares")).stream().map(String::valueOf).toList();
            routers.add(new TraefikRoutes.Router(name, TraefikRoutes.rule(rule),
                    (int) number(router.get("priority"), rule.length()), service, chain));
            if (!services.containsKey(service) && !service.endsWith("@internal")) {
                problems.add("dynamic.yml: router " + name + " goes to the service " + service + ", which is not defined");
            }
            chain.stream().filter(middleware -> !middlewares.containsKey(middleware)).forEach(middleware -> problems.add(
                    "dynamic.yml: router " + name + " uses the middleware " + middleware + ", which is not defined"));
            List<String> on = list(router.get("entryPoints")).stream().map(String::valueOf).toList();
            if (on.isEmpty() || !tlsEntryPoints.containsAll(on)) {
                problems.add("dynamic.yml: router " + name + " is on " + (on.isEmpty() ? "every entry point" : on)
                        + ", not only " + tlsEntryPoints);
            }
        });
        assertThat(routers).as("dynamic.yml's routers").isNotEmpty();

        // The services balance over the layout's instances, checked on the readiness group as often as HAProxy does;
        // a service serves what all of its servers serve.
        Duration inter = composeDuration(firstMatch(haproxy, "(?m)^\\s*default-server\\b.*\\binter\\s+(\\S+)"));
        Map<String, Set<Role>> serviceRoles = new TreeMap<>();
        Set<String> balanced = new TreeSet<>();
        services.forEach((name, value) -> {
            Map<String, Object> balancer = map(map(value).get("loadBalancer"));
            Set<Role> roles = EnumSet.allOf(Role.class);
            List<Object> servers = list(balancer.get("servers"));
            if (servers.isEmpty()) {
                problems.add("dynamic.yml: service " + name + " has no servers");
            }
            for (Object entry : servers) {
                String address = String.valueOf(map(entry).get("url")).replaceFirst("^https?://", "").replaceFirst("/.*$", "");
                balanced.add(address);
                roles.retainAll(instances.getOrDefault(address, Set.of()));
            }
            serviceRoles.put(name, roles);
            Map<String, Object> check = map(balancer.get("healthCheck"));
            if (!READINESS.equals(check.get("path"))) {
                problems.add("dynamic.yml: service " + name + " checks " + check.get("path") + ", not " + READINESS);
            }
            if (check.get("interval") == null || traefikDuration(check.get("interval")).compareTo(inter) > 0
                    || check.get("timeout") == null) {
                problems.add("dynamic.yml: service " + name + " does not check every " + inter.toSeconds()
                        + " s (HAProxy's inter) with a timeout: " + check);
            }
            Object transport = balancer.get("serversTransport");
            if (transport != null && !transports.containsKey(String.valueOf(transport))) {
                problems.add("dynamic.yml: service " + name + " uses the servers transport " + transport + ", which is not defined");
            }
        });
        assertThat(balanced).as("the servers Traefik balances over: the three-host layout's BSS_INSTANCE_n")
                .isEqualTo(instances.keySet());

        // The rate limits: HAProxy's rate and window, keyed on the headers it keys its budgets on.
        long rate = Long.parseLong(firstMatch(script, "BSS_GATEWAY_RATE:-(\\d+)"));
        Duration window = composeDuration(firstMatch(haproxy, "\\bstore\\s+http_req_rate\\((\\w+)\\)"));
        List<String> haproxyKeys = new ArrayList<>();
        Matcher key = Pattern.compile("set-var\\(txn\\.client\\)\\s+req\\.hdr\\(([^)]+)\\)").matcher(haproxy);
        while (key.find()) {
            haproxyKeys.add(key.group(1));
        }
        Map<String, String> limitHeaders = new TreeMap<>();
        middlewares.forEach((name, value) -> {
            Map<String, Object> limit = map(map(value).get("rateLimit"));
            if (limit.isEmpty()) {
                return;
            }
            limitHeaders.put(name, String.valueOf(map(limit.get("sourceCriterion")).get("requestHeaderName")));
            if (number(limit.get("average"), 0) != rate || !traefikDuration(limit.getOrDefault("period", "1s")).equals(window)) {
                problems.add("dynamic.yml: rate limit " + name + " allows " + limit.get("average") + " per "
                        + limit.get("period") + ", HAProxy " + rate + " per " + window.toSeconds() + " s");
            }
        });
        assertThat(haproxyKeys).as("the headers HAProxy keys its budgets on").contains("X-API-Key");
        assertThat(new TreeSet<>(limitHeaders.values())).as("the headers the rate limits are keyed on")
                .isEqualTo(new TreeSet<>(haproxyKeys));

        // Each path of the platform, sent with a key, a token, both or neither, reaches instances that serve it under
        // the limit HAProxy would count it on; the metrics stay inside.
        problems.addAll(new TraefikRoutes(routers, serviceRoles, limitHeaders).problems(servedPaths(), haproxyKeys, PROMETHEUS));
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Health, start and stop

    @Test
    void probesAskTheActuatorsHealthGroups() {
        List<String> problems = new ArrayList<>();
        for (Instance instance : instances()) {
            Binder binder = binder(instance.bindable());
            if (!binder.bind("management.endpoint.health.probes.enabled", Boolean.class).orElse(false)) {
                problems.add(instance + ": management.endpoint.health.probes.enabled is not true: no health groups");
            }
            int port = actuatorPort(binder);
            if (instance.file().equals("kubernetes")) {
                Map<String, Object> container = instance.container();
                problems.addAll(probe(instance, container, "livenessProbe", port, LIVENESS));
                problems.addAll(probe(instance, container, "readinessProbe", port, READINESS));
                problems.addAll(probe(instance, container, "startupProbe", port, LIVENESS, READINESS));
            } else {
                String test = String.valueOf(map(instance.service().get("healthcheck")).get("test"));
                if (!test.contains(READINESS) || !test.contains("/" + port + " ")) {
                    problems.add(instance + ": the healthcheck does not ask " + READINESS + " on port " + port + ": " + test);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void gracePeriodsCoverTheDrainAndTheShutdownTimeout() {
        List<String> problems = new ArrayList<>();
        for (Instance instance : instances()) {
            LifecycleProperties lifecycle = binder(instance.bindable()).bindOrCreate("bss.lifecycle", LifecycleProperties.class);
            Duration needed = lifecycle.drainPeriod().plus(lifecycle.shutdownTimeout());
            problems.addAll(graceProblems(instance.toString(), instance.gracePeriod(), needed));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void startUpIsGivenTheStartupTimeout() {
        List<String> problems = new ArrayList<>();
        for (Instance instance : instances()) {
            Duration timeout = binder(instance.bindable())
                    .bindOrCreate("bss.lifecycle", LifecycleProperties.class).startupTimeout();
            Duration given;
            if (instance.file().equals("kubernetes")) {
                Map<String, Object> probe = map(instance.container().get("startupProbe"));
                given = Duration.ofSeconds(number(probe.get("initialDelaySeconds"), 0)
                        + number(probe.get("periodSeconds"), 10) * number(probe.get("failureThreshold"), 3));
            } else {
                given = composeDuration(String.valueOf(map(instance.service().get("healthcheck")).get("start_period")));
            }
            if (given.compareTo(timeout) < 0) {
                problems.add(instance + ": start-up is given " + given.toSeconds() + " s, bss.lifecycle.startup-timeout is "
                        + timeout.toSeconds() + " s");
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Images, the Dockerfile, security, resources

    @Test
    void imagesArePinned() throws IOException {
        List<String> problems = new ArrayList<>();
        services().forEach((name, service) -> {
            Object image = service.get("image");
            if (image != null && !pinned(image.toString())) {
                problems.add("compose service " + name + ": image " + image + " is not pinned to a version");
            }
        });
        for (Instance instance : kubernetes().instances()) {
            String image = kubernetes().image(String.valueOf(instance.container().get("image")));
            if (!pinned(image)) {
                problems.add(instance + ": image " + image + " is not pinned to a version");
            }
        }
        Set<String> stages = new LinkedHashSet<>();
        for (String from : dockerfile("FROM")) {
            String[] words = from.split("\\s+");
            if (!stages.contains(words[0]) && !pinned(words[0])) {
                problems.add("Dockerfile: FROM " + words[0] + " is not pinned to a version");
            }
            if (words.length == 3 && words[1].equalsIgnoreCase("AS")) {
                stages.add(words[2]);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void composeServersAreTheOnesThePlatformIsBuiltFor() throws IOException {
        Map<String, Map<String, Object>> services = services();
        List<String> problems = new ArrayList<>();
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        String platformPom = Files.readString(ROOT.resolve("platform").resolve("pom.xml"));
        String postgresMajor = pomProperty(rootPom, "postgres-binaries.version").split("\\.")[0];
        String keycloakMajor = pomProperty(platformPom, "keycloak.version").split("\\.")[0];
        List<String> brokers = new ArrayList<>();
        services.forEach((name, service) -> {
            String image = String.valueOf(service.get("image"));
            if (image.startsWith("postgres:") && !image.startsWith("postgres:" + postgresMajor + ".")) {
                problems.add("compose service " + name + ": " + image + ", the platform is built for PostgreSQL " + postgresMajor);
            }
            if (image.startsWith("quay.io/keycloak/keycloak:")) {
                if (!image.startsWith("quay.io/keycloak/keycloak:" + keycloakMajor + ".")) {
                    problems.add("compose service " + name + ": " + image + ", the realm is tested on Keycloak " + keycloakMajor);
                }
                boolean realm = list(service.get("volumes")).stream().map(String::valueOf)
                        .anyMatch(volume -> volume.startsWith("../keycloak/bss-realm.json:/opt/keycloak/data/import/"));
                if (!realm || !String.valueOf(service.get("command")).contains("--import-realm")) {
                    problems.add("compose service " + name + ": does not import deploy/keycloak/bss-realm.json");
                }
            }
            if (image.startsWith("apache/kafka:")) {
                brokers.add(name);
                Map<String, String> env = environment(service);
                int minIsr = Integer.parseInt(env.getOrDefault("KAFKA_MIN_INSYNC_REPLICAS", "1"));
                int replicas = Integer.parseInt(env.getOrDefault("KAFKA_DEFAULT_REPLICATION_FACTOR", "1"));
                if (minIsr < 2 || minIsr >= replicas) {
                    problems.add("compose service " + name + ": min.insync.replicas " + minIsr + " with replication factor "
                            + replicas + " (2 of 3: one broker may be down)");
                }
            }
        });
        for (Instance instance : instances().stream().filter(i -> i.file().equals("compose")).toList()) {
            int factor = binder(instance.bindable()).bind("bss.kafka.replication-factor", Integer.class).orElse(1);
            if (factor < 3 || factor > brokers.size()) {
                problems.add(instance + ": bss.kafka.replication-factor " + factor + " with " + brokers.size() + " brokers");
            }
            Map<String, Object> dependsOn = map(instance.service().get("depends_on"));
            for (String server : Stream.concat(brokers.stream(), Stream.of("postgres", "redis")).toList()) {
                if (!"service_healthy".equals(map(dependsOn.get(server)).get("condition"))) {
                    problems.add(instance + ": does not wait for " + server + " to be healthy");
                }
            }
        }
        assertThat(brokers).as("Kafka brokers").hasSize(3);
        assertThat(problems).isEmpty();
    }

    @Test
    void theDockerfileRunsTheJarTheBuildMakes() throws IOException {
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>")
                .matcher(Files.readString(ROOT.resolve("platform").resolve("pom.xml")));
        assertThat(finalName.find()).as("platform/pom.xml names its jar").isTrue();
        String jar = "platform/target/" + finalName.group(1) + ".jar";

        Map<String, String> args = new HashMap<>();
        for (String arg : dockerfile("ARG")) {
            String[] parts = arg.split("=", 2);
            args.put(parts[0].strip(), parts.length == 2 ? parts[1].strip() : "");
        }
        String copied = null;
        for (String copy : dockerfile("COPY")) {
            String[] words = copy.split("\\s+");
            if (!words[0].startsWith("--from") && expand(words[0], args).equals(jar)) {
                copied = words[1];
            }
        }
        assertThat(copied).as("the Dockerfile copies %s", jar).isNotNull();

        String extract = dockerfile("RUN").stream().filter(run -> run.contains("-Djarmode=tools")).findFirst().orElse("");
        assertThat(extract).as("the layers are extracted with Spring Boot's tools").contains("-jar " + copied + " extract", "--layers");
        String entrypoint = dockerfile("ENTRYPOINT").getLast();
        if (extract.contains("--launcher")) {
            assertThat(entrypoint).contains("org.springframework.boot.loader.launch.JarLauncher");
        } else {
            assertThat(entrypoint).as("the extracted application jar is run").contains("\"-jar\", \"" + copied + "\"");
        }
        Set<String> layersCopied = dockerfile("COPY").stream().filter(copy -> copy.startsWith("--from"))
                .map(copy -> Path.of(copy.split("\\s+")[1]).getFileName().toString()).collect(Collectors.toSet());
        assertThat(layersCopied).as("every layer of the jar is copied").containsAll(layers(ROOT.resolve(jar)));

        Path ignore = ROOT.resolve(".dockerignore");
        if (Files.exists(ignore)) {
            List<String> lines = Files.readAllLines(ignore).stream().map(String::strip).toList();
            if (lines.contains("*")) {
                assertThat(lines).as(".dockerignore lets the jar into the build context").contains("!" + jar);
            }
        }
        assertThat(dockerfile("EXPOSE")).as("the port").contains(String.valueOf(actuatorPort(binder(Map.of()))));
    }

    @Test
    void containersRunAsTheImagesUserOnAReadOnlyRootFilesystem() {
        String user = dockerfile("USER").getLast().split(":")[0];
        assertThat(user).as("the image's user, by number").matches("[1-9][0-9]*");
        List<String> problems = new ArrayList<>();
        for (Instance instance : kubernetes().instances()) {
            Map<String, Object> pod = instance.podSecurity();
            Map<String, Object> container = map(instance.container().get("securityContext"));
            if (!Boolean.TRUE.equals(container.getOrDefault("runAsNonRoot", pod.get("runAsNonRoot")))) {
                problems.add(instance + ": runAsNonRoot is not true");
            }
            if (!user.equals(String.valueOf(container.getOrDefault("runAsUser", pod.get("runAsUser"))))) {
                problems.add(instance + ": runAsUser is not the image's user " + user);
            }
            if (!Boolean.TRUE.equals(container.get("readOnlyRootFilesystem"))) {
                problems.add(instance + ": readOnlyRootFilesystem is not true");
            }
            if (!Boolean.FALSE.equals(container.get("allowPrivilegeEscalation"))) {
                problems.add(instance + ": allowPrivilegeEscalation is not false");
            }
            Set<String> mounts = list(instance.container().get("volumeMounts")).stream()
                    .map(mount -> String.valueOf(map(mount).get("mountPath"))).collect(Collectors.toSet());
            List<String> written = new ArrayList<>(List.of("/tmp"));
            if (instance.roles() != null && instance.roles().contains(Role.ANALYTICS)) {
                binder(instance.bindable()).bind("bss.analytics.state-dir", String.class).ifBound(written::add);
            }
            for (String dir : written) {
                if (mounts.stream().noneMatch(mount -> Path.of(dir).startsWith(mount))) {
                    problems.add(instance + ": " + dir + " is written to but is on the read-only root filesystem");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPlatformContainerHasItsResources() {
        List<String> problems = new ArrayList<>();
        for (Instance instance : instances()) {
            if (instance.file().equals("kubernetes")) {
                Map<String, Object> resources = map(instance.container().get("resources"));
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (map(resources.get(kind)).get(resource) == null) {
                            problems.add(instance + ": no " + kind + "." + resource);
                        }
                    }
                }
            } else {
                Map<String, Object> resources = map(map(instance.service().get("deploy")).get("resources"));
                for (String kind : List.of("reservations", "limits")) {
                    for (String resource : List.of("cpus", "memory")) {
                        if (map(resources.get(kind)).get(resource) == null) {
                            problems.add(instance + ": no deploy.resources." + kind + "." + resource);
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Kubernetes as a whole, and Prometheus

    @Test
    void theKustomizationListsEveryManifestAndTheIngestIsScaledAndGuarded() throws IOException {
        KubernetesFiles k8s = kubernetes();
        Set<String> files;
        try (Stream<Path> listed = Files.list(KUBERNETES)) {
            files = listed.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .filter(name -> !name.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(new TreeSet<>(k8s.resources())).as("kustomization.yaml's resources").isEqualTo(files);

        Set<String> deployments = k8s.instances().stream().map(Instance::name).collect(Collectors.toSet());
        Set<String> budgeted = new TreeSet<>();
        for (Map<String, Object> budget : k8s.kinds().getOrDefault("PodDisruptionBudget", List.of())) {
            k8s.instances().stream().filter(instance -> labels(instance.podLabels(),
                            map(map(budget.get("spec")).get("selector")).get("matchLabels")))
                    .forEach(instance -> budgeted.add(instance.name()));
        }
        assertThat(budgeted).as("Deployments with a PodDisruptionBudget").isEqualTo(deployments);

        List<Map<String, Object>> autoscalers = k8s.kinds().getOrDefault("HorizontalPodAutoscaler", List.of());
        assertThat(autoscalers).as("a HorizontalPodAutoscaler").isNotEmpty();
        for (Map<String, Object> autoscaler : autoscalers) {
            Map<String, Object> spec = map(autoscaler.get("spec"));
            String target = String.valueOf(map(spec.get("scaleTargetRef")).get("name"));
            Instance scaled = k8s.instances().stream().filter(instance -> instance.name().equals(target)).findFirst()
                    .orElseThrow(() -> new AssertionError("HorizontalPodAutoscaler of an unknown Deployment " + target));
            assertThat(scaled.roles()).as("the autoscaled Deployment takes requests").contains(Role.INGEST);
            assertThat(list(spec.get("metrics")).stream().map(metric -> map(map(metric).get("resource")).get("name")))
                    .as("scaled on CPU").contains("cpu");
        }
    }

    @Test
    void podsAreScrapedAsTheRulesExpect() throws IOException {
        Map<String, Object> local = yaml(DEPLOY.resolve("prometheus").resolve("prometheus.yml")).getFirst();
        Map<String, Object> cluster = yaml(DEPLOY.resolve("prometheus").resolve("kubernetes.yml")).getFirst();
        Map<String, Object> localJob = map(list(local.get("scrape_configs")).getFirst());
        Map<String, Object> clusterJob = map(list(cluster.get("scrape_configs")).getFirst());
        assertThat(clusterJob.get("job_name")).as("the job the rules and dashboards name").isEqualTo(localJob.get("job_name"));
        assertThat(clusterJob.get("metrics_path")).isEqualTo(localJob.get("metrics_path")).isEqualTo(PROMETHEUS);
        assertThat(Files.readString(DEPLOY.resolve("prometheus").resolve("rules.yml")))
                .contains("job=\"" + localJob.get("job_name") + "\"");
        assertThat(cluster.get("rule_files")).isEqualTo(local.get("rule_files"));

        List<String> problems = new ArrayList<>();
        for (Instance instance : kubernetes().instances()) {
            Map<String, Object> annotations = instance.podAnnotations();
            int port = actuatorPort(binder(instance.bindable()));
            if (!"true".equals(annotations.get("prometheus.io/scrape"))
                    || !PROMETHEUS.equals(annotations.get("prometheus.io/path"))
                    || !String.valueOf(port).equals(annotations.get("prometheus.io/port"))) {
                problems.add(instance + ": its pods do not ask to be scraped at " + PROMETHEUS + " on " + port + ": " + annotations);
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The checks find what they look for

    @Test
    void theChecksNameWhatIsWrong() {
        assertThat(unknownSettings(Set.of("SPRING_DATASOURCE_URL", "BSS_ROLE", "BSS_SECURITY_JWT_ISSUERS_0_ISSUER",
                "BSS_SECURITY_JWT_ISSUERS_0_ISSUR", "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "BSS_LIFECYCLE_DRAIN_PERIOD",
                "BSS_LIFECYCLE_DRAINPERIOD", "BSS_LIFECYCLE_DRAIN_PERIODS")))
                .containsExactlyInAnyOrder("BSS_ROLE", "BSS_SECURITY_JWT_ISSUERS_0_ISSUR", "BSS_LIFECYCLE_DRAIN_PERIODS");
        Instance misspelt = new Instance("kubernetes", "test", Map.of("BSS_ROLES", "ingest,querry"), Map.of(), null, null);
        assertThat(roleProblems(misspelt)).singleElement().asString().contains("querry");
        assertThat(graceProblems("test", Optional.of(Duration.ofSeconds(30)), Duration.ofSeconds(35)))
                .singleElement().asString().contains("30 s", "35 s");
        assertThat(pinned("redis:latest")).isFalse();
        assertThat(pinned("redis")).isFalse();
        assertThat(pinned("registry.example.com:5000/redis")).isFalse();
        assertThat(pinned("redis:7.4.2")).isTrue();
        Map<String, Set<Role>> one = Map.of("ingest", EnumSet.of(Role.INGEST, Role.QUERY, Role.STREAM));
        assertThat(routeProblems("test", List.of(new Route("/", false, true, "ingest")), one,
                Map.of("/api/v1/replays", Role.REPLAY)))
                .anySatisfy(problem -> assertThat(problem).contains("/api/v1/replays", "replay"))
                .anySatisfy(problem -> assertThat(problem).contains(PROMETHEUS));
        Predicate<TraefikRoutes.Request> rule =
                TraefikRoutes.rule("HeaderRegexp(`X-API-Key`, `.+`) && !(Path(`/a`) || PathPrefix(`/b/`))");
        assertThat(rule.test(new TraefikRoutes.Request("/c", Map.of("x-api-key", "k")))).isTrue();
        assertThat(rule.test(new TraefikRoutes.Request("/c", Map.of()))).isFalse();
        assertThat(rule.test(new TraefikRoutes.Request("/a", Map.of("X-API-Key", "k")))).isFalse();
        assertThat(rule.test(new TraefikRoutes.Request("/b/c", Map.of("X-API-Key", "k")))).isFalse();
        assertThat(TraefikRoutes.rule("Path(`/a`) || Path(`/b`) && Path(`/c`)").test(new TraefikRoutes.Request("/a", Map.of())))
                .isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the checks are made of

    /**
     * A platform container: a compose service built from the Dockerfile, or a Kubernetes Deployment. {@code env} is
     * what it gets (a Deployment's ConfigMap and Secret included); {@code roles} null when BSS_ROLES is unset.
     */
    private record Instance(String file, String name, Map<String, String> env, Map<String, Object> service,
                            Map<String, Object> deployment, Set<Role> roles) {

        Instance(String file, String name, Map<String, String> env, Map<String, Object> service,
                 Map<String, Object> deployment) {
            this(file, name, env, service, deployment, parseRoles(env.get("BSS_ROLES")));
        }

        /** Values compose would interpolate from .env are left out: they are unknown here. */
        Map<String, String> bindable() {
            Map<String, String> known = new TreeMap<>(env);
            known.values().removeIf(value -> value.contains("${"));
            return known;
        }

        Map<String, Object> template() {
            return map(map(deployment.get("spec")).get("template"));
        }

        Map<String, Object> container() {
            return map(list(map(template().get("spec")).get("containers")).getFirst());
        }

        Map<String, Object> podSecurity() {
            return map(map(template().get("spec")).get("securityContext"));
        }

        Map<String, Object> podLabels() {
            return map(map(template().get("metadata")).get("labels"));
        }

        Map<String, Object> podAnnotations() {
            return map(map(template().get("metadata")).get("annotations"));
        }

        Optional<Duration> gracePeriod() {
            if (file.equals("kubernetes")) {
                Object seconds = map(template().get("spec")).get("terminationGracePeriodSeconds");
                return Optional.ofNullable(seconds).map(s -> Duration.ofSeconds(((Number) s).longValue()));
            }
            return Optional.ofNullable(service.get("stop_grace_period")).map(String::valueOf).map(DeploymentFilesTest::composeDuration);
        }

        private static Set<Role> parseRoles(String roles) {
            try {
                return roles == null ? null : Role.parse(roles);
            } catch (IllegalArgumentException e) {
                return EnumSet.noneOf(Role.class);
            }
        }

        @Override
        public String toString() {
            return file.equals("kubernetes") ? "kubernetes Deployment " + name : "compose service " + name;
        }
    }

    private record KubernetesFiles(List<String> resources, Map<String, List<Map<String, Object>>> kinds,
                                   Map<String, Map<String, String>> configMaps, Map<String, Map<String, String>> secrets,
                                   List<Instance> instances, List<Map<String, Object>> images) {

        Map<String, Map<String, Object>> services() {
            Map<String, Map<String, Object>> services = new TreeMap<>();
            kinds.getOrDefault("Service", List.of()).forEach(service -> services.put(
                    String.valueOf(map(service.get("metadata")).get("name")), map(map(service.get("spec")).get("selector"))));
            return services;
        }

        List<Route> ingressRoutes() {
            List<Route> routes = new ArrayList<>();
            for (Map<String, Object> ingress : kinds.getOrDefault("Ingress", List.of())) {
                for (Object rule : list(map(ingress.get("spec")).get("rules"))) {
                    for (Object entry : list(map(map(rule).get("http")).get("paths"))) {
                        Map<String, Object> path = map(entry);
                        routes.add(new Route(String.valueOf(path.get("path")), "Exact".equals(path.get("pathType")), true,
                                String.valueOf(map(map(map(path.get("backend")).get("service"))).get("name"))));
                    }
                }
            }
            return routes;
        }

        /** The image a container runs once kustomize's images transformer has been applied. */
        String image(String image) {
            int at = image.indexOf('@');
            int colon = image.lastIndexOf(':');
            boolean tagged = colon > image.lastIndexOf('/');
            String name = at >= 0 ? image.substring(0, at) : tagged ? image.substring(0, colon) : image;
            String tag = at >= 0 ? image.substring(at) : tagged ? image.substring(colon) : "";
            for (Map<String, Object> replacement : images) {
                if (name.equals(replacement.get("name"))) {
                    String newName = String.valueOf(replacement.getOrDefault("newName", name));
                    if (replacement.get("digest") != null) {
                        return newName + "@" + replacement.get("digest");
                    }
                    return newName + (replacement.get("newTag") != null ? ":" + replacement.get("newTag") : tag);
                }
            }
            return image;
        }
    }

    /** A route of the Ingress or the gateway: an exact path or a prefix (by path element, as Kubernetes' Prefix). */
    private record Route(String path, boolean exact, boolean byElement, String target) {

        boolean matches(String requested) {
            if (exact) {
                return requested.equals(path);
            }
            if (!byElement || path.endsWith("/")) {
                return requested.startsWith(path);
            }
            return requested.equals(path) || requested.startsWith(path + "/");
        }
    }

    private static List<Instance> instances() {
        List<Instance> instances = new ArrayList<>();
        services().forEach((name, service) -> {
            Map<String, Object> build = map(service.get("build"));
            if (build.get("dockerfile") != null && COMPOSE.getParent().resolve(String.valueOf(build.getOrDefault("context", ".")))
                    .resolve(String.valueOf(build.get("dockerfile"))).normalize().equals(DOCKERFILE.normalize())) {
                instances.add(new Instance("compose", name, environment(service), service, null));
            }
        });
        instances.addAll(kubernetes().instances());
        return instances;
    }

    private static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new TreeMap<>();
        map(yaml(COMPOSE).getFirst().get("services")).forEach((name, service) -> services.put(name, map(service)));
        assertThat(services).as("compose.yaml's services").isNotEmpty();
        return services;
    }

    /** A compose service's environment, in either of its forms (a map, or a list of NAME=value). */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new TreeMap<>();
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> env.put(String.valueOf(name), value == null ? "" : String.valueOf(value)));
        } else {
            for (Object entry : list(environment)) {
                String[] parts = String.valueOf(entry).split("=", 2);
                env.put(parts[0], parts.length == 2 ? parts[1] : "");
            }
        }
        return env;
    }

    private static KubernetesFiles kubernetes() {
        Map<String, Object> kustomization = yaml(KUBERNETES.resolve("kustomization.yaml")).getFirst();
        List<String> resources = list(kustomization.get("resources")).stream().map(String::valueOf).toList();
        Map<String, List<Map<String, Object>>> kinds = new TreeMap<>();
        for (String resource : resources) {
            Path file = KUBERNETES.resolve(resource);
            assertThat(file).as("kustomization.yaml's resource %s", resource).exists();
            for (Map<String, Object> document : yaml(file)) {
                kinds.computeIfAbsent(String.valueOf(document.get("kind")), kind -> new ArrayList<>()).add(document);
            }
        }
        Map<String, Map<String, String>> configMaps = data(kinds.getOrDefault("ConfigMap", List.of()));
        Map<String, Map<String, String>> secrets = data(kinds.getOrDefault("Secret", List.of()));
        List<Instance> instances = new ArrayList<>();
        for (Map<String, Object> deployment : kinds.getOrDefault("Deployment", List.of())) {
            Map<String, Object> container = map(list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                    .get("containers")).getFirst());
            Map<String, String> env = new TreeMap<>();
            for (Object source : list(container.get("envFrom"))) {
                Map<String, Object> from = map(source);
                String prefix = String.valueOf(from.getOrDefault("prefix", ""));
                Map<String, Object> configMap = map(from.get("configMapRef"));
                Map<String, Object> secret = map(from.get("secretRef"));
                Map<String, String> data = !configMap.isEmpty() ? configMaps.get(String.valueOf(configMap.get("name")))
                        : secrets.get(String.valueOf(secret.get("name")));
                assertThat(data).as("the ConfigMap or Secret %s", from).isNotNull();
                data.forEach((key, value) -> env.put(prefix + key, value));
            }
            for (Object entry : list(container.get("env"))) {
                Map<String, Object> variable = map(entry);
                env.put(String.valueOf(variable.get("name")), String.valueOf(variable.getOrDefault("value", "")));
            }
            instances.add(new Instance("kubernetes", String.valueOf(map(deployment.get("metadata")).get("name")), env,
                    null, deployment));
        }
        List<Map<String, Object>> images = list(kustomization.get("images")).stream().map(DeploymentFilesTest::map).toList();
        return new KubernetesFiles(resources, kinds, configMaps, secrets, instances, images);
    }

    private static Map<String, Map<String, String>> data(List<Map<String, Object>> documents) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (Map<String, Object> document : documents) {
            Map<String, String> data = new TreeMap<>();
            for (String field : List.of("data", "stringData")) {
                map(document.get(field)).forEach((key, value) -> data.put(key, String.valueOf(value)));
            }
            byName.put(String.valueOf(map(document.get("metadata")).get("name")), data);
        }
        return byName;
    }

    /** The compose gateway's routes: nginx's location blocks and the upstream (a compose service) each goes to. */
    private static List<Route> nginxRoutes() throws IOException {
        String conf = Files.readString(COMPOSE.resolveSibling("nginx.conf")).replaceAll("#[^\\n]*", "");
        Map<String, String> upstreams = new HashMap<>();
        Matcher upstream = Pattern.compile("upstream\\s+(\\S+)\\s*\\{([^}]*)}").matcher(conf);
        while (upstream.find()) {
            Matcher server = Pattern.compile("server\\s+([^\\s:;]+)").matcher(upstream.group(2));
            assertThat(server.find()).as("nginx upstream %s has a server", upstream.group(1)).isTrue();
            upstreams.put(upstream.group(1), server.group(1));
        }
        List<Route> routes = new ArrayList<>();
        Matcher location = Pattern.compile("location\\s+(=\\s*)?(\\S+)\\s*\\{([^}]*)}").matcher(conf);
        while (location.find()) {
            Matcher pass = Pattern.compile("proxy_pass\\s+https?://([^/;\\s]+)").matcher(location.group(3));
            String target = pass.find() ? upstreams.getOrDefault(pass.group(1), pass.group(1).replaceFirst(":\\d+$", "")) : null;
            routes.add(new Route(location.group(2), location.group(1) != null, false, target));
        }
        assertThat(routes).as("nginx.conf's locations").isNotEmpty();
        return routes;
    }

    /** A duration of Traefik's configuration: a Go duration (1h, 10s, 500ms) or a number of seconds. */
    private static Duration traefikDuration(Object value) {
        return value instanceof Number seconds ? Duration.ofSeconds(seconds.longValue()) : composeDuration(String.valueOf(value));
    }

    private static String firstMatch(String text, String regex) {
        Matcher match = Pattern.compile(regex).matcher(text);
        assertThat(match.find()).as("a match of %s", regex).isTrue();
        return match.group(1);
    }

    /**
     * The instances of the three-host layout's gateway (BSS_INSTANCE_n, as host:port) with the roles each runs, from
     * the three-hosts script: its subnet and hosts, the variables it gives HAProxy, and its {@code instance} lines.
     */
    private static Map<String, Set<Role>> threeHostInstances(String script) {
        String subnet = firstMatch(script, "\\bSUBNET=\\$\\{BSS_LAYOUT_SUBNET:-([0-9.]+)}");
        Map<String, String> hosts = new HashMap<>();
        Matcher host = Pattern.compile("\\b(H\\d+)=\\$SUBNET\\.(\\d+)").matcher(script);
        while (host.find()) {
            hosts.put(host.group(1), subnet + "." + host.group(2));
        }
        Map<String, Set<Role>> rolesByPort = new HashMap<>();
        Matcher instance = Pattern.compile("(?m)^\\s*instance\\s+\\S+\\s+(\\d+)\\s+(\\S+)\\s*$").matcher(script);
        while (instance.find()) {
            rolesByPort.put(instance.group(1), Role.parse(instance.group(2)));
        }
        Map<String, Set<Role>> instances = new TreeMap<>();
        Matcher variable = Pattern.compile("\\bBSS_INSTANCE_\\d+=\\$(H\\d+):(\\d+)").matcher(script);
        while (variable.find()) {
            assertThat(hosts).as("the hosts of the three-hosts script").containsKey(variable.group(1));
            assertThat(rolesByPort).as("the instances the three-hosts script starts, by port").containsKey(variable.group(2));
            instances.put(hosts.get(variable.group(1)) + ":" + variable.group(2), rolesByPort.get(variable.group(2)));
        }
        assertThat(instances).as("BSS_INSTANCE_n of the three-hosts script").hasSizeGreaterThanOrEqualTo(2);
        return instances;
    }

    /**
     * Every path goes to a target that serves it: one whose roles include the path's role (any target for a path of
     * every instance); the metrics stay inside (not routed).
     */
    private static List<String> routeProblems(String where, List<Route> routes, Map<String, Set<Role>> targets,
                                              Map<String, Role> paths) {
        List<String> problems = new ArrayList<>();
        paths.forEach((path, role) -> {
            Optional<Route> route = route(routes, path);
            if (route.isEmpty() || route.get().target() == null) {
                problems.add(where + ": " + path + " is not routed to the platform");
                return;
            }
            Set<Role> roles = targets.get(route.get().target());
            if (roles == null) {
                problems.add(where + ": " + path + " goes to " + route.get().target() + ", which is no platform instance");
            } else if (role != null && !roles.contains(role)) {
                problems.add(where + ": " + path + " goes to " + route.get().target() + ", which does not run the role "
                        + role.name().toLowerCase(Locale.ROOT) + " that serves it");
            }
        });
        route(routes, PROMETHEUS).filter(route -> route.target() != null).ifPresent(route -> problems.add(
                where + ": " + PROMETHEUS + " is routed out (to " + route.target() + "); it is open, keep it inside"));
        return problems;
    }

    private static Optional<Route> route(List<Route> routes, String path) {
        return routes.stream().filter(route -> route.exact() && route.matches(path)).findFirst()
                .or(() -> routes.stream().filter(route -> !route.exact() && route.matches(path))
                        .max(Comparator.comparingInt(route -> route.path().length())));
    }

    /** Each path of the platform's handlers (in its main classes) with the role that makes its controller exist. */
    private static Map<String, Role> servedPaths() {
        Map<String, Role> paths = new TreeMap<>(OTHER_PATHS);
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.bss.platform")) {
            Class<?> type = load(candidate.getBeanClassName());
            // The tests' controllers, and the error page (only the servlet container forwards to it).
            if (type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes")
                    || ErrorController.class.isAssignableFrom(type)) {
                continue;
            }
            ConditionalOnRole condition = AnnotatedElementUtils.findMergedAnnotation(type, ConditionalOnRole.class);
            RequestMapping prefix = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            List<String> prefixes = prefix == null || prefix.path().length == 0 ? List.of("") : List.of(prefix.path());
            for (Method method : type.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                for (String start : prefixes) {
                    for (String path : mapping.path().length == 0 ? new String[] {""} : mapping.path()) {
                        paths.put((start + path).replaceAll("\\{[^}]+}", "x"), condition == null ? null : condition.value());
                    }
                }
            }
        }
        return paths;
    }

    private static Map<String, Role> otherPaths() {
        Map<String, Role> paths = new HashMap<>();
        paths.put("/api/v1/stream/ws", Role.STREAM);
        paths.put("/console/index.html", null);
        paths.put("/webjars/uplot/dist/uPlot.esm.js", null);
        paths.put("/actuator/health", null);
        return paths;
    }

    /** The names of {@code variables} that Spring Boot would bind to no property of the platform. */
    private static List<String> unknownSettings(Set<String> variables) {
        return variables.stream().filter(variable -> !JVM_VARIABLES.contains(variable) && !isProperty(variable))
                .sorted().toList();
    }

    /**
     * Whether Spring Boot reads the environment variable as a property in the configuration metadata: as the property
     * itself, a key of a map property, or an element (or an element's field) of a list property.
     */
    private static boolean isProperty(String variable) {
        ConfigurationPropertySource source = environmentSource(Map.of(variable, "x"));
        var names = ((IterableConfigurationPropertySource) source).iterator();
        if (!names.hasNext()) {
            return false;
        }
        ConfigurationPropertyName given = names.next();
        for (var property : METADATA.entrySet()) {
            ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property.getKey());
            if (name == null) {
                continue;
            }
            if (source.getConfigurationProperty(name) != null) {
                return true;
            }
            if (source.containsDescendantOf(name) != ConfigurationPropertyState.PRESENT) {
                continue;
            }
            String type = property.getValue();
            if (type.startsWith("java.util.Map<")) {
                return true;
            }
            Matcher element = Pattern.compile("java\\.util\\.(?:List|Set|Collection)<(.+)>").matcher(type);
            if (!element.matches() || given.getNumberOfElements() <= name.getNumberOfElements()
                    || !given.isNumericIndex(name.getNumberOfElements())) {
                continue;
            }
            String index = given.getElement(name.getNumberOfElements(), ConfigurationPropertyName.Form.ORIGINAL)
                    .replaceAll("[\\[\\]]", "");
            ConfigurationPropertyName item = name.append("[" + index + "]");
            if (source.getConfigurationProperty(item) != null) {
                return true;
            }
            for (String field : fields(element.group(1))) {
                if (source.getConfigurationProperty(item.append(field)) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The settable fields of a list's element type, in the kebab case of properties. */
    private static List<String> fields(String typeName) {
        Class<?> type;
        try {
            type = Class.forName(typeName, false, DeploymentFilesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return List.of();
        }
        if (type.getName().startsWith("java.") || type.isEnum()) {
            return List.of();
        }
        Stream<String> names = type.isRecord() ? Stream.of(type.getRecordComponents()).map(RecordComponent::getName)
                : beanProperties(type).stream();
        return names.map(name -> name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> beanProperties(Class<?> type) {
        try {
            return Stream.of(Introspector.getBeanInfo(type).getPropertyDescriptors())
                    .filter(descriptor -> descriptor.getWriteMethod() != null).map(PropertyDescriptor::getName).toList();
        } catch (java.beans.IntrospectionException e) {
            return List.of();
        }
    }

    /** Environment variables as Spring Boot reads them: its system environment mapping, relaxed names included. */
    private static ConfigurationPropertySource environmentSource(Map<String, String> env) {
        var propertySource = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(env));
        return ConfigurationPropertySources.from(propertySource).iterator().next();
    }

    /** The settings of an instance: its environment over the platform's application.yaml, defaults under both. */
    private static Binder binder(Map<String, String> env) {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        sources.add(environmentSource(env));
        APPLICATION_YAML.forEach(source -> ConfigurationPropertySources.from(source).forEach(sources::add));
        return new Binder(sources);
    }

    private static int actuatorPort(Binder binder) {
        int server = binder.bind("server.port", Integer.class).orElse(8080);
        return binder.bind("management.server.port", Integer.class).orElse(server);
    }

    private static List<String> roleProblems(Instance instance) {
        String roles = instance.env().get("BSS_ROLES");
        if (roles == null) {
            return List.of(instance + ": BSS_ROLES is not set (all roles in every instance)");
        }
        try {
            Role.parse(roles);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(instance + ": BSS_ROLES=" + roles + ": " + e.getMessage());
        }
    }

    private static List<String> graceProblems(String where, Optional<Duration> grace, Duration needed) {
        if (grace.isEmpty()) {
            return List.of(where + ": no grace period set (the default is shorter than the drain and shutdown, "
                    + needed.toSeconds() + " s)");
        }
        if (grace.get().compareTo(needed) < 0) {
            return List.of(where + ": a grace period of " + grace.get().toSeconds() + " s, the drain and the shutdown "
                    + "timeout take up to " + needed.toSeconds() + " s");
        }
        return List.of();
    }

    private static List<String> probe(Instance instance, Map<String, Object> container, String kind, int port,
                                      String... paths) {
        Map<String, Object> httpGet = map(map(container.get(kind)).get("httpGet"));
        if (httpGet.isEmpty()) {
            return List.of(instance + ": no " + kind + " over HTTP");
        }
        List<String> problems = new ArrayList<>();
        if (!List.of(paths).contains(String.valueOf(httpGet.get("path")))) {
            problems.add(instance + ": " + kind + " asks " + httpGet.get("path") + ", not " + String.join(" or ", paths));
        }
        Object probePort = httpGet.get("port");
        Object resolved = probePort instanceof String name ? list(container.get("ports")).stream().map(DeploymentFilesTest::map)
                .filter(p -> name.equals(p.get("name"))).map(p -> p.get("containerPort")).findFirst().orElse(null)
                : probePort;
        if (!String.valueOf(port).equals(String.valueOf(resolved))) {
            problems.add(instance + ": " + kind + " asks port " + probePort + ", the actuator is on " + port);
        }
        return problems;
    }

    /** A reference that names a version: a tag other than latest, or a digest. */
    private static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        if (colon < 0 || colon < image.lastIndexOf('/')) {
            return false;
        }
        String tag = image.substring(colon + 1);
        return !tag.equals("latest") && tag.matches(".*[0-9].*");
    }

    /** A compose duration: 40s, 1m30s, 3m, 500ms. */
    private static Duration composeDuration(String text) {
        Matcher part = Pattern.compile("(\\d+)(ms|us|h|m|s)").matcher(text.strip());
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "ms" -> Duration.ofMillis(amount);
                default -> Duration.ofNanos(amount * 1000);
            });
            end = part.end();
        }
        assertThat(end).as("a compose duration: %s", text).isEqualTo(text.strip().length()).isPositive();
        return total;
    }

    /** The arguments of the Dockerfile's instructions of one kind, in order, continuation lines joined. */
    private static List<String> dockerfile(String instruction) {
        try {
            String text = Files.readString(DOCKERFILE).replaceAll("\\\\\\n", " ");
            List<String> found = new ArrayList<>();
            for (String line : text.split("\\n")) {
                String stripped = line.strip();
                if (stripped.regionMatches(true, 0, instruction + " ", 0, instruction.length() + 1)) {
                    found.add(stripped.substring(instruction.length() + 1).strip());
                }
            }
            assertThat(found).as("the Dockerfile's %s", instruction).isNotEmpty();
            return found;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String expand(String word, Map<String, String> args) {
        Matcher reference = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(word);
        return reference.replaceAll(match -> Matcher.quoteReplacement(args.getOrDefault(match.group(1), "")));
    }

    /** The layers of the built jar (its layers.idx), or Spring Boot's default four when it has not been built. */
    private static List<String> layers(Path jar) throws IOException {
        if (Files.exists(jar)) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                var index = zip.getEntry("BOOT-INF/layers.idx");
                if (index != null) {
                    try (InputStream in = zip.getInputStream(index)) {
                        return new String(in.readAllBytes()).lines().filter(line -> line.startsWith("- \""))
                                .map(line -> line.substring(3, line.lastIndexOf('"'))).toList();
                    }
                }
            }
        }
        return List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
    }

    private static String pomProperty(String pom, String name) {
        Matcher property = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(property.find()).as("pom property %s", name).isTrue();
        return property.group(1).strip();
    }

    private static boolean labels(Map<String, Object> labels, Object selector) {
        Map<String, Object> wanted = map(selector);
        return !wanted.isEmpty() && wanted.entrySet().stream()
                .allMatch(label -> String.valueOf(label.getValue()).equals(String.valueOf(labels.get(label.getKey()))));
    }

    /** Name and type of every property in the configuration metadata on the class path (Spring Boot's and the platform's). */
    private static Map<String, String> metadata() {
        Map<String, String> properties = new TreeMap<>();
        try {
            for (var resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
                try (InputStream in = resource.getInputStream()) {
                    for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
                        JsonNode type = property.get("type");
                        properties.put(property.get("name").asString(), type == null ? "" : type.asString());
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(properties).as("the configuration metadata").containsKeys("bss.roles", "spring.datasource.url");
        return properties;
    }

    private static List<PropertySource<?>> applicationYaml() {
        try {
            return new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The platform's @ConfigurationProperties types (its main classes, not the tests'). */
    private static List<Class<?>> configurationProperties() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        return scanner.findCandidateComponents("org.bss.platform").stream()
                .map(candidate -> load(candidate.getBeanClassName()))
                .filter(type -> !type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes"))
                .<Class<?>>map(type -> type).toList();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, DeploymentFilesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static String innermost(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static List<Map<String, Object>> yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((key, item) -> copy.put(String.valueOf(key), item));
        return copy;
    }

    private static List<Object> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> items ? new ArrayList<>(items) : List.of(value);
    }

    private static long number(Object value, long otherwise) {
        return value instanceof Number n ? n.longValue() : otherwise;
    }
}

package org.bss.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Traefik gateway's routers ({@code deploy/traefik/dynamic.yml}) as Traefik chooses between them, with the roles
 * all the instances of each service run and the header each rate-limit middleware is keyed on; and where they take
 * each path of the platform.
 */
record TraefikRoutes(List<Router> routers, Map<String, Set<Role>> serviceRoles, Map<String, String> limitHeaders) {

    /** The callers a path is sent by: with an API key, a bearer token, both, or neither. */
    private static final List<Map<String, String>> CALLERS = List.of(Map.of("X-API-Key", "bss_example"),
            Map.of("Authorization", "Bearer example"), Map.of("X-API-Key", "bss_example", "Authorization", "Bearer example"),
            Map.of());

    /** A request as a Traefik rule sees it: its path and headers (names in any case). */
    record Request(String path, Map<String, String> headers) {

        Request {
            Map<String, String> anyCase = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            anyCase.putAll(headers);
            headers = anyCase;
        }
    }

    /** A router of dynamic.yml: its rule, its priority (given, or the rule's length as Traefik's default), where it goes. */
    record Router(String name, Predicate<Request> rule, int priority, String service, List<String> middlewares) {
    }

    /** The routers Traefik would choose between for a request: those of the highest priority whose rule matches. */
    List<Router> chosen(Request request) {
        List<Router> matching = routers.stream().filter(router -> router.rule().test(request)).toList();
        int top = matching.stream().mapToInt(Router::priority).max().orElse(0);
        return matching.stream().filter(router -> router.priority() == top).toList();
    }

    /**
     * Each path, sent by each of the callers, is taken by the router Traefik picks to instances that serve it (those
     * running the path's role; any for a path of every instance), under the limit of the header HAProxy would count
     * it on, and under no limit keyed on a header it lacks (Traefik would put all such requests into one budget). The
     * path {@code inside} is routed for no caller.
     *
     * @param counted the headers HAProxy counts a request on, the first one the request has
     */
    List<String> problems(Map<String, Role> paths, List<String> counted, String inside) {
        List<String> problems = new ArrayList<>();
        for (Map<String, String> caller : CALLERS) {
            String countedOn = counted.stream().filter(caller::containsKey).findFirst().orElse(null);
            String who = caller.isEmpty() ? "without a key or token" : "with " + new TreeSet<>(caller.keySet());
            paths.forEach((path, role) -> {
                List<Router> chosen = chosen(new Request(path, caller));
                if (chosen.isEmpty()) {
                    problems.add("dynamic.yml: " + path + " " + who + " is not routed to the platform");
                    return;
                }
                if (chosen.size() > 1) {
                    problems.add("dynamic.yml: " + path + " " + who + " matches routers of the same priority: "
                            + chosen.stream().map(Router::name).toList());
                }
                Router router = chosen.getFirst();
                Set<Role> roles = serviceRoles.get(router.service());
                if (roles == null) {
                    problems.add("dynamic.yml: " + path + " " + who + " goes to " + router.service() + ", which is no platform service");
                } else if (role != null && !roles.contains(role)) {
                    problems.add("dynamic.yml: " + path + " " + who + " goes to " + router.service()
                            + ", whose instances do not all run the role " + role.name().toLowerCase(Locale.ROOT) + " that serves it");
                }
                List<String> limits = router.middlewares().stream().filter(limitHeaders::containsKey).map(limitHeaders::get).toList();
                if (!limits.equals(countedOn == null ? List.of() : List.of(countedOn))) {
                    problems.add("dynamic.yml: " + path + " " + who + " (router " + router.name() + ") is limited per "
                            + limits + ", HAProxy counts it " + (countedOn == null ? "nowhere" : "per " + countedOn));
                }
            });
            chosen(new Request(inside, caller)).forEach(router -> problems.add(
                    "dynamic.yml: " + inside + " " + who + " is routed out (router " + router.name() + "); keep it inside"));
        }
        return problems;
    }

    /**
     * A rule in Traefik v3's syntax, with the matchers a gateway of the platform needs (Path, PathPrefix, Header,
     * HeaderRegexp), !, &&, || and parentheses; any other matcher fails the test rather than being guessed at.
     */
    static Predicate<Request> rule(String rule) {
        return new RuleParser(rule).parse();
    }

    /** A recursive-descent parser of one rule, over its tokens: the operators as strings, the matchers as predicates. */
    private static final class RuleParser {

        private static final Pattern TOKEN =
                Pattern.compile("\\s*(?:(&&|\\|\\||!|\\(|\\))|([A-Za-z]+)\\(((?:\\s*`[^`]*`\\s*,?)*)\\))\\s*");
        private static final Pattern ARGUMENT = Pattern.compile("`([^`]*)`");

        /** The binary operators, the loosest first. */
        private static final List<Operator> PRECEDENCE = List.of(new Operator("||", Predicate::or),
                new Operator("&&", Predicate::and));

        private record Operator(String symbol, BinaryOperator<Predicate<Request>> combine) {
        }

        private final String rule;
        private final List<Object> tokens = new ArrayList<>();
        private int next;

        RuleParser(String rule) {
            this.rule = rule;
            Matcher token = TOKEN.matcher(rule);
            int end = 0;
            while (end < rule.length() && token.find(end) && token.start() == end) {
                if (token.group(1) != null) {
                    tokens.add(token.group(1));
                } else {
                    List<String> args = new ArrayList<>();
                    Matcher arg = ARGUMENT.matcher(token.group(3));
                    while (arg.find()) {
                        args.add(arg.group(1));
                    }
                    tokens.add(matcher(token.group(2), args));
                }
                end = token.end();
            }
            assertThat(end).as("a Traefik rule: %s", rule).isEqualTo(rule.length());
        }

        Predicate<Request> parse() {
            Predicate<Request> parsed = operation(0);
            assertThat(next).as("the end of the rule %s", rule).isEqualTo(tokens.size());
            return parsed;
        }

        /** Operands joined by the operator of this level of precedence; each operand is of the next level, or a term. */
        private Predicate<Request> operation(int level) {
            if (level == PRECEDENCE.size()) {
                return term();
            }
            Operator operator = PRECEDENCE.get(level);
            Predicate<Request> left = operation(level + 1);
            while (next < tokens.size() && operator.symbol().equals(tokens.get(next))) {
                next++;
                left = operator.combine().apply(left, operation(level + 1));
            }
            return left;
        }

        @SuppressWarnings("unchecked")
        private Predicate<Request> term() {
            assertThat(next).as("a matcher at the end of the rule %s", rule).isLessThan(tokens.size());
            Object token = tokens.get(next++);
            if ("!".equals(token)) {
                return term().negate();
            }
            if ("(".equals(token)) {
                Predicate<Request> inner = operation(0);
                assertThat(next < tokens.size() && ")".equals(tokens.get(next++))).as("a closing parenthesis in %s", rule).isTrue();
                return inner;
            }
            assertThat(token).as("a matcher in the rule %s", rule).isInstanceOf(Predicate.class);
            return (Predicate<Request>) token;
        }

        private Predicate<Request> matcher(String name, List<String> args) {
            int arity = name.startsWith("Header") ? 2 : 1;
            assertThat(args).as("the arguments of %s in %s", name, rule).hasSize(arity);
            return switch (name) {
                case "Path" -> request -> request.path().equals(args.getFirst());
                case "PathPrefix" -> request -> request.path().startsWith(args.getFirst());
                case "Header" -> request -> args.get(1).equals(request.headers().get(args.getFirst()));
                case "HeaderRegexp" -> {
                    Pattern value = Pattern.compile(args.get(1));
                    yield request -> request.headers().containsKey(args.getFirst())
                            && value.matcher(request.headers().get(args.getFirst())).find();
                }
                default -> throw new AssertionError(rule + ": the matcher " + name + " is not modelled by this test");
            };
        }
    }
}

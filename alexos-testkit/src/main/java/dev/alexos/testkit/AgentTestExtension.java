package dev.alexos.testkit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The JUnit 5 extension behind {@link AgentTest}: resolves {@link AgentTestKit} parameters
 * (one kit per test method, configured from the annotation), closes the kit after the test,
 * and applies the annotation's timeout to each test method.
 *
 * <p>Usable directly with {@code @ExtendWith(AgentTestExtension.class)} (module {@code custom},
 * no configuration, 30 s timeout).
 */
public final class AgentTestExtension implements ParameterResolver, AfterEachCallback, InvocationInterceptor {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AgentTestExtension.class);
    private static final String KIT = "kit";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AgentTestKit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("an AgentTestKit is given to test methods only (one kit per test),"
                    + " not to constructors or class-level callbacks");
        }
        return context.getStore(NS).computeIfAbsent(KIT, k -> newKit(context), AgentTestKit.class);
    }

    private static AgentTestKit newKit(ExtensionContext context) {
        AgentTestKit.Builder b = AgentTestKit.builder();
        settings(context).ifPresent(a -> b.module(a.module()).config(parseConfig(a.config())));
        return b.build();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        AgentTestKit kit = context.getStore(NS).remove(KIT, AgentTestKit.class);
        if (kit != null) {
            kit.close();
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        long seconds = settings(context).map(AgentTest::timeoutSeconds).orElse(30L);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(seconds), invocation::proceed,
                () -> "test did not finish within the @AgentTest timeout of " + seconds + " s (real time);"
                        + " if it waits on scheduled work, advance the kit's virtual clock instead");
    }

    private static Optional<AgentTest> settings(ExtensionContext context) {
        Optional<AgentTest> onMethod = context.getTestMethod().flatMap(m -> find(m));
        return onMethod.isPresent() ? onMethod : context.getTestClass().flatMap(AgentTestExtension::find);
    }

    private static Optional<AgentTest> find(AnnotatedElement element) {
        AgentTest direct = element.getAnnotation(AgentTest.class);
        if (direct != null) {
            return Optional.of(direct);
        }
        for (var a : element.getAnnotations()) {
            AgentTest meta = a.annotationType().getAnnotation(AgentTest.class);
            if (meta != null) {
                return Optional.of(meta);
            }
        }
        return Optional.empty();
    }

    /** Turns {@code a.b=value} lines into nested maps. */
    static Map<String, Object> parseConfig(String[] lines) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@AgentTest config entry '" + line + "' is not key=value");
            }
            String[] path = line.substring(0, eq).trim().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                if (!(child instanceof Map)) {
                    throw new IllegalArgumentException("@AgentTest config key '" + path[i] + "' is both a value and a section");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) child;
                node = next;
            }
            node.put(path[path.length - 1], line.substring(eq + 1).trim());
        }
        return root;
    }
}

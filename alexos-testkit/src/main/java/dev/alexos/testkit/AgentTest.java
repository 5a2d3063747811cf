package dev.alexos.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class or method with the {@link AgentTestExtension}: a test method's
 * {@link AgentTestKit} parameter is given a fresh kit, closed after the test (which fails the
 * test when background work failed), and each test method runs under a default timeout.
 *
 * <pre>{@code
 * @AgentTest(module = "httpcheck", config = {"interval=30s", "endpoints=http://127.0.0.1:1/health"})
 * class HttpCheckAgentTest {
 *   @Test
 *   void reportsDown(AgentTestKit kit) {
 *     kit.start(new HttpCheckAgent());
 *     kit.advance(Duration.ofSeconds(30));
 *     assertThat(kit.events()).containsTopic("httpcheck.endpoint_down");
 *   }
 * }
 * }</pre>
 *
 * A method-level annotation overrides the class-level one.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(AgentTestExtension.class)
public @interface AgentTest {

    /** The module (topic prefix and configuration section) of the agents under test. */
    String module() default "custom";

    /**
     * Configuration of the module's section as {@code key=value} lines; dotted keys nest
     * ({@code retry.max=3}); a comma-separated value is read as a list by {@code ConfigSection.list}.
     */
    String[] config() default {};

    /** Real-time limit of each test method, in seconds (a hang guard, not a timing check). */
    long timeoutSeconds() default 30;
}

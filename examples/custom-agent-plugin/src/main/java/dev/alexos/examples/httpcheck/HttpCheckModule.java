package dev.alexos.examples.httpcheck;

import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.ModuleContext;
import org.pf4j.Extension;

/**
 * The {@code httpcheck} module: registers one {@link HttpCheckAgent} that probes the URLs of
 * configuration section {@code httpcheck}.
 *
 * <pre>{@code
 * httpcheck:
 *   endpoints: [https://example.org/health, http://10.0.0.5:8080/ready]
 *   interval: 30s          # between probe rounds
 *   timeout: 5s            # per request
 *   failure_threshold: 2   # consecutive failures before an endpoint counts as down
 * }</pre>
 */
@Extension
public final class HttpCheckModule implements AlexOsModule {

    @Override
    public String id() {
        return HttpCheckAgent.MODULE;
    }

    @Override
    public void start(ModuleContext context) {
        context.agents().register(new HttpCheckAgent());
    }
}

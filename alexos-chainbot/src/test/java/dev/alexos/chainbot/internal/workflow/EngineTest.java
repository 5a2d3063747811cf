package dev.alexos.chainbot.internal.workflow;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow engine per test on a fresh H2 file, with one echo agent ({@code echo-1}): the
 * set-up the engine's tests share. A test class tunes the harness in {@link #configure}.
 */
abstract class EngineTest {
    @TempDir
    Path dir;
    Harness h;
    ScriptedAgent echo;

    /** Adjusts the harness (limits, examples) before the engine starts; nothing by default. */
    void configure(Harness harness) {
    }

    @BeforeEach
    void startEngine() {
        h = new Harness(dir);
        configure(h);
        h.start();
        echo = h.echo("echo-1");
    }

    @AfterEach
    void closeEngine() {
        h.close();
    }
}

package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowValidationException;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Definitions as files in {@code <dir>} ({@code *.json}, {@code *.yaml}, {@code *.yml}): loaded at
 * start, written by the API (as {@code <id>.json}, atomically). A file that does not validate is
 * logged with the reason and left out, never half-loaded. Thread-safe.
 */
final class DefinitionRepository {
    private static final Logger LOG = LoggerFactory.getLogger(DefinitionRepository.class);
    static final List<String> EXAMPLES = List.of("container-health.yaml", "guarded-restart.yaml", "ai-container-report.yaml");
    private static final ObjectMapper YAML = new YAMLMapper();

    private final Path dir;
    private final DefinitionParser parser = new DefinitionParser();
    private final Map<String, WorkflowDefinition> byId = new TreeMap<>();
    private final Map<String, Path> files = new TreeMap<>();
    private final Map<String, String> loadErrors = new TreeMap<>();

    DefinitionRepository(Path dir, boolean installExamples) {
        this.dir = dir;
        try {
            boolean first = !Files.isDirectory(dir);
            Files.createDirectories(dir);
            if (installExamples) {
                installExamples(first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workflow directory " + dir, e);
        }
        load();
    }

    /** Copies the shipped examples that are absent; a marker remembers it so that deleted examples stay deleted. */
    private void installExamples(boolean first) throws IOException {
        Path marker = dir.resolve(".examples-installed");
        List<String> done = Files.exists(marker) ? Files.readAllLines(marker) : new ArrayList<>();
        List<String> now = new ArrayList<>(done);
        for (String name : EXAMPLES) {
            if (done.contains(name)) {
                continue;
            }
            Path target = dir.resolve(name);
            if (!Files.exists(target)) {
                try (InputStream in = DefinitionRepository.class.getResourceAsStream(
                        "/dev/alexos/chainbot/workflow/examples/" + name)) {
                    if (in == null) {
                        continue;
                    }
                    Files.copy(in, target);
                }
            }
            now.add(name);
        }
        if (!now.equals(done)) {
            Files.write(marker, now);
        }
    }

    private synchronized void load() {
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().matches(".*\\.(json|ya?ml)$")).sorted().forEach(this::loadFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private void loadFile(Path p) {
        try {
            JsonNode doc = readDocument(Files.readString(p), p.toString().endsWith(".json"));
            if (!doc.isObject()) {
                throw new WorkflowValidationException("(document)", "must be an object");
            }
            WorkflowDefinition d = parser.parse((ObjectNode) doc);
            if (byId.containsKey(d.id())) {
                throw new WorkflowValidationException("id", "'" + d.id() + "' is also defined in " + files.get(d.id()).getFileName());
            }
            byId.put(d.id(), d);
            files.put(d.id(), p);
        } catch (IOException | IllegalArgumentException e) {
            loadErrors.put(p.getFileName().toString(), e.getMessage());
            LOG.warn("workflow file {} not loaded: {}", p, e.getMessage());
        }
    }

    static JsonNode readDocument(String text, boolean json) throws IOException {
        return json ? Json.mapper().readTree(text) : YAML.readTree(text);
    }

    synchronized List<WorkflowDefinition> all() {
        return List.copyOf(byId.values());
    }

    synchronized Optional<WorkflowDefinition> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    synchronized Map<String, String> loadErrors() {
        return Map.copyOf(loadErrors);
    }

    /** Validates (throws naming the field), writes {@code <id>.json}, replaces any earlier file of that id. */
    synchronized WorkflowDefinition save(ObjectNode doc) {
        WorkflowDefinition d = parser.parse(doc);
        Path target = dir.resolve(d.id() + ".json");
        try {
            Path tmp = dir.resolve("." + d.id() + ".json.tmp");
            Files.writeString(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(d.source()));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path old = files.get(d.id());
            if (old != null && !old.equals(target)) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write workflow " + d.id() + " to " + target, e);
        }
        byId.put(d.id(), d);
        files.put(d.id(), target);
        return d;
    }

    synchronized boolean delete(String id) {
        Path p = files.remove(id);
        if (byId.remove(id) == null) {
            return false;
        }
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
        return true;
    }

    /** Parses a stored definition snapshot (of a run) without storing it. */
    WorkflowDefinition parseSnapshot(String json) throws IOException {
        return parser.parse((ObjectNode) Json.mapper().readTree(json));
    }
}

package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's journal: replay, torn and damaged tails, checkpoints, compaction when a run ends, migration. */
class RunStoreTest {
    private static final Executor DIRECT = Runnable::run;
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("workflows-journal.log");
    }

    private static WorkflowRun queued(String id) {
        return new WorkflowRun(id, "wf", null, RunStatus.QUEUED, Json.object(), null, null, "test", T0, null, null, 0,
                List.of());
    }

    private static StepRecord step(String key, StepStatus status, int n) {
        var out = Json.object();
        out.put("n", n);
        return new StepRecord(key, key, "transform", status, null, status == StepStatus.COMPLETED ? out : null, null, 1,
                T0, status.isTerminal() ? T0.plusMillis(n) : null, null);
    }

    @Test
    void lazyAndDurableRecordsAreReplayedFromTheJournalInStartOrder() {
        try (RunStore s = new RunStore(dir, DIRECT)) {
            s.insertRun(queued("r1"), "{}").join();
            s.recordStep("r1", step("a", StepStatus.RUNNING, 1));
            s.recordStep("r1", step("b", StepStatus.COMPLETED, 2));
            s.recordStep("r1", step("a", StepStatus.COMPLETED, 3));
            s.upsertStep("r1", step("c", StepStatus.RUNNING, 4)).join();
            // readable at once, from memory
            assertThat(s.steps("r1").keySet()).containsExactly("a", "b", "c");
        }
        // the run never ended: its steps are only in the journal, which a restart replays
        try (RunStore s = new RunStore(dir, DIRECT)) {
            var steps = s.steps("r1");
            assertThat(steps.keySet()).containsExactly("a", "b", "c");
            assertThat(steps.get("a").status()).isEqualTo(StepStatus.COMPLETED);
            assertThat(steps.get("a").output().get("n").asInt()).isEqualTo(3);
            assertThat(steps.get("c").status()).isEqualTo(StepStatus.RUNNING);
        }
    }

    @Test
    void aTornTailIsCutAndEverythingBeforeItKept() throws IOException {
        try (RunStore s = new RunStore(dir, DIRECT)) {
            s.insertRun(queued("r1"), "{}").join();
            s.upsertStep("r1", step("a", StepStatus.COMPLETED, 1)).join();
            s.upsertStep("r1", step("b", StepStatus.RUNNING, 2)).join();
        }
        long intact = Files.size(journal());
        // a frame cut short by the kill: its header promises 300 bytes, 10 follow
        append(ByteBuffer.allocate(22).putInt(300).putInt(~300).putInt(7).put(new byte[10]));
        try (RunStore s = new RunStore(dir, DIRECT)) {
            assertThat(s.steps("r1").keySet()).containsExactly("a", "b");
        }
        // the replay checkpointed the steps into H2 and emptied the journal
        assertThat(Files.size(journal())).isLessThan(intact);
        try (StepJournal j = StepJournal.open(journal(), (id, json) -> { })) {
            assertThat(j.replayed().bytesCut()).isZero();
        }
    }

    @Test
    void aDamagedLastFrameIsCutNotReplayed() throws IOException {
        try (RunStore s = new RunStore(dir, DIRECT)) {
            s.insertRun(queued("r1"), "{}").join();
            s.upsertStep("r1", step("a", StepStatus.COMPLETED, 1)).join();
            s.upsertStep("r1", step("b", StepStatus.COMPLETED, 2)).join();
        }
        // flip one byte inside the last frame's body: its CRC no longer matches
        try (FileChannel ch = FileChannel.open(journal(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = ch.size() - 5;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, at);
        }
        try (StepJournal j = StepJournal.open(Files.copy(journal(), dir.resolve("copy.log")), (id, json) -> { })) {
            assertThat(j.replayed().frames()).isEqualTo(1);
            assertThat(j.replayed().cutReason()).isEqualTo("checksum mismatch");
        }
        try (RunStore s = new RunStore(dir, DIRECT)) {
            assertThat(s.steps("r1").keySet()).containsExactly("a");
        }
    }

    @Test
    void aFinishedRunKeepsItsStepsInItsRowAndItsJournalRecordsAreSkipped() {
        try (RunStore s = new RunStore(dir, DIRECT)) {
            s.insertRun(queued("r1"), "{}").join();
            s.recordStep("r1", step("a", StepStatus.COMPLETED, 1));
            s.recordStep("r1", step("b", StepStatus.COMPLETED, 2));
            s.updateRun("r1", RunStatus.COMPLETED, Json.mapper().valueToTree("done"), null, T0, T0.plusSeconds(1), 0).join();
            // a late record of an ended run is not kept (it would never be compacted)
            s.recordStep("r1", step("late", StepStatus.CANCELLED, 3));
            assertThatThrownBy(() -> s.upsertStep("r1", step("late", StepStatus.RUNNING, 3)).join())
                    .hasMessageContaining("has ended");
            WorkflowRun r = s.find("r1", true).orElseThrow();
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(r.steps()).extracting(StepRecord::stepKey).containsExactly("a", "b");
        }
        try (RunStore s = new RunStore(dir, DIRECT)) {
            assertThat(s.find("r1", true).orElseThrow().steps()).extracting(StepRecord::stepKey).containsExactly("a", "b");
            assertThat(s.unfinished()).isEmpty();
        }
    }

    @Test
    void aFullJournalIsCheckpointedIntoTheRowsOfUnfinishedRuns() throws Exception {
        try (RunStore s = new RunStore(dir, DIRECT, 4096)) {
            s.insertRun(queued("r1"), "{}").join();
            for (int i = 0; i < 200; i++) {
                s.recordStep("r1", step("s" + i, StepStatus.COMPLETED, i));
            }
            s.upsertStep("r1", step("last", StepStatus.RUNNING, 200)).join();
            s.flush().join();
            assertThat(Files.size(journal())).as("checkpointed: 200 records would be ~30 KB").isLessThanOrEqualTo(4096);
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("workflows-db").toAbsolutePath(), "sa", "");
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT steps FROM wf_run WHERE id='r1'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("a checkpoint wrote the live steps to the row").contains("\"key\":\"s0\"");
        }
        try (RunStore s = new RunStore(dir, DIRECT)) {
            var steps = s.steps("r1");
            assertThat(steps).hasSize(201);
            assertThat(steps.keySet()).startsWith("s0", "s1", "s2").endsWith("s199", "last");
        }
    }

    @Test
    void stepRowsOfAnOlderDatabaseAreFoldedIntoTheirRuns() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("workflows-db").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE wf_run (id VARCHAR(64) PRIMARY KEY, workflow_id VARCHAR(200) NOT NULL,"
                    + " parent_run_id VARCHAR(64), status VARCHAR(32) NOT NULL, inputs VARCHAR, result VARCHAR, error VARCHAR,"
                    + " requested_by VARCHAR(200), created_at BIGINT NOT NULL, started_at BIGINT, completed_at BIGINT,"
                    + " resume_count INT DEFAULT 0 NOT NULL, definition VARCHAR NOT NULL)");
            st.execute("CREATE TABLE wf_step (run_id VARCHAR(64) NOT NULL, step_key VARCHAR(1000) NOT NULL,"
                    + " step_id VARCHAR(200) NOT NULL, type VARCHAR(32) NOT NULL, status VARCHAR(32) NOT NULL, input VARCHAR,"
                    + " output VARCHAR, error VARCHAR, attempts INT NOT NULL, started_at BIGINT, completed_at BIGINT, state VARCHAR,"
                    + " seq BIGINT AUTO_INCREMENT, PRIMARY KEY (run_id, step_key))");
            st.execute("INSERT INTO wf_run (id, workflow_id, status, created_at, definition) VALUES ('old', 'wf', 'running', 1, '{}')");
            st.execute("INSERT INTO wf_step (run_id, step_key, step_id, type, status, output, attempts, state)"
                    + " VALUES ('old', 'w', 'w', 'wait', 'waiting', NULL, 1, '{\"wake_at\":5}')");
            st.execute("INSERT INTO wf_step (run_id, step_key, step_id, type, status, output, attempts)"
                    + " VALUES ('old', 'a', 'a', 'transform', 'completed', '{\"x\":1}', 1)");
        }
        try (RunStore s = new RunStore(dir, DIRECT)) {
            var steps = s.steps("old");
            assertThat(steps.keySet()).containsExactly("w", "a");
            assertThat(steps.get("w").state().get("wake_at").asLong()).isEqualTo(5);
            assertThat(steps.get("a").output().get("x").asInt()).isEqualTo(1);
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet rs = c.getMetaData().getTables(null, null, "WF_STEP", null)) {
            assertThat(rs.next()).as("the old step table is gone").isFalse();
        }
    }

    private void append(ByteBuffer b) throws IOException {
        b.flip();
        try (FileChannel ch = FileChannel.open(journal(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }
}

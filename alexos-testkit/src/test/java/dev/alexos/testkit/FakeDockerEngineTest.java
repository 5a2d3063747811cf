package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docker-java, the client Watchtower uses, works against the fake engine. */
class FakeDockerEngineTest {
    private FakeDockerEngine docker;
    private DockerClient client;
    private String web;
    private String job;

    @BeforeEach
    void setUp() {
        docker = FakeDockerEngine.start();
        web = docker.add(FakeContainer.builder("web").image("nginx:1.25").health("healthy").label("tier", "front")
                .env("DB_PASSWORD=hunter2").build());
        job = docker.add(FakeContainer.builder("job").image("busybox:1").exited(3).build());
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(docker.dockerHost())
                .withDockerTlsVerify(false).build();
        var http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(10)).build();
        client = DockerClientImpl.getInstance(config, http);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        docker.close();
    }

    @Test
    void listsAndInspectsContainers() {
        client.pingCmd().exec();
        assertThat(client.listContainersCmd().exec()).extracting(Container::getId).containsExactly(web);
        List<Container> all = client.listContainersCmd().withShowAll(true).exec();
        assertThat(all).extracting(Container::getNames).containsExactly(new String[] {"/web"}, new String[] {"/job"});
        assertThat(all.get(0).getStatus()).isEqualTo("Up (healthy)");
        assertThat(all.get(1).getState()).isEqualTo("exited");
        assertThat(client.listContainersCmd().withLabelFilter(java.util.Map.of("tier", "front")).withShowAll(true).exec())
                .hasSize(1);
        assertThat(client.listContainersCmd().withStatusFilter(List.of("exited")).exec()).extracting(Container::getId)
                .containsExactly(job);

        var inspect = client.inspectContainerCmd("web").exec();
        assertThat(inspect.getId()).isEqualTo(web);
        assertThat(inspect.getState().getRunning()).isTrue();
        assertThat(inspect.getState().getHealth().getStatus()).isEqualTo("healthy");
        assertThat(inspect.getConfig().getImage()).isEqualTo("nginx:1.25");
        assertThatThrownBy(() -> client.inspectContainerCmd("nope").exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void actionsChangeStateAndStreamEvents() throws Exception {
        List<Event> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        ResultCallback.Adapter<Event> callback = client.eventsCmd().withEventTypeFilter("container")
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event e) {
                        seen.add(e);
                    }

                    @Override
                    public void onComplete() {
                        ended.set(true);
                        super.onComplete();
                    }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> docker.eventStreams() == 1);

        client.stopContainerCmd(web).exec();
        assertThat(docker.container(web).orElseThrow().state()).isEqualTo("exited");
        assertThatThrownBy(() -> client.stopContainerCmd(web).exec()).isInstanceOf(NotModifiedException.class);
        client.startContainerCmd(web).exec();
        client.restartContainerCmd(job).exec();
        docker.die(web, 137);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).extracting(Event::getAction).hasSize(7));
        assertThat(seen).extracting(Event::getAction)
                .containsExactly("kill", "die", "stop", "start", "start", "restart", "die");
        assertThat(seen.get(6).getActor().getAttributes()).containsEntry("exitCode", "137").containsEntry("name", "web");

        docker.endEventStreams();
        await().atMost(Duration.ofSeconds(10)).untilTrue(ended);
        callback.close();
    }

    @Test
    void injectedFailuresReachTheClient() {
        docker.failNext("GET", "/containers/json", HttpReply.json(500, java.util.Map.of("message", "engine hiccup")));
        assertThatThrownBy(() -> client.listContainersCmd().exec()).isInstanceOf(InternalServerErrorException.class)
                .hasMessageContaining("engine hiccup");
        assertThat(client.listContainersCmd().exec()).hasSize(1);
        assertThat(docker.requests()).extracting(RecordedRequest::path).anyMatch(p -> p.endsWith("/containers/json"));
    }
}

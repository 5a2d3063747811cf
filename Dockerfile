# ALEX OS reference server (Watchtower + ChainBot + dashboard).
#   docker build -t alexos-watchtower-chainbot .
#   docker run -d --name alexos -p 8000:8000 -v /var/run/docker.sock:/var/run/docker.sock \
#     -v alexos-data:/opt/alexos/data alexos-watchtower-chainbot
#   docker logs alexos     # shows the admin token on first start
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package \
 && mkdir /dist && cp -r alexos-dashboard-javalin/target/alexos-*/alexos-*/. /dist/

FROM eclipse-temurin:17-jre
WORKDIR /opt/alexos
COPY --from=build /dist/ /opt/alexos/
# In a container the server must listen on all interfaces; token auth stays on (ALEXOS_AUTH=open
# is refused off loopback). Data (ledger, tokens, workflows) lives in the volume.
ENV WATCHTOWER_PORT=8000 \
    ALEXOS_BIND=0.0.0.0 \
    ALEXOS_DATA_DIR=/opt/alexos/data \
    ALEXOS_PLUGINS_DIR=/opt/alexos/plugins \
    ALEXOS_LOG_DIR=/opt/alexos/logs \
    JAVA_OPTS="-XX:+UseSerialGC -Xms32m -Xmx256m -XX:+ExitOnOutOfMemoryError"
VOLUME ["/opt/alexos/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /api/health HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/opt/alexos/bin/alexos"]

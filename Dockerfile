# trustlock as a container image. The dist archive carries its own jlink'd Java runtime, so the
# image needs no JDK: build the archive first, then the image:
#   mvn -q -B -Pdist package -DskipTests
#   docker build -t trustlock .
#   docker run --rm -v "$PWD:/work" -w /work trustlock verify .
FROM debian:bookworm-slim
# ca-certificates: HTTPS to the registry. A user without a home-directory shell, not root.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 trustlock
ADD cli/target/trustlock-*-linux-x64.tar.gz /opt/
RUN mv /opt/trustlock-*-linux-x64 /opt/trustlock \
    && /opt/trustlock/bin/trustlock --version \
    && ln -s /opt/trustlock/bin/trustlock /usr/local/bin/trustlock
USER trustlock
# The --version run above made the class-data-sharing archive in /opt/trustlock/lib, for this
# path, so every container starts fast without writing anything.
ENTRYPOINT ["trustlock"]
CMD ["--help"]

# Snapline: build, run, test, bench. Maven downloads everything it needs.
MVN ?= mvn -B -ntp
DURATION ?= 30
# JMH options; e.g. `make bench JMH='-f 1 -wi 3 -i 5 LineFramerBenchmark'`
JMH ?= -prof gc
# The JVM flags Chronicle Queue needs (the parent pom's chronicle.jvm.flags), as the java @argfile
# the bench build writes. The JAR's main adds them to JMH forks itself; memory-run needs them.
CHRONICLE_ARGS = @bench/target/classes/io/snapline/bench/chronicle-jvm.args

.PHONY: build test test-memory test-faults run bench clean

build:
	$(MVN) -DskipTests package

test:
	$(MVN) verify

# Every memory and leak test, the long ones (tagged memory-long) included; `make test` runs only
# the quick ones (tagged memory).
test-memory:
	$(MVN) verify -Dsurefire.excludedGroups= -Dgroups='memory | memory-long'

# Every fault test, the long ones (tagged faults-long: a million fuzzed lines, long kill -9
# campaigns) included; `make test` runs only the quick ones (tagged faults).
test-faults:
	$(MVN) verify -Dsurefire.excludedGroups= -Dgroups='faults | faults-long'

JAR = sidecar/target/snapline.jar
# The modules the JAR is built from, main sources and poms.
JAR_MODULES = tailer records engine queue-chronicle nodegen sidecar
SOURCES = $(shell find $(addsuffix /src/main,$(JAR_MODULES)) -type f) pom.xml $(addsuffix /pom.xml,$(JAR_MODULES))

# The standalone sidecar; rebuilt only when a source changed.
$(JAR): $(SOURCES)
	$(MVN) -q -DskipTests -pl sidecar -am package

# The demo: generated node files in ./demo tailed into ./data for DURATION seconds (default 30).
run: $(JAR)
	DURATION=$(DURATION) scripts/demo.sh

bench: build
	java -jar bench/target/benchmarks.jar $(JMH)

clean:
	$(MVN) clean

# Long memory runs: 5 GB backlogs of order statuses (streaming, and by-block lines of ~3.7 MB)
# drained with -Xmx128m by the engine (default ring; default ring with a 1 MiB maximum line, which
# sizes the queue's mapped blocks; the earlier default ring of 16 x 2 MiB) and by the old
# list-buffer design (io.snapline.bench.baseline). One CSV and one PNG per run in docs/img/; the
# summaries go to stdout. Runs that do not drain (an OutOfMemoryError) exit 1 and are let through
# (the "-"). Backlogs are written once into MEMORY_WORK and removed at the end. About 3 minutes;
# see docs/benchmarks.md.
MEMORY_WORK ?= /tmp/snapline-memory-run
MEMORY_RUN = java -Xmx128m $(CHRONICLE_ARGS) -cp bench/target/benchmarks.jar io.snapline.bench.memory.MemoryRun \
	--backlog-gb 5 --work-dir $(MEMORY_WORK)

.PHONY: memory-run
memory-run:
	$(MVN) -q -DskipTests package -pl bench -am
	-$(MEMORY_RUN) --design snapline --layout streaming --out docs/img/memory-snapline-streaming
	-$(MEMORY_RUN) --design snapline --layout by-block --out docs/img/memory-snapline-by-block
	-$(MEMORY_RUN) --design snapline --layout streaming --max-line-mib 1 --out docs/img/memory-snapline-streaming-1-mib-lines
	-$(MEMORY_RUN) --design snapline --layout streaming --ring-slots 16 --slab-kib 2048 --out docs/img/memory-snapline-streaming-16x2mib
	-$(MEMORY_RUN) --design snapline --layout by-block --ring-slots 16 --slab-kib 2048 --out docs/img/memory-snapline-by-block-16x2mib
	-$(MEMORY_RUN) --design baseline --layout streaming --interval-ms 100 --out docs/img/memory-baseline-streaming
	-$(MEMORY_RUN) --design baseline --layout by-block --interval-ms 100 --out docs/img/memory-baseline-by-block
	rm -rf $(MEMORY_WORK)

# What a user sees (docs/benchmarks.md): the Snapline JAR (run --drain) against a naive Java reader,
# a Commons IO Tailer, a Python json.loads loop and the old list-buffer design in Python, each a whole
# process, interleaved, RUNS times (default 3) on SIZE (default 1g) of real-shaped streaming order
# statuses, written once into PEERS_WORK and used again. Needs GNU time (/usr/bin/time) and python3
# (standard library only). Prints the table; writes docs/img/peers.svg and docs/img/peers.csv.
SIZE ?= 1g
RUNS ?= 3
PYTHON ?= python3
PEERS_WORK ?= /tmp/snapline-peers

.PHONY: bench-peers
bench-peers:
	$(MVN) -q -DskipTests package -pl sidecar,bench -am
	java -cp bench/target/benchmarks.jar io.snapline.bench.peers.PeersRun --size $(SIZE) --runs $(RUNS) \
		--work-dir $(PEERS_WORK) --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"

# Append-to-visible latency of the JAR (io.snapline.bench.latency): lines written at 1K, 20K and 200K
# lines/s, in 8 KiB chunks and line by line, tailed by the JAR as a child process into a queue that a
# reader follows; then its idle CPU. LATENCY='--jar main=/path/a.jar --jar branch=sidecar/target/snapline.jar'
# runs JARs side by side, interleaved. About 7 minutes for one JAR; see docs/benchmarks.md, "Latency".
LATENCY ?=
.PHONY: bench-latency
bench-latency:
	$(MVN) -q -DskipTests package -pl bench -am
	java $(CHRONICLE_ARGS) -cp bench/target/benchmarks.jar io.snapline.bench.latency.LatencyBench $(LATENCY)

# Snapline: build, run, test, bench. Maven downloads everything it needs.
MVN ?= mvn -B -ntp
DURATION ?= 30
# JMH options; e.g. `make bench JMH='-f 1 -wi 3 -i 5 LineFramerBenchmark'`
JMH ?= -prof gc
# The JVM flags Chronicle Queue needs, kept in the parent pom; read here for JMH forks.
CHRONICLE_FLAGS = $(shell sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)

.PHONY: build test test-soak test-memory run bench clean

build:
	$(MVN) -DskipTests package

test:
	$(MVN) verify

# Long soak runs, kept out of `make test`.
test-soak:
	$(MVN) verify -Dsurefire.excludedGroups= -Dgroups=soak

# Every memory and leak test, the long ones (tagged memory-long) included; `make test` runs only
# the quick ones (tagged memory).
test-memory:
	$(MVN) verify -Dsurefire.excludedGroups=soak -Dgroups='memory | memory-long'

JAR = engine/target/snapline.jar
SOURCES = $(shell find tailer/src/main engine/src/main -type f) pom.xml tailer/pom.xml engine/pom.xml

# The standalone sidecar; rebuilt only when a source changed.
$(JAR): $(SOURCES)
	$(MVN) -q -DskipTests -pl engine -am package

# The demo: generated node files in ./demo tailed into ./data for DURATION seconds (default 30).
run: $(JAR)
	DURATION=$(DURATION) scripts/demo.sh

bench: build
	java -jar bench/target/benchmarks.jar $(JMH) -jvmArgsAppend "$(CHRONICLE_FLAGS)"

clean:
	$(MVN) clean

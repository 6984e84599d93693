# Snapline: build, run, test, bench. Maven downloads everything it needs.
MVN ?= mvn -B -ntp
# JMH options; e.g. `make bench JMH='-f 1 -wi 3 -i 5 LineFramerBenchmark'`
JMH ?= -prof gc
# The JVM flags Chronicle Queue needs, kept in the parent pom; read here for JMH forks.
CHRONICLE_FLAGS = $(shell sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml)

.PHONY: build test test-soak run bench clean

build:
	$(MVN) -DskipTests package

test:
	$(MVN) verify

# Long soak and memory runs, kept out of `make test`.
test-soak:
	$(MVN) verify -Dsurefire.excludedGroups= -Dgroups=soak

run:
	@echo "snapline run: not yet. The engine exists (docs/engine.md; Engine.start from Java), but its CLI,"
	@echo "YAML config and the demo come with issue #4. Meanwhile: 'make test', 'make bench'."

bench: build
	java -jar bench/target/benchmarks.jar $(JMH) -jvmArgsAppend "$(CHRONICLE_FLAGS)"

clean:
	$(MVN) clean

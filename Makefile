# outbox-cdc — the first five minutes: `make run`, then `make test`.
MVN ?= ./mvnw -B
.DEFAULT_GOAL := help

.PHONY: help build infras infras-down run dev test loadtest bench bench-variants chaos clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## Compile and package the services (no tests)
	$(MVN) -q package -DskipTests

infras: ## Start MariaDB/MySQL with a binlog on 3307 and RabbitMQ on 5672 (Docker if present), wait until ready
	scripts/infras.sh up

infras-down: ## Stop only what `make infras` started (data is kept)
	scripts/infras.sh down

run: infras build ## Infra + build + api, relay and worker in the foreground (Ctrl-C stops them)
	scripts/run-services.sh

dev: build ## Like run, without (re)starting the infrastructure
	scripts/run-services.sh

test: infras ## Unit tests and integration tests against the real database and broker
	$(MVN) verify

loadtest: build ## Load test against `make run`'s stack; options: make loadtest ARGS="--rate 500 --duration 60s" (ARGS="--help" lists them)
	java -Xmx512m -cp "loadtest/target/classes:loadtest/target/lib/*" dev.outboxcdc.loadtest.Main $(ARGS)

bench: infras build ## The published figures, 3 runs in one invocation (own services; ~20 min; BENCH_REPEAT=1 for one); target/bench/results.md
	java -Xmx512m -cp "loadtest/target/classes:loadtest/target/lib/*" dev.outboxcdc.loadtest.bench.Benchmark

bench-variants: infras build ## The CDC sustained stage under several settings, alternating; make bench-variants ARGS="c1= c2=_JAVA_OPTIONS:-XX:TieredStopAtLevel=4"
	java -Xmx512m -cp "loadtest/target/classes:loadtest/target/lib/*" dev.outboxcdc.loadtest.bench.VariantComparison $(ARGS)

chaos: infras build ## Fault injection under load (kills, restarts, purged binlogs); make chaos ARGS="1 2" runs some; ~5 min
	java -Xmx512m -cp "loadtest/target/classes:loadtest/target/lib/*" dev.outboxcdc.loadtest.chaos.ChaosSuite $(ARGS)

clean: infras-down ## Stop the infrastructure, delete its data and the build outputs
	$(MVN) -q clean
	rm -rf .infra

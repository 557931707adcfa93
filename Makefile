# outbox-cdc — the first five minutes: `make run`, then `make test`.
MVN ?= ./mvnw -B
.DEFAULT_GOAL := help
# make test, bench and chaos run against a database instance of their own (own datadir or
# container, port TEST_DB_PORT), so that their rows, binlog purges and kills never reach `make run`'s.
TEST_DB_PORT ?= 3308
TEST_INFRA := OUTBOX_INFRA_STATE=.infra/test OUTBOX_INFRA_DB_PORT=$(TEST_DB_PORT) \
  OUTBOX_INFRA_DB_PORT_SETTING=TEST_DB_PORT OUTBOX_INFRA_PROJECT=outbox-cdc-test OUTBOX_INFRA_TLS_BROKER=1
TEST_ENV := $(TEST_INFRA) DB_PORT=$(TEST_DB_PORT)
# BROKER_NODES=3: every target runs against a local three-node RabbitMQ cluster (quorum queues
# replicated to a majority; scripts/broker-cluster.sh, or the compose profile `cluster` with Docker)
# instead of the single broker on 5672; the services find its nodes in AMQP_ADDRESSES.
BROKER_NODES ?= 1
export BROKER_NODES
# TLS=1: the database accepts TLS connections only, a RabbitMQ node of the project's own speaks TLS
# only (amqps://localhost:5671), and the services connect with DB_TLS=verify_full and amqps://,
# trusting the project's CA (.infra/tls, made by scripts/tls-certs.sh). docs/OPERATIONS.md, "TLS".
TLS ?= 0
export TLS
# outboxctl as its own broker user (rabbitmq-config/users.tsv), unless AMQP_URI is set.
ifeq ($(TLS),1)
CTL_BROKER_USER := AMQP_URI="$${AMQP_URI:-amqps://outbox_ctl:ctl-secret@localhost:5671/%2F}" DB_HOST=localhost DB_TLS=verify_full \
  DB_TLS_CA_FILE=.infra/tls/ca.pem AMQP_TLS_CA_FILE=.infra/tls/ca.pem
else
CTL_BROKER_USER := AMQP_URI="$${AMQP_URI:-amqp://outbox_ctl:ctl-secret@127.0.0.1:5672/%2F}"
endif
ifneq ($(BROKER_NODES),1)
export AMQP_ADDRESSES ?= $(shell scripts/broker-cluster.sh addresses)
endif
# Everything make starts is local development: the services may use the development secrets
# (without OUTBOX_ENV=dev a service refuses to start with a password left unset).
export OUTBOX_ENV ?= dev

.PHONY: help build infras infras-down run dev test-infras test loadtest bench bench-variants chaos console ctl clean format

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## Compile and package the services (no tests, no format check: `make test` checks it)
	$(MVN) -q package -DskipTests -Dspotless.check.skip=true

format: ## Format every Java file (palantir-java-format, as `make test` and `mvn verify` check)
	$(MVN) -q spotless:apply

infras: ## Start MariaDB/MySQL with a binlog on 3307 and RabbitMQ on 5672 (Docker if present), wait until ready; REPLICA=1 adds a GTID replica on 3317
	scripts/infras.sh up

infras-down: ## Stop only what `make infras` (and make test's own database) started (data is kept)
	scripts/infras.sh down
	$(TEST_INFRA) scripts/infras.sh down

run: infras build ## Infra + build + api, relay and worker in the foreground (Ctrl-C stops them); TLS=1: every link with TLS; WITH=loyalty: the second subscriber too
	scripts/run-services.sh

dev: build ## Like run, without (re)starting the infrastructure
	scripts/run-services.sh

test-infras:
	$(TEST_INFRA) scripts/infras.sh up

test: test-infras ## Unit tests and integration tests against the real database (an instance of their own) and broker
	$(TEST_ENV) $(MVN) verify -Dconfiguration.page=check

loadtest: build ## Load test against `make run`'s stack; options: make loadtest ARGS="--rate 500 --duration 60s" (ARGS="--help" lists them)
	java -Xmx512m -cp "tools/target/classes:tools/target/lib/*" dev.outboxcdc.tools.LoadTestCommand $(ARGS)

bench: test-infras build ## The published figures, 3 runs in one invocation (own services; ~40 min; BENCH_REPEAT=1 for one); target/bench/results.md and report.html
	$(TEST_ENV) java -Xmx512m -cp "tools/target/classes:tools/target/lib/*" dev.outboxcdc.tools.bench.Benchmark

bench-variants: test-infras build ## The CDC sustained stage under several settings, alternating; make bench-variants ARGS="c1= c2=_JAVA_OPTIONS:-XX:TieredStopAtLevel=4"
	$(TEST_ENV) java -Xmx512m -cp "tools/target/classes:tools/target/lib/*" dev.outboxcdc.tools.bench.VariantComparison $(ARGS)

chaos: test-infras build ## Fault injection under load (kills, restarts, failover, broker alarms, slow and half-open links, a full disk, skewed clocks, a second subscriber down); make chaos ARGS="1 2" runs some; ~16 min; target/chaos/report.html
	$(TEST_ENV) java -Xmx512m -cp "tools/target/classes:tools/target/lib/*" dev.outboxcdc.tools.chaos.ChaosSuite $(ARGS)

console: build ## The operator's console (bin/outboxctl serve) against `make run`'s stack, on http://127.0.0.1:8090/
	$(CTL_BROKER_USER) bin/outboxctl serve

ctl: build ## The operator's CLI (also bin/outboxctl) against `make run`'s stack: make ctl ARGS="status" (ARGS="--help" lists the commands)
	$(CTL_BROKER_USER) bin/outboxctl $(ARGS)

clean: ## Stop the infrastructure, delete its data (local datadirs or the compose volumes) and the build outputs
	scripts/infras.sh clean
	$(TEST_INFRA) scripts/infras.sh clean
	$(MVN) -q clean
	rm -rf .infra

#!/usr/bin/env bash
# A RabbitMQ node of the project's own that speaks TLS only: amqps://localhost:5671
# (OUTBOX_INFRA_TLS_BROKER_PORT), plaintext off, the certificates of scripts/tls-certs.sh
# (.infra/tls), node outbox-broker-tls-1@localhost, data under .infra/broker-tls. Beside the
# machine's broker on 5672 and the cluster's nodes, which it never touches. `make infras TLS=1` and
# `make test` start it; the commands are broker-cluster.sh's (up, down, clean, ctl 1 ...).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/tls-certs.sh" "$ROOT/.infra/tls"
BROKER_NODES=1 OUTBOX_BROKER_NAME=outbox-broker-tls OUTBOX_BROKER_DIR="$ROOT/.infra/broker-tls" \
  OUTBOX_BROKER_TLS_DIR="$ROOT/.infra/tls" OUTBOX_INFRA_BROKER_PORT="${OUTBOX_INFRA_TLS_BROKER_PORT:-5671}" \
  OUTBOX_BROKER_PORT_SETTING=OUTBOX_INFRA_TLS_BROKER_PORT \
  exec "$ROOT/scripts/broker-cluster.sh" "$@"

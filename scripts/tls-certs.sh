#!/usr/bin/env bash
# The certificates of the project's TLS set-up (`make infras TLS=1`, and make test's TLS tests), made
# once with openssl under DIR (default .infra/tls) and kept there; local development only.
#   ca.pem, ca.key              the project's own CA, "outbox-cdc development CA", 10 years: what the
#                               services trust (DB_TLS_CA_FILE, AMQP_TLS_CA_FILE)
#   server.pem, server.key      the database's and the broker's certificate, signed by it, 2 years;
#                               it names the host `localhost` only, so that 127.0.0.1 is a host name
#                               the certificate does not name (the tests' host name mismatch)
#   refused/other-ca.pem        a CA that signed nothing here: who trusts only it refuses the servers
#   refused/expired-ca.pem      the project's CA (same name and key) with a validity that has ended
#   refused/expired-server.pem, .key   a certificate for localhost signed by the CA, expired
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$ROOT/.infra/tls}

log() { echo "tls | $*"; }
die() { echo "tls | ERROR: $*" >&2; exit 1; }

[ -f "$DIR/server.pem" ] && [ -f "$DIR/refused/expired-server.pem" ] && exit 0
command -v openssl >/dev/null 2>&1 || die "openssl is not installed (apt-get install openssl)"
mkdir -p "$DIR/refused"
umask 077
quiet() { "$@" >/dev/null 2>&1 || die "openssl failed: $*"; }
serial() { echo "0x$(openssl rand -hex 8)"; }

ca() { # key pem days (openssl x509 -req takes -days -1, req -x509 does not)
  quiet openssl req -new -key "$1" -subj "/CN=outbox-cdc development CA" -out "$DIR/ca.csr"
  quiet openssl x509 -req -in "$DIR/ca.csr" -key "$1" -set_serial "$(serial)" -days "$3" -out "$2" \
    -extfile <(printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n')
  rm -f "$DIR/ca.csr"
}
server() { # key pem days
  quiet openssl req -new -key "$1" -subj "/CN=localhost" -out "$DIR/server.csr"
  quiet openssl x509 -req -in "$DIR/server.csr" -CA "$DIR/ca.pem" -CAkey "$DIR/ca.key" -set_serial "$(serial)" \
    -days "$3" -out "$2" -extfile <(printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n')
  rm -f "$DIR/server.csr"
}

log "making a CA and the servers' certificates in $DIR"
quiet openssl genrsa -out "$DIR/ca.key" 2048
ca "$DIR/ca.key" "$DIR/ca.pem" 3650
quiet openssl genrsa -out "$DIR/server.key" 2048
server "$DIR/server.key" "$DIR/server.pem" 730

quiet openssl genrsa -out "$DIR/refused/other-ca.key" 2048
ca "$DIR/refused/other-ca.key" "$DIR/refused/other-ca.pem" 3650
# -days -1: valid until the day before it was made
ca "$DIR/ca.key" "$DIR/refused/expired-ca.pem" -1
quiet openssl genrsa -out "$DIR/refused/expired-server.key" 2048
server "$DIR/refused/expired-server.key" "$DIR/refused/expired-server.pem" -1
# Readable by the servers, which may run as another user (a Docker container's).
chmod 644 "$DIR"/*.pem "$DIR"/refused/*.pem "$DIR/server.key"
chmod 755 "$DIR" "$DIR/refused"

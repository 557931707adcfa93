#!/usr/bin/env bash
# Creates the broker's users of rabbitmq-config/users.tsv (one per service) with their permissions
# in a virtual host (default /, created if missing), or brings existing ones back to the file: the
# password and the permissions are set again each time. Idempotent; make infras runs it.
#   scripts/broker-users.sh [vhost]
# RABBITMQCTL: how to run rabbitmqctl (default: rabbitmqctl, the machine's broker), e.g.
# "scripts/broker-tls.sh ctl 1" for the project's TLS node, or "docker compose exec -T rabbitmq rabbitmqctl".
#   scripts/broker-users.sh --definitions
# prints the same users as RabbitMQ definitions (JSON), which docker-compose.yml's brokers load at
# boot (docker/rabbitmq/definitions.json: regenerate it with this when users.tsv changes; a test
# compares the two), with guest as the administrator, as the compose file's broker had.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
USERS="$ROOT/rabbitmq-config/users.tsv"

# RabbitMQ's rabbit_password_hashing_sha256: base64(salt . sha256(salt . password)), a 4-byte salt
# (derived from the user's name here, so that the file is the same at each run).
password_hash() { # user password
  local salt; salt=$(printf '%s' "outbox-cdc:$1" | openssl dgst -sha256 -binary | head -c 4 | od -An -tx1 | tr -d ' \n')
  { printf '%s' "$salt" | xxd -r -p; { printf '%s' "$salt" | xxd -r -p; printf '%s' "$2"; } | openssl dgst -sha256 -binary; } | base64 -w0
}
json() { sed 's/\\/\\\\/g'; } # a regular expression as a JSON string's content

definitions() {
  local users="" permissions="" user password configure write read
  users="    {\"name\": \"guest\", \"password_hash\": \"$(password_hash guest guest)\", \"hashing_algorithm\": \"rabbit_password_hashing_sha256\", \"tags\": [\"administrator\"]}"
  permissions="    {\"user\": \"guest\", \"vhost\": \"/\", \"configure\": \".*\", \"write\": \".*\", \"read\": \".*\"}"
  while IFS=$'\t' read -r user password configure write read; do
    [[ -z "$user" || "$user" == \#* ]] && continue
    users+=$',\n'"    {\"name\": \"$user\", \"password_hash\": \"$(password_hash "$user" "$password")\", \"hashing_algorithm\": \"rabbit_password_hashing_sha256\", \"tags\": []}"
    permissions+=$',\n'"    {\"user\": \"$user\", \"vhost\": \"/\", \"configure\": \"$(json <<<"$configure")\", \"write\": \"$(json <<<"$write")\", \"read\": \"$(json <<<"$read")\"}"
  done <"$USERS"
  printf '{\n  "users": [\n%s\n  ],\n  "vhosts": [{"name": "/"}],\n  "permissions": [\n%s\n  ]\n}\n' "$users" "$permissions"
}
if [ "${1:-}" = --definitions ]; then definitions; exit 0; fi

VHOST=${1:-/}
read -r -a CTL <<<"${RABBITMQCTL:-rabbitmqctl}"

die() { echo "broker-users | ERROR: $*" >&2; exit 1; }
ctl() { "${CTL[@]}" -q "$@" </dev/null >/dev/null 2>&1; }

ctl await_startup --timeout 60 || die "${CTL[*]} cannot reach the broker"
"${CTL[@]}" -q list_vhosts name 2>/dev/null | grep -qxF "$VHOST" || ctl add_vhost "$VHOST" || die "cannot create the virtual host $VHOST"
users=$("${CTL[@]}" -q list_users </dev/null 2>/dev/null | cut -f1)
count=0
while IFS=$'\t' read -r user password configure write read; do
  [[ -z "$user" || "$user" == \#* ]] && continue
  if grep -qxF "$user" <<<"$users"; then
    ctl change_password "$user" "$password" || die "cannot set the password of $user"
  else
    ctl add_user "$user" "$password" || die "cannot create the user $user"
  fi
  ctl set_permissions -p "$VHOST" "$user" "$configure" "$write" "$read" || die "cannot set the permissions of $user"
  count=$((count + 1))
done <"$USERS"
echo "broker-users | $count users of rabbitmq-config/users.tsv in virtual host $VHOST"

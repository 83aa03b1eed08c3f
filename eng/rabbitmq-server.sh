#!/bin/sh
# Runs a private RabbitMQ node in the foreground (the Erlang VM replaces this shell), for the
# AppHost's executables mode and the test fixtures alike. Its data survives a restart with the
# same DATA_DIR and RABBITMQ_NODENAME.
#   DATA_DIR             folder for the node's data, logs and config
#   RABBITMQ_NODE_PORT   AMQP port (127.0.0.1 only)
#   RABBITMQ_DIST_PORT   Erlang distribution port (the default, AMQP port + 20000, overflows for high ports)
#   RABBITMQ_NODENAME    node name, e.g. mhall-1234@localhost
#   RABBIT_USER, RABBIT_PASSWORD
set -eu
: "${DATA_DIR:?}" "${RABBITMQ_NODE_PORT:?}" "${RABBITMQ_DIST_PORT:?}" "${RABBITMQ_NODENAME:?}" "${RABBIT_PASSWORD:?}"
server=/usr/lib/rabbitmq/bin/rabbitmq-server   # the real script, not the su-wrapper in /usr/sbin
if [ ! -x "$server" ]; then
  echo "RabbitMQ not found: install it with 'apt-get install -y rabbitmq-server' (or run eng/setup.sh as root)" >&2
  exit 127
fi

mkdir -p "$DATA_DIR/mnesia" "$DATA_DIR/log"
cat > "$DATA_DIR/rabbitmq.conf" <<CONF
default_user = ${RABBIT_USER:-mhall}
default_pass = $RABBIT_PASSWORD
loopback_users = none
log.console = true
log.console.level = warning
log.file = false
CONF
echo "[]." > "$DATA_DIR/enabled_plugins"
: > "$DATA_DIR/rabbitmq-env.conf"

export HOME="$DATA_DIR"   # a private Erlang cookie
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_MNESIA_BASE="$DATA_DIR/mnesia" RABBITMQ_LOG_BASE="$DATA_DIR/log" RABBITMQ_LOGS=-
export RABBITMQ_CONFIG_FILE="$DATA_DIR/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DATA_DIR/enabled_plugins"
export RABBITMQ_CONF_ENV_FILE="$DATA_DIR/rabbitmq-env.conf"
# Makes the script exec the Erlang VM instead of forking it, so the caller's PID is the broker's.
export RUNNING_UNDER_SYSTEMD=true
exec "$server"

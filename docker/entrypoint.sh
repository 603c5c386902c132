#!/bin/sh
# The secrets written by docker/make-secrets.sh, when the compose file mounts them at /secrets;
# otherwise the plain environment (for example from an orchestrator's secret store).
set -e
if [ -f /secrets/app.env ]; then
  set -a
  . /secrets/app.env
  set +a
fi
exec "$@"
